using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Livepeer.Protocol;

/// <summary>
/// Web3 Secret Storage (V3 keystore) files, as geth and go-livepeer write them: scrypt or PBKDF2-HMAC-SHA256,
/// AES-128-CTR, and a keccak256 MAC over the second half of the derived key and the ciphertext.
/// </summary>
/// <remarks>Passwords and keys never appear in exception messages.</remarks>
public static class KeystoreV3
{
    /// <summary>The largest scrypt memory (128 · N · r bytes) a keystore may ask for: 1 GiB.</summary>
    public const long MaxScryptMemoryBytes = 1L << 30;

    /// <summary>The most scrypt work (N · r · p) a keystore may ask for: four times geth's standard parameters.</summary>
    public const long MaxScryptWork = 1L << 23;

    /// <summary>The most PBKDF2 iterations a keystore may ask for.</summary>
    public const int MaxPbkdf2Iterations = 10_000_000;

    private const int KeySize = 32;
    private const int MaxScryptBlockParameter = 64;
    private const int MaxSaltBytes = 1024;

    /// <summary>Decrypts a keystore and returns the 32-byte private key. Zero the array when done with it.</summary>
    /// <exception cref="EthereumFormatException">
    /// <see cref="ProtocolErrorCode.KeystoreWrongPassword"/> when the MAC does not match;
    /// <see cref="ProtocolErrorCode.InvalidKeystore"/> when the file is malformed, uses an unsupported cipher or KDF, or asks for KDF parameters beyond the limits.
    /// </exception>
    public static byte[] Decrypt(string json, string password)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(password);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Invalid($"The keystore is not valid JSON: {ex.Message}", ex);
        }
        using (document)
        {
            return Decrypt(document.RootElement, password);
        }
    }

    /// <summary>Decrypts a keystore into a signer.</summary>
    /// <exception cref="EthereumFormatException">As for <see cref="Decrypt(string, string)"/>.</exception>
    public static PrivateKeySigner DecryptSigner(string json, string password)
    {
        var key = Decrypt(json, password);
        try
        {
            return new PrivateKeySigner(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Encrypts a 32-byte private key into keystore JSON with a random salt, IV and UUID.</summary>
    /// <exception cref="EthereumFormatException">The key is not a valid secp256k1 private key (<see cref="ProtocolErrorCode.InvalidPrivateKey"/>).</exception>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static string Encrypt(ReadOnlySpan<byte> privateKey, string password, KeystoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(password);
        options ??= new KeystoreOptions();
        ValidateOptions(options);
        if (privateKey.Length != KeySize)
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidPrivateKey, $"A private key is {KeySize} bytes, not {privateKey.Length}.");
        }
        Span<byte> publicKey = stackalloc byte[64];
        if (!Secp256k1.Default.TryGetPublicKey(privateKey, publicKey))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidPrivateKey, "The private key is zero or not below the secp256k1 group order.");
        }
        var address = EthAddress.FromPublicKey(publicKey);

        var salt = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var kdf = options.Kdf == KeystoreKdf.Scrypt
            ? new KdfParameters("scrypt", salt, KeySize, options.ScryptN, options.ScryptR, options.ScryptP, 0)
            : new KdfParameters("pbkdf2", salt, KeySize, 0, 0, 0, options.Pbkdf2Iterations);
        var derivedKey = DeriveKey(password, kdf);
        var ciphertext = new byte[KeySize];
        try
        {
            AesCtr(derivedKey.AsSpan(0, 16), iv, privateKey, ciphertext);
            var mac = Mac(derivedKey, ciphertext);
            return Write(address, kdf, iv, ciphertext, mac);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
        }
    }

    /// <summary>Encrypts the key of <paramref name="signer"/> into keystore JSON.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static string Encrypt(PrivateKeySigner signer, string password, KeystoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(signer);
        Span<byte> key = stackalloc byte[KeySize];
        try
        {
            signer.CopyPrivateKeyTo(key);
            return Encrypt(key, password, options);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] Decrypt(JsonElement root, string password)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The keystore must be a JSON object.");
        }
        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number
            || !version.TryGetInt32(out var versionNumber) || versionNumber != 3)
        {
            throw Invalid("The keystore is not version 3 (its 'version' field must be the number 3).");
        }
        if (!root.TryGetProperty("crypto", out var crypto) && !root.TryGetProperty("Crypto", out crypto))
        {
            throw Invalid("The keystore has no 'crypto' object.");
        }
        if (crypto.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The keystore's 'crypto' is not an object.");
        }
        var cipher = GetString(crypto, "cipher", "crypto.cipher");
        if (cipher != "aes-128-ctr")
        {
            throw Invalid($"The keystore's cipher '{Truncate(cipher)}' is not supported; only aes-128-ctr is.");
        }
        var cipherParams = GetObject(crypto, "cipherparams", "crypto.cipherparams");
        var iv = GetHex(cipherParams, "iv", "crypto.cipherparams.iv");
        if (iv.Length != 16)
        {
            throw Invalid($"crypto.cipherparams.iv must be 16 bytes, not {iv.Length}.");
        }
        var ciphertext = GetHex(crypto, "ciphertext", "crypto.ciphertext");
        if (ciphertext.Length != KeySize)
        {
            throw Invalid($"crypto.ciphertext must be {KeySize} bytes (an encrypted private key), not {ciphertext.Length}.");
        }
        var mac = GetHex(crypto, "mac", "crypto.mac");
        if (mac.Length != 32)
        {
            throw Invalid($"crypto.mac must be 32 bytes, not {mac.Length}.");
        }
        var kdf = ReadKdf(crypto);

        var derivedKey = DeriveKey(password, kdf);
        try
        {
            if (!CryptographicOperations.FixedTimeEquals(Mac(derivedKey, ciphertext), mac))
            {
                throw new EthereumFormatException(ProtocolErrorCode.KeystoreWrongPassword, "The password does not decrypt this keystore: the MAC does not match.");
            }
            var privateKey = new byte[KeySize];
            AesCtr(derivedKey.AsSpan(0, 16), iv, ciphertext, privateKey);
            CheckAddress(root, privateKey);
            return privateKey;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(derivedKey);
        }
    }

    private static void CheckAddress(JsonElement root, byte[] privateKey)
    {
        Span<byte> publicKey = stackalloc byte[64];
        if (!Secp256k1.Default.TryGetPublicKey(privateKey, publicKey))
        {
            CryptographicOperations.ZeroMemory(privateKey);
            throw Invalid("The keystore decrypts to a value that is not a valid secp256k1 private key.");
        }
        if (root.TryGetProperty("address", out var addressElement) && addressElement.ValueKind == JsonValueKind.String)
        {
            var actual = EthAddress.FromPublicKey(publicKey);
            if (!EthAddress.TryParse(addressElement.GetString(), out var listed) || listed != actual)
            {
                CryptographicOperations.ZeroMemory(privateKey);
                throw Invalid($"The keystore's 'address' field does not match the key it holds ({actual}).");
            }
        }
    }

    private readonly record struct KdfParameters(string Name, byte[] Salt, int DkLen, int N, int R, int P, int Iterations);

    private static KdfParameters ReadKdf(JsonElement crypto)
    {
        var name = GetString(crypto, "kdf", "crypto.kdf");
        var parameters = GetObject(crypto, "kdfparams", "crypto.kdfparams");
        var salt = GetHex(parameters, "salt", "crypto.kdfparams.salt");
        if (salt.Length > MaxSaltBytes)
        {
            throw Invalid($"crypto.kdfparams.salt is {salt.Length} bytes; at most {MaxSaltBytes} are accepted.");
        }
        var dkLen = GetInt(parameters, "dklen", "crypto.kdfparams.dklen");
        if (dkLen is < 32 or > 64)
        {
            throw Invalid($"crypto.kdfparams.dklen is {dkLen}; it must be between 32 and 64.");
        }
        switch (name)
        {
            case "scrypt":
                var n = GetInt(parameters, "n", "crypto.kdfparams.n");
                var r = GetInt(parameters, "r", "crypto.kdfparams.r");
                var p = GetInt(parameters, "p", "crypto.kdfparams.p");
                var scryptError = CheckScrypt(n, r, p);
                if (scryptError is not null)
                {
                    throw Invalid($"The keystore's scrypt parameters are refused: {scryptError}");
                }
                return new KdfParameters(name, salt, dkLen, n, r, p, 0);
            case "pbkdf2":
                var prf = GetString(parameters, "prf", "crypto.kdfparams.prf");
                if (prf != "hmac-sha256")
                {
                    throw Invalid($"The keystore's PBKDF2 prf '{Truncate(prf)}' is not supported; only hmac-sha256 is.");
                }
                var c = GetInt(parameters, "c", "crypto.kdfparams.c");
                if (c is < 1 or > MaxPbkdf2Iterations)
                {
                    throw Invalid($"The keystore's PBKDF2 iteration count {c} is refused: it must be between 1 and {MaxPbkdf2Iterations}.");
                }
                return new KdfParameters(name, salt, dkLen, 0, 0, 0, c);
            default:
                throw Invalid($"The keystore's kdf '{Truncate(name)}' is not supported; use scrypt or pbkdf2.");
        }
    }

    private static string? CheckScrypt(long n, long r, long p)
    {
        if (n < 2 || (n & (n - 1)) != 0)
        {
            return $"n = {n} must be a power of two of at least 2.";
        }
        if (r is < 1 or > MaxScryptBlockParameter || p is < 1 or > MaxScryptBlockParameter)
        {
            return $"r = {r} and p = {p} must each be between 1 and {MaxScryptBlockParameter}.";
        }
        if (128 * n * r > MaxScryptMemoryBytes)
        {
            return $"n = {n} and r = {r} need {128 * n * r / (1024 * 1024)} MiB; at most {MaxScryptMemoryBytes / (1024 * 1024)} MiB is allowed.";
        }
        if (n * r * p > MaxScryptWork)
        {
            return $"n · r · p = {n * r * p} exceeds the limit of {MaxScryptWork}.";
        }
        return null;
    }

    private static void ValidateOptions(KeystoreOptions options)
    {
        if (options.Kdf == KeystoreKdf.Scrypt)
        {
            var error = CheckScrypt(options.ScryptN, options.ScryptR, options.ScryptP);
            if (error is not null)
            {
                throw new ArgumentException($"KeystoreOptions.ScryptN/ScryptR/ScryptP: {error}", nameof(options));
            }
        }
        else if (options.Kdf == KeystoreKdf.Pbkdf2)
        {
            if (options.Pbkdf2Iterations is < 1 or > MaxPbkdf2Iterations)
            {
                throw new ArgumentException($"KeystoreOptions.Pbkdf2Iterations must be between 1 and {MaxPbkdf2Iterations}, not {options.Pbkdf2Iterations}.", nameof(options));
            }
        }
        else
        {
            throw new ArgumentException($"KeystoreOptions.Kdf {options.Kdf} is not a known KDF.", nameof(options));
        }
    }

    private static byte[] DeriveKey(string password, KdfParameters kdf)
    {
        var passwordBytes = Encoding.UTF8.GetBytes(password);
        try
        {
            return kdf.Name == "scrypt"
                ? Scrypt.DeriveKey(passwordBytes, kdf.Salt, kdf.N, kdf.R, kdf.P, kdf.DkLen)
                : Rfc2898DeriveBytes.Pbkdf2(passwordBytes, kdf.Salt, kdf.Iterations, HashAlgorithmName.SHA256, kdf.DkLen);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(passwordBytes);
        }
    }

    private static byte[] Mac(byte[] derivedKey, ReadOnlySpan<byte> ciphertext)
    {
        var hasher = default(Keccak256);
        hasher.Append(derivedKey.AsSpan(16, 16));
        hasher.Append(ciphertext);
        var mac = new byte[32];
        hasher.Finish(mac);
        return mac;
    }

    // CTR mode: the keystream is AES-ECB over the IV taken as a 128-bit big-endian counter.
    private static void AesCtr(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        var blocks = (input.Length + 15) / 16;
        var counters = new byte[blocks * 16];
        var keystream = new byte[blocks * 16];
        try
        {
            Span<byte> counter = stackalloc byte[16];
            iv.CopyTo(counter);
            for (var block = 0; block < blocks; block++)
            {
                counter.CopyTo(counters.AsSpan(block * 16));
                for (var i = 15; i >= 0; i--)
                {
                    if (++counter[i] != 0)
                    {
                        break;
                    }
                }
            }
            using var aes = Aes.Create();
            var keyCopy = key.ToArray();
            try
            {
                aes.Key = keyCopy;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(keyCopy);
            }
            aes.EncryptEcb(counters, keystream, PaddingMode.None);
            for (var i = 0; i < input.Length; i++)
            {
                output[i] = (byte)(input[i] ^ keystream[i]);
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(keystream);
        }
    }

    private static string Write(EthAddress address, KdfParameters kdf, byte[] iv, byte[] ciphertext, byte[] mac)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("address", address.ToLowerHex()[2..]);
            json.WriteStartObject("crypto");
            json.WriteString("cipher", "aes-128-ctr");
            json.WriteString("ciphertext", Hex.Encode(ciphertext, prefix: false));
            json.WriteStartObject("cipherparams");
            json.WriteString("iv", Hex.Encode(iv, prefix: false));
            json.WriteEndObject();
            json.WriteString("kdf", kdf.Name);
            json.WriteStartObject("kdfparams");
            json.WriteNumber("dklen", kdf.DkLen);
            if (kdf.Name == "scrypt")
            {
                json.WriteNumber("n", kdf.N);
                json.WriteNumber("p", kdf.P);
                json.WriteNumber("r", kdf.R);
            }
            else
            {
                json.WriteNumber("c", kdf.Iterations);
                json.WriteString("prf", "hmac-sha256");
            }
            json.WriteString("salt", Hex.Encode(kdf.Salt, prefix: false));
            json.WriteEndObject();
            json.WriteString("mac", Hex.Encode(mac, prefix: false));
            json.WriteEndObject();
            json.WriteString("id", Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture));
            json.WriteNumber("version", 3);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static JsonElement GetObject(JsonElement parent, string name, string path)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw Invalid($"The keystore has no '{path}' object.");

    private static string GetString(JsonElement parent, string name, string path)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Invalid($"The keystore has no '{path}' string.");

    private static int GetInt(JsonElement parent, string name, string path)
        => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Invalid($"The keystore's '{path}' is missing or not a 32-bit integer.");

    private static byte[] GetHex(JsonElement parent, string name, string path)
        => Hex.TryDecode(GetString(parent, name, path), out var bytes)
            ? bytes
            : throw Invalid($"The keystore's '{path}' is not hex.");

    private static string Truncate(string text) => text.Length <= 32 ? text : string.Concat(text.AsSpan(0, 32), "…");

    private static EthereumFormatException Invalid(string message, Exception? inner = null)
        => new(ProtocolErrorCode.InvalidKeystore, message, inner);
}

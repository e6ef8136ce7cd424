namespace Livepeer.Protocol;

/// <summary>The key derivation function a keystore is written with.</summary>
public enum KeystoreKdf
{
    /// <summary>scrypt, the default of geth and go-livepeer.</summary>
    Scrypt = 0,
    /// <summary>PBKDF2 with HMAC-SHA256.</summary>
    Pbkdf2 = 1,
}

/// <summary>How <see cref="KeystoreV3.Encrypt(ReadOnlySpan{byte}, string, KeystoreOptions?)"/> derives the key. The defaults are geth's "standard" scrypt parameters.</summary>
public sealed class KeystoreOptions
{
    /// <summary>The key derivation function; scrypt by default.</summary>
    public KeystoreKdf Kdf { get; set; } = KeystoreKdf.Scrypt;

    /// <summary>scrypt's CPU/memory cost N, a power of two; 262144 by default.</summary>
    public int ScryptN { get; set; } = 262144;

    /// <summary>scrypt's block size r; 8 by default.</summary>
    public int ScryptR { get; set; } = 8;

    /// <summary>scrypt's parallelisation p; 1 by default.</summary>
    public int ScryptP { get; set; } = 1;

    /// <summary>PBKDF2's iteration count c; 262144 by default.</summary>
    public int Pbkdf2Iterations { get; set; } = 262144;
}

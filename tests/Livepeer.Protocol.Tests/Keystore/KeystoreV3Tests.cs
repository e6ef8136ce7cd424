using System.Text.Json;
using System.Text.Json.Nodes;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Keystore;

public sealed class KeystoreV3Tests
{
    private const string Password = "testpassword";
    private const string VectorKey = "7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d";

    // The two test vectors of the Web3 Secret Storage Definition.
    private const string Pbkdf2Vector = """
        {
          "crypto": {
            "cipher": "aes-128-ctr",
            "cipherparams": { "iv": "6087dab2f9fdbbfaddc31a909735c1e6" },
            "ciphertext": "5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46",
            "kdf": "pbkdf2",
            "kdfparams": {
              "c": 262144,
              "dklen": 32,
              "prf": "hmac-sha256",
              "salt": "ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd"
            },
            "mac": "517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2"
          },
          "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
          "version": 3
        }
        """;

    private const string ScryptVector = """
        {
          "crypto": {
            "cipher": "aes-128-ctr",
            "cipherparams": { "iv": "83dbcc02d8ccb40e466191a123791e0e" },
            "ciphertext": "d172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c",
            "kdf": "scrypt",
            "kdfparams": {
              "dklen": 32,
              "n": 262144,
              "p": 8,
              "r": 1,
              "salt": "ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"
            },
            "mac": "2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097"
          },
          "id": "3198bc9c-6672-5ab3-d995-4942343ae5b6",
          "version": 3
        }
        """;

    private static readonly KeystoreOptions LightScrypt = new() { Kdf = KeystoreKdf.Scrypt, ScryptN = 1024, ScryptR = 8, ScryptP = 1 };
    private static readonly KeystoreOptions LightPbkdf2 = new() { Kdf = KeystoreKdf.Pbkdf2, Pbkdf2Iterations = 1000 };

    [Category("Vectors")]
    [Test]
    public void Decrypt_Pbkdf2Vector_ReturnsKey()
    {
        Assert.That(Hex.Encode(KeystoreV3.Decrypt(Pbkdf2Vector, Password), prefix: false), Is.EqualTo(VectorKey));
    }

    [Category("Vectors")]
    [Test]
    public void Decrypt_ScryptVector_ReturnsKey()
    {
        using var signer = KeystoreV3.DecryptSigner(ScryptVector, Password);
        using var expected = PrivateKeySigner.FromHex(VectorKey);
        Assert.That(signer.Address, Is.EqualTo(expected.Address));
        Assert.That(signer.Address.ToLowerHex(), Is.EqualTo("0x008aeeda4d805471df9b2a5b0f38a0c3bcba786b"));
    }

    [Category("Vectors")]
    [Test]
    public void Decrypt_WrongPassword_ThrowsKeystoreWrongPassword()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(Pbkdf2Vector, "testpasswore"));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.KeystoreWrongPassword));
        Assert.That(ex.Message, Does.Contain("password"));
        Assert.That(ex.Message, Does.Not.Contain("testpasswore"));
    }

    [Test]
    public void EncryptDecrypt_LightScrypt_RoundTrips()
    {
        using var signer = PrivateKeySigner.Generate();
        var json = KeystoreV3.Encrypt(signer, "correct horse", LightScrypt);
        using var reopened = KeystoreV3.DecryptSigner(json, "correct horse");
        Assert.That(reopened.Address, Is.EqualTo(signer.Address));

        var root = JsonNode.Parse(json)!;
        Assert.That(root["version"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(root["address"]!.GetValue<string>(), Is.EqualTo(signer.Address.ToLowerHex()[2..]));
        Assert.That(Guid.TryParse(root["id"]!.GetValue<string>(), out _), Is.True);
        Assert.That(root["crypto"]!["kdf"]!.GetValue<string>(), Is.EqualTo("scrypt"));
        Assert.That(root["crypto"]!["kdfparams"]!["n"]!.GetValue<int>(), Is.EqualTo(1024));
        Assert.That(json, Does.Not.Contain("correct horse"));

        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(json, "wrong horse"));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.KeystoreWrongPassword));
    }

    [Test]
    public void EncryptDecrypt_LightPbkdf2_RoundTripsWithFreshSaltAndId()
    {
        var key = Hex.Decode(VectorKey);
        var first = KeystoreV3.Encrypt(key, "pw", LightPbkdf2);
        var second = KeystoreV3.Encrypt(key, "pw", LightPbkdf2);
        Assert.That(KeystoreV3.Decrypt(first, "pw"), Is.EqualTo(key));
        Assert.That(KeystoreV3.Decrypt(second, "pw"), Is.EqualTo(key));

        var a = JsonNode.Parse(first)!;
        var b = JsonNode.Parse(second)!;
        Assert.That(a["crypto"]!["kdf"]!.GetValue<string>(), Is.EqualTo("pbkdf2"));
        Assert.That(a["crypto"]!["kdfparams"]!["prf"]!.GetValue<string>(), Is.EqualTo("hmac-sha256"));
        Assert.That(a["id"]!.GetValue<string>(), Is.Not.EqualTo(b["id"]!.GetValue<string>()));
        Assert.That(a["crypto"]!["ciphertext"]!.GetValue<string>(), Is.Not.EqualTo(b["crypto"]!["ciphertext"]!.GetValue<string>()));
    }

    [Test]
    public void Encrypt_UnicodePassword_RoundTrips()
    {
        var key = Hex.Decode(VectorKey);
        var json = KeystoreV3.Encrypt(key, "pässwörd ✓", LightPbkdf2);
        Assert.That(KeystoreV3.Decrypt(json, "pässwörd ✓"), Is.EqualTo(key));
        Assert.That(() => KeystoreV3.Decrypt(json, "passwort ✓"), Throws.TypeOf<EthereumFormatException>());
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("not json at all")]
    [TestCase("[]")]
    [TestCase("{}")]
    [TestCase("""{ "version": 3 }""")]
    [TestCase("""{ "version": 3, "crypto": "x" }""")]
    public void Decrypt_GarbageJson_ThrowsInvalidKeystore(string json)
    {
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(json, Password));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidKeystore));
    }

    [Test]
    public void Decrypt_TruncatedVector_ThrowsInvalidKeystore()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(Pbkdf2Vector[..(Pbkdf2Vector.Length / 2)], Password));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidKeystore));
    }

    [TestCase("version", "4", "version")]
    [TestCase("crypto.cipher", "\"aes-128-cbc\"", "aes-128-cbc")]
    [TestCase("crypto.kdf", "\"argon2\"", "argon2")]
    [TestCase("crypto.kdfparams.prf", "\"hmac-sha512\"", "hmac-sha512")]
    [TestCase("crypto.kdfparams.c", "2000000000", "iteration")]
    [TestCase("crypto.kdfparams.c", "0", "iteration")]
    [TestCase("crypto.kdfparams.dklen", "16", "dklen")]
    [TestCase("crypto.cipherparams.iv", "\"6087dab2\"", "iv")]
    [TestCase("crypto.ciphertext", "\"5318b4\"", "ciphertext")]
    [TestCase("crypto.mac", "\"zz\"", "mac")]
    [TestCase("crypto.mac", "\"517ead\"", "mac")]
    public void Decrypt_BadPbkdf2Field_ThrowsInvalidKeystoreNamingIt(string path, string value, string named)
    {
        var json = Replace(Pbkdf2Vector, path, value);
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(json, Password));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidKeystore));
        Assert.That(ex.Message, Does.Contain(named));
    }

    [TestCase("crypto.kdfparams.n", "1073741824")]
    [TestCase("crypto.kdfparams.n", "1000")]
    [TestCase("crypto.kdfparams.n", "0")]
    [TestCase("crypto.kdfparams.r", "0")]
    [TestCase("crypto.kdfparams.r", "100000")]
    [TestCase("crypto.kdfparams.p", "1000000")]
    [TestCase("crypto.kdfparams.n", "\"262144\"")]
    public void Decrypt_AbsurdScryptParameters_RefusedBeforeDeriving(string path, string value)
    {
        var json = Replace(ScryptVector, path, value);
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(json, Password));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidKeystore));
        Assert.That(ex.Message, Does.Contain("crypto.kdfparams").Or.Contain("scrypt"));
    }

    [Test]
    public void Decrypt_AddressFieldOfAnotherAccount_ThrowsInvalidKeystore()
    {
        var node = JsonNode.Parse(Pbkdf2Vector)!;
        node["address"] = "f39fd6e51aad88f6f4ce6ab8827279cfffb92266";
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Decrypt(node.ToJsonString(), Password));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidKeystore));
        node["address"] = "008aeeda4d805471df9b2a5b0f38a0c3bcba786b";
        Assert.That(Hex.Encode(KeystoreV3.Decrypt(node.ToJsonString(), Password), prefix: false), Is.EqualTo(VectorKey));
    }

    [Test]
    public void Encrypt_OptionsOutOfRange_ThrowArgumentNamingSetting()
    {
        var key = Hex.Decode(VectorKey);
        var badN = new KeystoreOptions { ScryptN = 1000 };
        Assert.That(() => KeystoreV3.Encrypt(key, "pw", badN), Throws.ArgumentException.With.Message.Contains("ScryptN"));
        var badC = new KeystoreOptions { Kdf = KeystoreKdf.Pbkdf2, Pbkdf2Iterations = 0 };
        Assert.That(() => KeystoreV3.Encrypt(key, "pw", badC), Throws.ArgumentException.With.Message.Contains("Pbkdf2Iterations"));
    }

    [Test]
    public void Encrypt_InvalidKey_ThrowsInvalidPrivateKey()
    {
        var ex = Assert.Throws<EthereumFormatException>(() => KeystoreV3.Encrypt(new byte[32], "pw", LightPbkdf2));
        Assert.That(ex!.ErrorCode, Is.EqualTo(ProtocolErrorCode.InvalidPrivateKey));
    }

    private static string Replace(string json, string path, string rawValue)
    {
        var root = JsonNode.Parse(json)!;
        var parts = path.Split('.');
        var parent = root;
        foreach (var part in parts[..^1])
        {
            parent = parent[part]!;
        }
        parent[parts[^1]] = JsonNode.Parse(rawValue);
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}

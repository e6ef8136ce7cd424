using System.Text;
using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Keystore;

[Category("Vectors")]
public sealed class ScryptTests
{
    // RFC 7914 section 12, vectors 1 and 2.
    [TestCase("", "", 16, 1, 1,
        "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906")]
    [TestCase("password", "NaCl", 1024, 8, 16,
        "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640")]
    public void DeriveKey_Rfc7914Vector_Matches(string password, string salt, int n, int r, int p, string expected)
    {
        var key = Scrypt.DeriveKey(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), n, r, p, 64);
        Assert.That(Hex.Encode(key, prefix: false), Is.EqualTo(expected));
    }

    // The Web3 Secret Storage scrypt vector's published intermediate "derived key" (N = 2^18 with r = 1).
    [Test]
    public void DeriveKey_Web3SecretStorageVector_MatchesDerivedKey()
    {
        var key = Scrypt.DeriveKey("testpassword"u8, Hex.Decode("ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19"), 262144, 1, 8, 32);
        Assert.That(Hex.Encode(key, prefix: false), Is.EqualTo("fac192ceb5fd772906bea3e118a69e8bbb5cc24229e20d8766fd298291bba6bd"));
    }
}

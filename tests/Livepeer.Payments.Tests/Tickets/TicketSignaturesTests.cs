using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Tickets;

[TestFixture]
public sealed class TicketSignaturesTests
{
    private static readonly byte[] Message = Hex.Decode("b7da355477356fc4c47fcabcf232dc77a6db9b07b7e48b76261cc55cc8fbabb3");
    private static readonly byte[] GoodSignature = Hex.Decode("206443228e8f784bc3a122de0d85eb3ebff82d6a79cca26c7eeb907099a6404f6dff57bc6828f28bd6cd073c89d94cf3364204679ed8365fa45b5ee6af19a9841c");
    private static readonly EthAddress Signer = EthAddress.Parse("0x3BadDb1eeE2105893136A3F96c8a963E9C6309d6");

    [Category("Vectors")]
    [Test]
    public void TryRecoverSigner_GoLivepeerVerifyVector_RecoversTheAddress()
    {
        var ok = TicketSignatures.TryRecoverSigner(Message, GoodSignature, out var signer, out var error);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True, error);
            Assert.That(signer, Is.EqualTo(Signer));
            Assert.That(TicketSignatures.Verify(Message, EthSignature.Parse(GoodSignature), Signer), Is.True);
        });
    }

    [Category("Vectors")]
    [Test]
    public void TryRecoverSigner_HighS_RejectedAsSValueTooHigh()
    {
        var highS = Hex.Decode("e742ff452d41413616a5bf43fe15dd88294e983d3d36206c2712f39083d638bde0a0fc89be718fbc1033e1d30d78be1c68081562ed2e97af876f286f3453231d1b");
        var ok = TicketSignatures.TryRecoverSigner(Message, highS, out _, out var error);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain("signature s value too high"));
            Assert.That(TicketPayment.CreateSenderParams(1, highS).Signature, Is.EqualTo(default(EthSignature)));
        });
    }

    [Category("Vectors")]
    [Test]
    public void TryRecoverSigner_64Bytes_RejectedAsInvalidLength()
    {
        var ok = TicketSignatures.TryRecoverSigner(Message, GoodSignature.AsSpan(0, 64), out _, out var error);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.False);
            Assert.That(error, Does.Contain("invalid signature length"));
        });
    }

    [Category("Vectors")]
    [TestCase((byte)0)]
    [TestCase((byte)1)]
    [TestCase((byte)26)]
    [TestCase((byte)29)]
    public void TryRecoverSigner_VNot27Or28_Rejected(byte v)
    {
        var signature = GoodSignature.ToArray();
        signature[64] = v;
        Assert.That(TicketSignatures.TryRecoverSigner(Message, signature, out _, out _), Is.False);
    }

    [Test]
    public void TryRecoverSigner_FlippedV_RecoversAnotherAddress()
    {
        var signature = GoodSignature.ToArray();
        signature[64] = 27;
        var ok = TicketSignatures.TryRecoverSigner(Message, signature, out var signer, out _);
        Assert.That(!ok || signer != Signer, Is.True);
    }

    [Test]
    public async Task SignAsync_PrivateKeySigner_RecoversToSignerAndMatchesEip191()
    {
        using var key = Keys.Broadcaster();
        var ticketHash = Keccak256.Hash("ticket"u8);
        var signature = await TicketSignatures.SignAsync(key, ticketHash, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(TicketSignatures.Verify(ticketHash, signature, key.Address), Is.True);
            Assert.That(Eip191.RecoverSigner(ticketHash, signature), Is.EqualTo(key.Address));
            Assert.That(TicketSignatures.Verify(ticketHash, default, key.Address), Is.False, "an empty signature never verifies");
        });
    }

    [Test]
    public void IsWinning_SignatureAndRand_MatchesBigIntegerRule()
    {
        var random = new Random(99);
        var sig = new byte[65];
        for (var i = 0; i < 100; i++)
        {
            random.NextBytes(sig);
            var rand = new BigInteger(RandomNumberGenerator.GetBytes(32), isUnsigned: true, isBigEndian: true);
            var winProb = TicketMath.MaxWinProb / (i + 2);
            var hash = Uint256.ReadUnsigned(Keccak256.Hash(sig.Concat(Uint256.ToPadded(rand)).ToArray()));
            Assert.That(TicketHashing.IsWinning(sig, rand, winProb), Is.EqualTo(hash < winProb));
        }
    }
}

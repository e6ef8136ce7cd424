using System.Numerics;
using Google.Protobuf;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Network.Tests.Codecs;

namespace Livepeer.Network.Tests.Mapping;

public sealed class PaymentMappingTests
{
    private static readonly EthAddress Sender = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static readonly EthAddress Recipient = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    private static TicketParams Params(BigInteger faceValue, BigInteger winProb, BigInteger seed, ulong expirationBlock) =>
        new(Recipient, new Wei(faceValue), winProb, Keccak256.Hash("r"u8), seed, expirationBlock, new TicketExpirationParams(7, Keccak256.Hash("b"u8)));

    [TestCase("0", "")]
    [TestCase("1", "01")]
    [TestCase("255", "ff")]
    [TestCase("256", "0100")]
    public void ToMinimalBigEndian_SmallValues_NoSignByteAndEmptyZero(string value, string expectedHex)
        => Assert.That(Convert.ToHexStringLower(WireValues.ToMinimalBigEndian(BigInteger.Parse(value, System.Globalization.CultureInfo.InvariantCulture)).ToByteArray()), Is.EqualTo(expectedHex));

    [Test]
    public void ToMinimalBigEndian_Max256Bit_Is32Bytes()
    {
        var bytes = WireValues.ToMinimalBigEndian(Uint256.MaxValue);
        Assert.That(bytes.ToByteArray(), Is.EqualTo(Enumerable.Repeat((byte)0xff, 32).ToArray()));
        Assert.That(WireValues.ReadUint256(bytes, "x"), Is.EqualTo(Uint256.MaxValue));
    }

    [Test]
    public void ReadUint256_ThirtyThreeSignificantBytes_InvalidField()
    {
        var bytes = ByteString.CopyFrom(Enumerable.Repeat((byte)1, 33).ToArray());
        var e = Assert.Throws<NetworkException>(() => WireValues.ReadUint256(bytes, "face_value"));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
        Assert.That(e.Message, Does.Contain("face_value"));
    }

    [Test]
    public void ReadUint256_LeadingZerosAndEmpty_Tolerated()
    {
        Assert.That(WireValues.ReadUint256(ByteString.CopyFrom(new byte[40].Append((byte)5).ToArray()), "x"), Is.EqualTo(new BigInteger(5)));
        Assert.That(WireValues.ReadUint256(ByteString.Empty, "x"), Is.EqualTo(BigInteger.Zero));
    }

    [Test]
    public void ToMinimalBigEndian_Negative_Unrepresentable()
        => Assert.That(Assert.Throws<NetworkException>(() => WireValues.ToMinimalBigEndian(BigInteger.MinusOne))!.ErrorCode, Is.EqualTo(NetworkErrorCode.Unrepresentable));

    [Test]
    public void TicketParams_ZeroValues_EncodeAsEmptyBytesAndRoundTrip()
    {
        var value = Params(0, 0, 0, 0);

        var wire = PaymentMapping.ToWire(value, includeExpirationParams: true);
        var back = PaymentMapping.FromWire(Wire.TicketParams.Parser.ParseFrom(wire.ToByteArray()));

        Assert.That(wire.FaceValue.IsEmpty && wire.WinProb.IsEmpty && wire.Seed.IsEmpty && wire.ExpirationBlock.IsEmpty, Is.True);
        Assert.That(back, Is.EqualTo(value));
    }

    [Test]
    public void TicketParams_MaxValues_RoundTrip()
    {
        var value = Params(Uint256.MaxValue, Uint256.MaxValue, Uint256.MaxValue, ulong.MaxValue);

        var wire = PaymentMapping.ToWire(value, includeExpirationParams: true);
        var back = PaymentMapping.FromWire(Wire.TicketParams.Parser.ParseFrom(wire.ToByteArray()));

        Assert.That(wire.FaceValue.Length, Is.EqualTo(32));
        Assert.That(wire.ExpirationBlock.Length, Is.EqualTo(8));
        Assert.That(back, Is.EqualTo(value));
    }

    [Test]
    public void TicketParams_ExpirationBlockOver64Bits_InvalidField()
    {
        var wire = PaymentMapping.ToWire(Params(1, 1, 1, 1), includeExpirationParams: true);
        wire.ExpirationBlock = ByteString.CopyFrom(1, 0, 0, 0, 0, 0, 0, 0, 0);
        Assert.That(Assert.Throws<NetworkException>(() => PaymentMapping.FromWire(wire))!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }

    [Test]
    public void TicketParams_ShortBlockHash_InvalidField()
    {
        var wire = PaymentMapping.ToWire(Params(1, 1, 1, 1), includeExpirationParams: true);
        wire.ExpirationParams.CreationRoundBlockHash = ByteString.CopyFrom(1, 2);
        Assert.That(Assert.Throws<NetworkException>(() => PaymentMapping.FromWire(wire))!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }

    [Test]
    public void PriceInfo_RoundTrip_AndOverflow()
    {
        Assert.That(PaymentMapping.FromWire(PaymentMapping.ToWire(new PixelPrice(101, 200))), Is.EqualTo(new PixelPrice(101, 200)));
        var huge = new PixelPrice(BigInteger.Pow(2, 70), 1);
        Assert.That(Assert.Throws<NetworkException>(() => PaymentMapping.ToWire(huge))!.ErrorCode, Is.EqualTo(NetworkErrorCode.Unrepresentable));
    }

    [Test]
    public void Payment_TicketParamsWithoutNestedExpiration_TakesPaymentExpiration()
    {
        var payment = HeaderCodecTests.FullPayment(2);
        var wire = PaymentMapping.ToWire(payment);

        var back = PaymentMapping.FromWire(wire);

        Assert.That(wire.TicketParams.ExpirationParams, Is.Null);
        Assert.That(back.TicketParams!.ExpirationParams, Is.EqualTo(payment.ExpirationParams));
        Assert.That(back.Tickets.Select(t => t.SenderNonce), Is.EqualTo(new uint[] { 1, 2 }));
    }

    [Test]
    public async Task SignedTicket_RoundTripThroughRedeemerTicket_Equal()
    {
        using var signer = PrivateKeySigner.FromHex("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        var recipientRand = BigInteger.Parse("987654321987654321", System.Globalization.CultureInfo.InvariantCulture);
        var ticket = new Ticket(Recipient, signer.Address, new Wei(5_000_000), Uint256.MaxValue / 7, 9, Ticket.HashRecipientRand(recipientRand), Ticket.CreateAuxData(12, Keccak256.Hash("round"u8)));
        var signature = await Eip191.SignMessageAsync(signer, ticket.ComputeHash());
        var signed = new SignedTicket(ticket, signature, recipientRand, 777);

        var wire = PaymentMapping.ToWire(signed);
        var back = PaymentMapping.FromWire(Wire.Ticket.Parser.ParseFrom(wire.ToByteArray()));

        Assert.That(back, Is.EqualTo(signed));
        Assert.That(back.CreationRound, Is.EqualTo(12UL));
        Assert.That(wire.ExpirationParams.CreationRound, Is.EqualTo(12));
        Assert.That(wire.TicketParams.ExpirationBlock.ToByteArray(), Is.EqualTo(new byte[] { 0x03, 0x09 }));
    }

    [Test]
    public void SignedTicket_WithoutAuxData_RoundTripsWithoutExpirationParams()
    {
        var signature = EthSignature.Parse("0x206443228e8f784bc3a122de0d85eb3ebff82d6a79cca26c7eeb907099a6404f6dff57bc6828f28bd6cd073c89d94cf3364204679ed8365fa45b5ee6af19a9841c");
        var ticket = new Ticket(Recipient, Sender, Wei.Zero, BigInteger.Zero, 1, new byte[32], []);
        var signed = new SignedTicket(ticket, signature, BigInteger.Zero, 0);

        var wire = PaymentMapping.ToWire(signed);

        Assert.That(wire.ExpirationParams, Is.Null);
        Assert.That(wire.RecipientRand.IsEmpty, Is.True);
        Assert.That(PaymentMapping.FromWire(wire), Is.EqualTo(signed));
    }

    [Test]
    public void SignedTicket_BadSignature_InvalidField()
    {
        var wire = new Wire.Ticket
        {
            TicketParams = new Wire.TicketParams { Recipient = ByteString.CopyFrom(Recipient.ToArray()) },
            Sender = ByteString.CopyFrom(Sender.ToArray()),
            SenderParams = new Wire.TicketSenderParams { SenderNonce = 1, Sig = ByteString.CopyFrom(new byte[65]) },
        };
        Assert.That(Assert.Throws<NetworkException>(() => PaymentMapping.FromWire(wire))!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }
}

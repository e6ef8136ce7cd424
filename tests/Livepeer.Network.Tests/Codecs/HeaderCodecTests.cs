using System.Numerics;
using Google.Protobuf;
using Livepeer.Payments;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Network.Tests.Codecs;

public sealed class HeaderCodecTests
{
    private static readonly EthAddress Sender = EthAddress.Parse("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    private static readonly EthAddress Recipient = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    internal static SegmentCredentials FullSegment() => new()
    {
        ManifestId = "stream-é",
        Sequence = 42,
        Hash = Keccak256.Hash("segment"u8),
        Duration = TimeSpan.FromMilliseconds(2500),
        Profiles = [VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9],
        Capabilities = new CapabilitySet { Bitstring = [4099], Version = "0.9.1", MinVersion = "0.9.0" },
        AuthToken = new AuthToken([1, 2, 3], "abcd1234", 1_700_000_000),
        CalculatePerceptualHash = true,
        Clip = new SegmentClip(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1900)),
        ForceSessionReinit = true,
        Signature = Enumerable.Range(0, 65).Select(i => (byte)i).ToArray(),
    };

    internal static TicketPayment FullPayment(int tickets)
    {
        var expiration = new TicketExpirationParams(42, Keccak256.Hash("block"u8));
        var ticketParams = new TicketParams(Recipient, new Wei(1_000_000_000_000), Uint256.MaxValue / 3, Keccak256.Hash("rand"u8), BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), 5_000, expiration);
        var signature = EthSignature.Parse("0x206443228e8f784bc3a122de0d85eb3ebff82d6a79cca26c7eeb907099a6404f6dff57bc6828f28bd6cd073c89d94cf3364204679ed8365fa45b5ee6af19a9841c");
        return new TicketPayment(Sender, ticketParams, expiration, new PixelPrice(1200, 1), Enumerable.Range(1, tickets).Select(n => new TicketSenderParams((uint)n, signature)).ToArray());
    }

    [Test]
    public void SegmentHeader_RoundTrip_AllFieldsEqual()
    {
        var segment = FullSegment();

        var header = SegmentHeader.Encode(segment);
        var decoded = SegmentHeader.Decode(header);

        Assert.That(decoded, Is.EqualTo(segment));
        Assert.That(Convert.FromBase64String(header), Is.Not.Empty);
    }

    [Test]
    public void SegmentHeader_Encode_IsStandardBase64OfSegData()
    {
        var header = SegmentHeader.Encode(FullSegment());
        var wire = Wire.SegData.Parser.ParseFrom(Convert.FromBase64String(header));
        Assert.That(header.Length % 4, Is.Zero, "padded");
        Assert.That(wire.Profiles.ToStringUtf8(), Is.EqualTo("invalid"));
        Assert.That(wire.FullProfiles, Has.Count.EqualTo(2));
        Assert.That(wire.Duration, Is.EqualTo(2500));
    }

    [Test]
    public void SegmentHeader_ZeroDuration_ReadsAsTwoSeconds()
        => Assert.That(SegmentHeader.Decode(SegmentHeader.Encode(FullSegment() with { Duration = TimeSpan.Zero })).Duration, Is.EqualTo(TimeSpan.FromSeconds(2)));

    [TestCase(-1)]
    [TestCase(300_001)]
    public void SegmentHeader_DurationOutOfRange_InvalidDuration(int milliseconds)
    {
        var header = Convert.ToBase64String(new Wire.SegData { Duration = milliseconds }.ToByteArray());
        var e = Assert.Throws<NetworkException>(() => SegmentHeader.Decode(header));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidDuration));
        Assert.That(e.Message, Does.StartWith("invalid duration"));
    }

    [Test]
    public void SegmentHeader_EmptySegment_HasKeccakOfNothing()
    {
        var decoded = SegmentHeader.Decode(SegmentHeader.Encode(SegmentCredentials.ForEmptySegment("27_stabilityai/sd-turbo")));
        Assert.That(Convert.ToHexStringLower(decoded.Hash), Is.EqualTo("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"));
        Assert.That(decoded.Sequence, Is.Zero);
        Assert.That(decoded.Profiles, Is.Empty);
    }

    [TestCase("not base64!")]
    [TestCase("abc")]
    [TestCase("YWJj=")]
    public void SegmentHeader_NotBase64_SegmentEncodingWithGoText(string value)
    {
        var e = Assert.Throws<NetworkException>(() => SegmentHeader.Decode(value));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.SegmentEncoding));
        Assert.That(e.Message, Does.StartWith("ErrorSegEncoding"));
    }

    [Test]
    public void SegmentHeader_TruncatedMessage_MalformedMessage()
    {
        var bytes = Convert.FromBase64String(SegmentHeader.Encode(FullSegment()));
        // Cut inside the manifest id, a length-delimited field, so the message ends mid-field.
        var truncated = Convert.ToBase64String(bytes[..5]);

        Assert.That(SegmentHeader.TryDecode(truncated, out var segment, out var error), Is.False);
        Assert.That(segment, Is.Null);
        Assert.That(error!.ErrorCode, Is.EqualTo(NetworkErrorCode.MalformedMessage));
    }

    [Test]
    public void SegmentHeader_Oversized_HeaderTooLarge()
    {
        var value = new string('A', HeaderCodec.MaxHeaderLength + 4);
        var e = Assert.Throws<NetworkException>(() => SegmentHeader.Decode(value));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.HeaderTooLarge));
    }

    [Test]
    public void SegmentHeader_UnknownFormatEnum_GoProfileText()
    {
        var wire = new Wire.SegData();
        wire.FullProfiles.Add(new Wire.VideoProfile { Name = "x", Format = (Wire.VideoProfile.Types.Format)9 });
        var e = Assert.Throws<NetworkException>(() => SegmentHeader.Decode(Convert.ToBase64String(wire.ToByteArray())));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidProfile));
        Assert.That(e.Message, Is.EqualTo("unrecognized profile output format"));
    }

    [Test]
    public void SegmentHeader_UnknownProfileAndCodec_GoTexts()
    {
        var wire = new Wire.SegData();
        wire.FullProfiles3.Add(new Wire.VideoProfile { Name = "x", Profile = (Wire.VideoProfile.Types.Profile)9 });
        Assert.That(Assert.Throws<NetworkException>(() => SegmentHeader.Decode(Convert.ToBase64String(wire.ToByteArray())))!.Message, Is.EqualTo("unrecognized encoder profile"));
        wire.FullProfiles3[0] = new Wire.VideoProfile { Name = "x", Encoder = (Wire.VideoProfile.Types.VideoCodec)9 };
        Assert.That(Assert.Throws<NetworkException>(() => SegmentHeader.Decode(Convert.ToBase64String(wire.ToByteArray())))!.Message, Is.EqualTo("unrecognized video codec"));
    }

    [Test]
    public void PaymentHeader_RoundTrip_AllFieldsEqual()
    {
        var payment = FullPayment(tickets: 3);

        var decoded = PaymentHeader.Decode(PaymentHeader.Encode(payment));

        Assert.That(decoded.Sender, Is.EqualTo(payment.Sender));
        Assert.That(decoded.TicketParams, Is.EqualTo(payment.TicketParams));
        Assert.That(decoded.ExpirationParams, Is.EqualTo(payment.ExpirationParams));
        Assert.That(decoded.ExpectedPrice, Is.EqualTo(payment.ExpectedPrice));
        Assert.That(decoded.Tickets, Is.EqualTo(payment.Tickets));
    }

    [Test]
    public void PaymentHeader_Encode_LeavesExpirationOutOfTicketParams()
    {
        var wire = Wire.Payment.Parser.ParseFrom(Convert.FromBase64String(PaymentHeader.Encode(FullPayment(1))));
        Assert.That(wire.TicketParams.ExpirationParams, Is.Null);
        Assert.That(wire.ExpirationParams.CreationRound, Is.EqualTo(42));
    }

    [Test]
    public void PaymentHeader_ZeroTickets_OnlySenderAndPrice()
    {
        var payment = new TicketPayment(Sender, null, null, new PixelPrice(0, 1), []);

        var wire = Wire.Payment.Parser.ParseFrom(Convert.FromBase64String(PaymentHeader.Encode(payment)));
        var decoded = PaymentHeader.Decode(PaymentHeader.Encode(payment));

        Assert.That(wire.TicketParams, Is.Null);
        Assert.That(wire.Sender.ToByteArray(), Is.EqualTo(Sender.ToArray()));
        Assert.That(decoded.Sender, Is.EqualTo(Sender));
        Assert.That(decoded.Tickets, Is.Empty);
        Assert.That(decoded.ExpectedPrice, Is.EqualTo(new PixelPrice(0, 1)));
    }

    [Test]
    public void PaymentHeader_Empty_IsEmptyPayment()
    {
        var decoded = PaymentHeader.Decode(string.Empty);
        Assert.That(decoded.Sender, Is.Null);
        Assert.That(decoded.TicketParams, Is.Null);
        Assert.That(decoded.Tickets, Is.Empty);
    }

    [Test]
    public void PaymentHeader_BadSignatureBytes_KeptAsEmptySignature()
    {
        var wire = new Wire.Payment { Sender = ByteString.CopyFrom(Sender.ToArray()) };
        wire.TicketSenderParams.Add(new Wire.TicketSenderParams { SenderNonce = 1, Sig = ByteString.CopyFrom(new byte[64]) });

        var decoded = PaymentHeader.Decode(Convert.ToBase64String(wire.ToByteArray()));

        Assert.That(decoded.Tickets[0].SenderNonce, Is.EqualTo(1u));
        Assert.That(decoded.Tickets[0].Signature, Is.EqualTo(default(EthSignature)));
    }

    [Test]
    public void PaymentHeader_ShortSender_InvalidField()
    {
        var header = Convert.ToBase64String(new Wire.Payment { Sender = ByteString.CopyFrom(1, 2, 3) }.ToByteArray());
        Assert.That(PaymentHeader.TryDecode(header, out _, out var error), Is.False);
        Assert.That(error!.ErrorCode, Is.EqualTo(NetworkErrorCode.InvalidField));
    }

    [Test]
    public void PaymentHeader_NotBase64_PaymentEncoding()
    {
        var e = Assert.Throws<NetworkException>(() => PaymentHeader.Decode("%%%"));
        Assert.That(e.ErrorCode, Is.EqualTo(NetworkErrorCode.PaymentEncoding));
    }
}

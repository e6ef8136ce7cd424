using System.Net;
using Google.Protobuf.WellKnownTypes;

namespace Livepeer.Network.Tests.Grpc;

public sealed class GrpcProtocolTests
{
    [TestCase("plain ascii", "plain ascii")]
    [TestCase("50%", "50%25")]
    [TestCase("naïve", "na%C3%AFve")]
    [TestCase("tab\there", "tab%09here")]
    [TestCase("𝄞", "%F0%9D%84%9E")]
    public void EncodeStatusMessage_Text_PercentEncodesOutsidePrintableAscii(string text, string expected)
    {
        Assert.That(GrpcProtocol.EncodeStatusMessage(text), Is.EqualTo(expected));
        Assert.That(GrpcProtocol.DecodeStatusMessage(expected), Is.EqualTo(text));
    }

    [TestCase("100%", "100%")]
    [TestCase("%zz end", "%zz end")]
    [TestCase("%4", "%4")]
    [TestCase("ünencoded", "ünencoded")]
    public void DecodeStatusMessage_MalformedEscapes_KeptAsText(string value, string expected) =>
        Assert.That(GrpcProtocol.DecodeStatusMessage(value), Is.EqualTo(expected));

    [TestCase(8_000L, "8000000u")]
    [TestCase(1L, "1000u")]
    [TestCase(200_000L, "200000m")]
    [TestCase(3_600_000_000L, "3600000S")]
    public void FormatTimeout_Milliseconds_FinestUnitThatFitsEightDigits(long milliseconds, string expected) =>
        Assert.That(GrpcProtocol.FormatTimeout(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));

    [Test]
    public void FormatTimeout_SubMicrosecond_RoundsUp() =>
        Assert.That(GrpcProtocol.FormatTimeout(TimeSpan.FromTicks(1)), Is.EqualTo("1u"));

    [Test]
    public void FormatTimeout_Zero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => GrpcProtocol.FormatTimeout(TimeSpan.Zero));

    [TestCase("2H", 7_200_000d)]
    [TestCase("3M", 180_000d)]
    [TestCase("8S", 8_000d)]
    [TestCase("250m", 250d)]
    [TestCase("1500u", 1.5d)]
    [TestCase("2000000n", 2d)]
    public void TryParseTimeout_ValidValue_Parsed(string value, double expectedMilliseconds)
    {
        Assert.That(GrpcProtocol.TryParseTimeout(value, out var timeout), Is.True);
        Assert.That(timeout.TotalMilliseconds, Is.EqualTo(expectedMilliseconds));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("5")]
    [TestCase("5s")]
    [TestCase("-5S")]
    [TestCase("123456789S")]
    [TestCase("1 S")]
    public void TryParseTimeout_Malformed_False(string? value) =>
        Assert.That(GrpcProtocol.TryParseTimeout(value, out _), Is.False);

    [TestCase("application/grpc", true)]
    [TestCase("application/grpc+proto", true)]
    [TestCase("application/grpc; charset=utf-8", true)]
    [TestCase("application/grpc-web", false)]
    [TestCase("application/json", false)]
    [TestCase(null, false)]
    public void IsGrpcContentType_Value_Recognised(string? contentType, bool expected) =>
        Assert.That(GrpcProtocol.IsGrpcContentType(contentType), Is.EqualTo(expected));

    [TestCase(HttpStatusCode.NotFound, 12)]
    [TestCase(HttpStatusCode.ServiceUnavailable, 14)]
    [TestCase(HttpStatusCode.Unauthorized, 16)]
    [TestCase(HttpStatusCode.InternalServerError, 2)]
    public void FromHttpStatus_Status_MapsPerGrpcTable(HttpStatusCode http, int expected) =>
        Assert.That(GrpcProtocol.FromHttpStatus(http), Is.EqualTo((GrpcStatusCode)expected));

    [Test]
    public async Task ReadMessageAsync_TwoFrames_ReadsBothThenNull()
    {
        using var stream = new MemoryStream([.. GrpcFraming.Encode(new StringValue { Value = "one" }, 100), .. GrpcFraming.Encode(new StringValue { Value = "two" }, 100)]);
        var first = await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 100, CancellationToken.None);
        var second = await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 100, CancellationToken.None);
        var end = await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 100, CancellationToken.None);
        Assert.That(first?.Value, Is.EqualTo("one"));
        Assert.That(second?.Value, Is.EqualTo("two"));
        Assert.That(end, Is.Null);
    }

    [Test]
    public void Encode_Message_HeaderIsFlagZeroAndBigEndianLength()
    {
        var frame = GrpcFraming.Encode(new StringValue { Value = new string('x', 300) }, 1000);
        Assert.That(frame[0], Is.Zero);
        Assert.That(frame[1..5], Is.EqualTo(new byte[] { 0, 0, 0x01, 0x2F }));
        Assert.That(frame, Has.Length.EqualTo(5 + 303));
    }

    [Test]
    public void Encode_AboveMax_ResourceExhausted()
    {
        var ex = Assert.Throws<GrpcCallException>(() => GrpcFraming.Encode(new StringValue { Value = new string('x', 300) }, 100));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
    }

    [Test]
    public async Task ReadMessageAsync_CompressedFlag_Refused()
    {
        var frame = GrpcFraming.Encode(new StringValue { Value = "z" }, 100);
        frame[0] = 1;
        using var stream = new MemoryStream(frame);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(async () => await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 100, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
        Assert.That(ex.Detail, Does.Contain("compress"));
    }

    [Test]
    public async Task ReadMessageAsync_DeclaredLengthAboveMax_ResourceExhaustedWithoutReadingBody()
    {
        // Only the header exists: a reader that tried to read the body would report a truncated stream instead.
        using var stream = new MemoryStream([0, 0x7F, 0xFF, 0xFF, 0xFF]);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(async () => await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 1024, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
    }

    [TestCase(new byte[] { 0, 0 })]
    [TestCase(new byte[] { 0, 0, 0, 0, 9, 1, 2 })]
    public async Task ReadMessageAsync_Truncated_Internal(byte[] bytes)
    {
        using var stream = new MemoryStream(bytes);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(async () => await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 1024, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
    }

    [Test]
    public async Task ReadMessageAsync_InvalidProtobuf_Internal()
    {
        using var stream = new MemoryStream([0, 0, 0, 0, 2, 0x0A, 0x05]);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(async () => await GrpcFraming.ReadMessageAsync(stream, StringValue.Parser, 1024, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
    }

    [TestCase(14, true)]
    [TestCase(4, true)]
    [TestCase(8, true)]
    [TestCase(3, false)]
    [TestCase(13, false)]
    public void IsTransient_Status_OnlyRetryableStatuses(int status, bool expected) =>
        Assert.That(new GrpcCallException((GrpcStatusCode)status, "x").IsTransient, Is.EqualTo(expected));
}

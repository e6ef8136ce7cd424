namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class FrameRateAndGopTests
{
    [Test]
    public void FrameRate_DenominatorZero_ReadAsOne()
    {
        var rate = new FrameRate(30, 0);
        Assert.That(rate.Den, Is.EqualTo(1));
        Assert.That(rate, Is.EqualTo(new FrameRate(30)));
        Assert.That(rate.ToString(), Is.EqualTo("30"));
    }

    [Test]
    public void FrameRate_Default_IsPassthrough()
    {
        Assert.That(default(FrameRate).IsPassthrough, Is.True);
        Assert.That(FrameRate.Passthrough, Is.EqualTo(new FrameRate(0, 1)));
        Assert.That(new FrameRate(0, 7).IsPassthrough, Is.True);
        Assert.That(FrameRate.Passthrough.ToString(), Is.EqualTo("passthrough"));
    }

    [Test]
    public void FrameRate_Fractional_Text()
    {
        var rate = new FrameRate(30000, 1001);
        Assert.That(rate.ToString(), Is.EqualTo("30000/1001"));
        Assert.That(rate.FramesPerSecond, Is.EqualTo(29.97).Within(0.001));
        Assert.That(rate, Is.Not.EqualTo(new FrameRate(30000)));
    }

    [Test]
    public void FrameRate_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FrameRate(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new FrameRate(30, -1));
    }

    [TestCase("", GopKind.Default, 0L)]
    [TestCase("0", GopKind.Default, 0L)]
    [TestCase("0.0", GopKind.Default, 0L)]
    [TestCase("intra", GopKind.IntraOnly, 0L)]
    [TestCase("2", GopKind.Interval, 2000L)]
    [TestCase("0.5", GopKind.Interval, 500L)]
    [TestCase("1e1", GopKind.Interval, 10_000L)]
    public void Gop_TryParse_Valid(string text, GopKind kind, long milliseconds)
    {
        Assert.That(Gop.TryParse(text, out var gop), Is.True);
        Assert.That(gop.Kind, Is.EqualTo(kind));
        Assert.That(gop.Interval, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [TestCase("-1")]
    [TestCase("-0.5")]
    [TestCase("Intra")]
    [TestCase("two")]
    [TestCase("NaN")]
    [TestCase("Infinity")]
    [TestCase("1e-9")]
    public void Gop_TryParse_Invalid(string text)
    {
        Assert.That(Gop.TryParse(text, out _), Is.False);
    }

    [Test]
    public void Gop_Wire_RoundTrips()
    {
        Assert.That(Gop.FromWire(0), Is.EqualTo(Gop.Default));
        Assert.That(Gop.FromWire(-1), Is.EqualTo(Gop.IntraOnly));
        Assert.That(Gop.FromWire(2500).Interval, Is.EqualTo(TimeSpan.FromMilliseconds(2500)));
        Assert.That(Gop.FromSeconds(2.5).ToWire(), Is.EqualTo(2500));
        Assert.That(Gop.IntraOnly.ToWire(), Is.EqualTo(-1));
        Assert.That(Gop.Default.ToWire(), Is.EqualTo(0));
        Assert.That(Gop.FromSeconds(0.0015).ToWire(), Is.EqualTo(1), "milliseconds are truncated as Go's Duration.Milliseconds does");
    }

    [Test]
    public void Gop_WireBelowMinusOne_InvalidGop()
    {
        var e = Assert.Throws<TranscodingException>(() => Gop.FromWire(-2));
        Assert.That(e!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidGop));
        Assert.That(e.Message, Is.EqualTo("TranscoderInvalidGOP"));
        Assert.That(e.IsRetryable, Is.False);
    }

    [Test]
    public void Gop_Text_JsonForm()
    {
        Assert.That(Gop.FromSeconds(0.5).ToString(), Is.EqualTo("0.5"));
        Assert.That(Gop.IntraOnly.ToString(), Is.EqualTo("intra"));
        Assert.That(Gop.Default.ToString(), Is.Empty);
        Assert.Throws<ArgumentOutOfRangeException>(() => Gop.FromSeconds(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gop.FromInterval(TimeSpan.FromSeconds(-1)));
    }
}

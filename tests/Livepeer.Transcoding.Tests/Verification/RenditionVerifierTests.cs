using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Verification;

[Category("FFmpeg")]
public sealed class RenditionVerifierTests
{
    [TearDown]
    public void NoChildProcessLeft()
    {
        Assert.That(ProcessTable.ChildrenNamed("ffprobe", "setsid"), Is.Empty);
    }

    [TestCase("landscape1080")]
    [TestCase("fourThree480")]
    [TestCase("portrait960")]
    public async Task CountPixelsAsync_GeneratedSegment_EqualsFfprobeFrameCountTimesSize(string source)
    {
        var media = await TestMedia.GetAsync();
        var bytes = media.Sources[source].ReadSegment(0);
        var probed = await Ffprobe.CountFramesAsync(bytes);

        var measured = await new RenditionVerifier().CountPixelsAsync(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(measured.Status, Is.EqualTo(RenditionStatus.Ok));
            Assert.That((measured.Width, measured.Height, measured.Frames), Is.EqualTo(probed));
            Assert.That(measured.Pixels, Is.EqualTo(probed.Frames * probed.Width * probed.Height));
            Assert.That(measured.SizeChanged, Is.False);
            Assert.That(measured.Duration.TotalSeconds, Is.EqualTo(probed.Frames * 1001.0 / 30000).Within(0.01));
        });
    }

    [Test]
    public async Task CountPixelsAsync_SizeChangesMidStream_SumsEachFramesOwnSize()
    {
        var media = await TestMedia.GetAsync();
        var first = media.Landscape720.ReadSegment(0);
        var second = media.FourThree480.ReadSegment(0);
        var a = await Ffprobe.CountFramesAsync(first);
        var b = await Ffprobe.CountFramesAsync(second);

        var measured = await new RenditionVerifier().CountPixelsAsync(first.Concat(second).ToArray());

        Assert.Multiple(() =>
        {
            Assert.That(measured.SizeChanged, Is.True);
            Assert.That(measured.Frames, Is.EqualTo(a.Frames + b.Frames));
            Assert.That(measured.Pixels, Is.EqualTo((a.Frames * 1280 * 720) + (b.Frames * 640 * 480)));
        });
    }

    [Test]
    public async Task VerifyPixelsAsync_ExactAndOffByOneClaims_MatchOnlyTheExactOne()
    {
        var media = await TestMedia.GetAsync();
        var bytes = media.FourThree480.ReadSegment(0);
        var probed = await Ffprobe.CountFramesAsync(bytes);
        var exact = probed.Frames * probed.Width * probed.Height;
        var verifier = new RenditionVerifier();

        Assert.Multiple(async () =>
        {
            Assert.That((await verifier.VerifyPixelsAsync(bytes, exact)).Matches, Is.True);
            Assert.That((await verifier.VerifyPixelsAsync(bytes, exact + 1)).Matches, Is.False);
            Assert.That((await verifier.VerifyPixelsAsync(bytes, exact - (probed.Width * probed.Height))).Matches, Is.False);
        });
    }

    [Test]
    public async Task CountPixelsAsync_FromStream_EqualsByteCount()
    {
        var media = await TestMedia.GetAsync();
        var bytes = media.Portrait960.ReadSegment(0);
        var verifier = new RenditionVerifier();

        var fromBytes = await verifier.CountPixelsAsync(bytes);
        using var stream = new MemoryStream(bytes);
        var fromStream = await verifier.CountPixelsAsync(stream);

        Assert.That(fromStream, Is.EqualTo(fromBytes));
    }

    [Test]
    public async Task InspectAsync_GeneratedSegment_ReportsSizePacketsAndDuration()
    {
        var media = await TestMedia.GetAsync();
        var bytes = media.Landscape720.ReadSegment(0);
        var probed = await Ffprobe.CountFramesAsync(bytes);

        var summary = await new RenditionVerifier().InspectAsync(bytes);

        Assert.Multiple(() =>
        {
            Assert.That(summary.Status, Is.EqualTo(RenditionStatus.Ok));
            Assert.That((summary.Width, summary.Height, summary.Frames), Is.EqualTo(probed));
            Assert.That(summary.Duration.TotalSeconds, Is.EqualTo(2.0).Within(0.1));
        });
    }

    [Test]
    public async Task CountPixelsAsync_BadInputs_ReportTypedStatuses()
    {
        var media = await TestMedia.GetAsync();
        var verifier = new RenditionVerifier();

        var empty = await verifier.CountPixelsAsync(MediaLibrary.Empty);
        var garbage = await verifier.CountPixelsAsync(media.Garbage);
        var audioOnly = await verifier.CountPixelsAsync(media.AudioOnly);
        var quickGarbage = await verifier.InspectAsync(media.Garbage);
        var quickAudio = await verifier.InspectAsync(media.AudioOnly);

        Assert.Multiple(() =>
        {
            Assert.That(empty.Status, Is.EqualTo(RenditionStatus.Empty));
            Assert.That(garbage.Status, Is.EqualTo(RenditionStatus.Unreadable));
            Assert.That(garbage.Detail, Does.Contain("Invalid data"));
            Assert.That(audioOnly.Status, Is.EqualTo(RenditionStatus.NoVideo));
            Assert.That(quickGarbage.Status, Is.EqualTo(RenditionStatus.Unreadable));
            Assert.That(quickAudio.Status, Is.EqualTo(RenditionStatus.NoVideo));
            Assert.That(garbage.Pixels + audioOnly.Pixels, Is.Zero);
        });
    }

    [Test]
    public async Task CountPixelsAsync_BeyondConfiguredLimit_ReportsTooLarge()
    {
        var media = await TestMedia.GetAsync();
        var verifier = new RenditionVerifier(new RenditionVerifierOptions { MaxRenditionBytes = 1024 * 1024 });

        var fromBytes = await verifier.CountPixelsAsync(new byte[(1024 * 1024) + 1]);
        using var oversized = media.Oversized(8 * 1024 * 1024);
        var fromStream = await verifier.CountPixelsAsync(oversized);

        Assert.Multiple(() =>
        {
            Assert.That(fromBytes.Status, Is.EqualTo(RenditionStatus.TooLarge));
            Assert.That(fromStream.Status, Is.EqualTo(RenditionStatus.TooLarge));
        });
    }

    [Test]
    public async Task CountPixelsAsync_TruncatedSegment_CountsTheDecodableFrames()
    {
        var media = await TestMedia.GetAsync();
        var probed = await Ffprobe.CountFramesAsync(media.Truncated);

        var measured = await new RenditionVerifier().CountPixelsAsync(media.Truncated);

        Assert.That(measured.Frames, Is.EqualTo(probed.Frames));
    }

    [Test]
    public async Task CountPixelsAsync_FFprobeMissing_ThrowsInvalidOperation()
    {
        var verifier = new RenditionVerifier(new RenditionVerifierOptions { FFprobePath = "/nonexistent/ffprobe" });

        await Assert.ThrowsAsync<InvalidOperationException>(() => verifier.CountPixelsAsync(new byte[] { 1, 2, 3 }));
    }
}

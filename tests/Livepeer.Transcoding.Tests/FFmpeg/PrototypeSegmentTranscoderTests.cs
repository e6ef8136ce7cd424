using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.FFmpeg;

[Category("FFmpeg")]
public sealed class PrototypeSegmentTranscoderTests
{
    private static readonly PrototypeRendition[] Ladder = [new(640, 360), new(426, 240)];

    private static PrototypeSegmentTranscoder CreateTranscoder() =>
        new(new FFmpegProcessRunner(), FFmpegToolLocator.Resolve("ffmpeg", null)) { Preset = "ultrafast" };

    [TearDown]
    public void NoChildProcessLeft()
    {
        Assert.That(ProcessTable.ChildrenNamed("ffmpeg", "ffprobe", "setsid"), Is.Empty);
    }

    [TestCase("landscape1080", 0)]
    [TestCase("landscape720", 1)]
    [TestCase("fourThree480", 0)]
    [TestCase("portrait960", 0)]
    public async Task TranscodeAsync_GeneratedSegment_FramesAndPixelsEqualFfprobeCount(string source, int segment)
    {
        var media = await TestMedia.GetAsync();
        var input = media.Sources[source].ReadSegment(segment);

        var outputs = await CreateTranscoder().TranscodeAsync(input, Ladder, TimeSpan.FromSeconds(120), CancellationToken.None);

        Assert.That(outputs, Has.Count.EqualTo(Ladder.Length));
        for (var i = 0; i < outputs.Count; i++)
        {
            var probed = await Ffprobe.CountFramesAsync(outputs[i].Bytes.ToArray());
            Assert.Multiple(() =>
            {
                Assert.That(outputs[i].Frames, Is.GreaterThan(0));
                Assert.That((outputs[i].Width, outputs[i].Height), Is.EqualTo((Ladder[i].Width, Ladder[i].Height)));
                Assert.That((outputs[i].Width, outputs[i].Height, outputs[i].Frames), Is.EqualTo(probed), $"output {i}");
                Assert.That(outputs[i].Pixels, Is.EqualTo(probed.Frames * probed.Width * probed.Height));
            });
        }
    }

    [Test]
    public async Task TranscodeAsync_SourceWithAudio_CopiesAudioPacketsBitExactly()
    {
        var media = await TestMedia.GetAsync();
        var input = media.Landscape720.ReadSegment(0);
        var sourceMd5 = await Ffprobe.AudioPacketsMd5Async(input);

        var outputs = await CreateTranscoder().TranscodeAsync(input, Ladder, TimeSpan.FromSeconds(120), CancellationToken.None);

        Assert.That(await Ffprobe.AudioPacketsAsync(input), Is.GreaterThan(10));
        foreach (var output in outputs)
        {
            Assert.That(await Ffprobe.AudioPacketsMd5Async(output.Bytes.ToArray()), Is.EqualTo(sourceMd5));
        }
    }

    [Test]
    public async Task TranscodeAsync_HighBitDepth444Input_EncodesYuv420pOnCpu()
    {
        var media = await TestMedia.GetAsync();

        var outputs = await CreateTranscoder().TranscodeAsync(media.Yuv444p10, [new(320, 240)], TimeSpan.FromSeconds(60), CancellationToken.None);

        var probed = await Ffprobe.CountFramesAsync(outputs[0].Bytes.ToArray());
        Assert.That(outputs[0].Pixels, Is.EqualTo(probed.Frames * 320 * 240));
    }

    [Test]
    public async Task TranscodeAsync_TruncatedSegment_CountsOnlyTheFramesThatWereMuxed()
    {
        var media = await TestMedia.GetAsync();

        var outputs = await CreateTranscoder().TranscodeAsync(media.Truncated, Ladder, TimeSpan.FromSeconds(60), CancellationToken.None);

        var full = await Ffprobe.CountFramesAsync(media.Landscape720.ReadSegment(0));
        var probed = await Ffprobe.CountFramesAsync(outputs[0].Bytes.ToArray());
        Assert.Multiple(() =>
        {
            Assert.That(outputs[0].Frames, Is.EqualTo(probed.Frames));
            Assert.That(outputs[0].Frames, Is.LessThan(full.Frames));
        });
    }

    [Test]
    public async Task TranscodeAsync_AudioOnlySegment_FailsAsNoVideo()
    {
        var media = await TestMedia.GetAsync();

        var error = await Assert.ThrowsAsync<FFmpegException>(() => CreateTranscoder().TranscodeAsync(media.AudioOnly, Ladder, TimeSpan.FromSeconds(60), CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.NoVideo));
    }

    [Test]
    public async Task TranscodeAsync_EmptySegment_FailsAsInvalidInput()
    {
        var error = await Assert.ThrowsAsync<FFmpegException>(() => CreateTranscoder().TranscodeAsync(MediaLibrary.Empty, Ladder, TimeSpan.FromSeconds(60), CancellationToken.None));

        Assert.That(error!.Kind, Is.AnyOf(FFmpegFailureKind.InvalidInput, FFmpegFailureKind.NoVideo));
    }

    [Test]
    public async Task TranscodeAsync_CancelledMidTranscode_LeavesNoProcess()
    {
        var media = await TestMedia.GetAsync();
        var input = media.Landscape1080.ReadSegment(0);
        using var cancellation = new CancellationTokenSource();
        var pid = 0;
        var transcoder = new PrototypeSegmentTranscoder(new FFmpegProcessRunner(), FFmpegToolLocator.Resolve("ffmpeg", null)) { Preset = "medium" };

        var run = transcoder.TranscodeAsync(input, [new(1280, 720), new(640, 360), new(426, 240)], TimeSpan.FromSeconds(120), cancellation.Token, started => pid = started);
        await ProcessTable.EventuallyAsync(() => pid != 0, TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.That(ProcessTable.Exists(pid), Is.True, "ffmpeg should still be transcoding when cancelled");
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(() => run);
        Assert.Multiple(() =>
        {
            Assert.That(ProcessTable.Exists(pid), Is.False);
            Assert.That(ProcessTable.AnyInGroup(pid), Is.False);
        });
    }

    [Test]
    public async Task TranscodeAsync_TimeoutOf50Ms_ReportsTimeoutAndLeavesNoProcess()
    {
        var media = await TestMedia.GetAsync();
        var pid = 0;

        var error = await Assert.ThrowsAsync<FFmpegException>(() => CreateTranscoder().TranscodeAsync(
            media.Landscape1080.ReadSegment(0), Ladder, TimeSpan.FromMilliseconds(50), CancellationToken.None, started => pid = started));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.Timeout));
            Assert.That(ProcessTable.Exists(pid), Is.False);
        });
    }
}

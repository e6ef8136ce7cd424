using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

[Category("FFmpeg")]
public sealed class SessionModeTests : TranscoderTestBase
{
    private static readonly VideoProfile[] Ladder = [VideoProfile.P144p30fps16x9];

    [Test]
    public void Defaults_PrewarmedSessionsWithLpmsIdleTimeout()
    {
        var options = new FFmpegTranscoderOptions();
        Assert.Multiple(() =>
        {
            Assert.That(options.SessionMode, Is.EqualTo(TranscoderSessionMode.Prewarmed));
            Assert.That(options.SessionIdleTimeout, Is.EqualTo(TimeSpan.FromSeconds(70)));
            Assert.That(options.SoftwarePreset, Is.EqualTo("medium"));
        });
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task TranscodeAsync_SecondSegmentOfSession_RunsOnThePreStartedProcess()
    {
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder();
        var options = new TranscodeOptions { SessionId = "s1" };

        var first = await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(0)), Ladder, options, TestToken);
        var afterFirst = StartedProcesses.ToHashSet();
        var warm = afterFirst.Where(ProcessTable.Exists).ToList();

        var second = await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(1)) { SequenceNumber = 1 }, Ladder, options, TestToken);
        var afterSecond = StartedProcesses.ToHashSet();

        Assert.Multiple(() =>
        {
            Assert.That(afterFirst, Has.Count.EqualTo(2), "the segment's process and the one pre-started for the next segment");
            Assert.That(warm, Has.Count.EqualTo(1), "only the pre-started process is still running after the first segment");
            Assert.That(ProcessTable.Exists(warm[0]), Is.False, "the second segment ran on the pre-started process, which then exited");
            Assert.That(afterSecond.Except(afterFirst).Count(), Is.EqualTo(1), "only the next pre-started process was launched");
            Assert.That(second.Renditions[0].Frames, Is.EqualTo(60));
            Assert.That(first.Renditions[0].Pixels, Is.EqualTo(60L * 256 * 144));
        });
        await AssertRenditionAsync(media.Landscape720, second.Renditions[0], await Ffprobe.AudioPacketsMd5Async(media.Landscape720.ReadSegment(1)));

        await transcoder.EndSessionAsync("s1", TestToken);
        Assert.That(await ProcessTable.EventuallyAsync(() => afterSecond.All(pid => !ProcessTable.Exists(pid)), TimeSpan.FromSeconds(10)), Is.True,
            "ending the session stops its pre-started process");
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task TranscodeAsync_LadderChangesWithinSession_DiscardsThePreStartedProcess()
    {
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder();
        var options = new TranscodeOptions { SessionId = "s2" };
        await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(0)), Ladder, options, TestToken);
        var warm = StartedProcesses.Where(ProcessTable.Exists).Single();

        var changed = await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(1)), [VideoProfile.P240p30fps4x3], options, TestToken);

        Assert.Multiple(() =>
        {
            Assert.That((changed.Renditions[0].Width, changed.Renditions[0].Height), Is.EqualTo((320, 180)));
            Assert.That(ProcessTable.Exists(warm), Is.False);
            Assert.That(StartedProcesses, Has.Count.EqualTo(4), "two per segment: the discarded warm one was replaced");
        });
    }

    [Test]
    [CancelAfter(90_000)]
    public async Task TranscodeAsync_ForceSessionReinit_StartsAFreshProcess()
    {
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder();
        await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(0)), Ladder, new TranscodeOptions { SessionId = "s3" }, TestToken);
        var warm = StartedProcesses.Where(ProcessTable.Exists).Single();

        var result = await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(1)), Ladder,
            new TranscodeOptions { SessionId = "s3", ForceSessionReinit = true }, TestToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.Renditions[0].Frames, Is.EqualTo(60));
            Assert.That(ProcessTable.Exists(warm), Is.False);
            Assert.That(StartedProcesses, Has.Count.EqualTo(4));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_NoSegmentWithinIdleTimeout_PreStartedProcessStops()
    {
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder(o => o.SessionIdleTimeout = TimeSpan.FromMilliseconds(300));

        await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(0)), Ladder, new TranscodeOptions { SessionId = "idle" }, TestToken);

        Assert.That(StartedProcesses, Has.Count.EqualTo(2));
        Assert.That(await ProcessTable.EventuallyAsync(() => StartedProcesses.All(pid => !ProcessTable.Exists(pid)), TimeSpan.FromSeconds(10)), Is.True);

        var again = await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(1)), Ladder, new TranscodeOptions { SessionId = "idle" }, TestToken);
        Assert.That(again.Renditions[0].Frames, Is.EqualTo(60), "an expired session starts over");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_SegmentFailsInSession_PreStartedProcessIsStopped()
    {
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder();
        var options = new TranscodeOptions { SessionId = "bad" };
        await transcoder.TranscodeAsync(new TranscodeSegment(media.Landscape720.ReadSegment(0)), Ladder, options, TestToken);

        var error = await Assert.ThrowsAsync<TranscodingException>(() => transcoder.TranscodeAsync(new TranscodeSegment(media.Garbage), Ladder, options, TestToken));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidData));
        Assert.That(await ProcessTable.EventuallyAsync(() => StartedProcesses.All(pid => !ProcessTable.Exists(pid)), TimeSpan.FromSeconds(10)), Is.True,
            "after an error the session keeps no process");
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_PerSegmentMode_OneProcessPerSegmentAndSameCounts()
    {
        var media = await TestMedia.GetAsync();
        var input = media.Landscape720.ReadSegment(0);
        var perSegment = CreateTranscoder(o => o.SessionMode = TranscoderSessionMode.PerSegment);

        var once = await perSegment.TranscodeAsync(new TranscodeSegment(input), Ladder, new TranscodeOptions { SessionId = "p" }, TestToken);
        Assert.That(StartedProcesses, Has.Count.EqualTo(1));
        var prewarmed = await CreateTranscoder().TranscodeAsync(new TranscodeSegment(input), Ladder, new TranscodeOptions { SessionId = "p" }, TestToken);

        Assert.That((prewarmed.Renditions[0].Frames, prewarmed.Renditions[0].Pixels), Is.EqualTo((once.Renditions[0].Frames, once.Renditions[0].Pixels)));
    }
}

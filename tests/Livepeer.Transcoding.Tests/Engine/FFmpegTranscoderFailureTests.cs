using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

[Category("FFmpeg")]
public sealed class FFmpegTranscoderFailureTests : TranscoderTestBase
{
    private static readonly VideoProfile[] Ladder = [VideoProfile.P144p30fps16x9];

    [Test]
    [CancelAfter(30_000)]
    public async Task TranscodeAsync_ZeroBytes_EmptyDataWithoutStartingFfmpeg()
    {
        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(new TranscodeSegment(MediaLibrary.Empty), Ladder, null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.EmptyData));
            Assert.That(error.Message, Is.EqualTo("EmptyData"));
            Assert.That(StartedProcesses, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task TranscodeAsync_GarbageBytes_InvalidDataAsFfmpegReportsIt()
    {
        var media = await TestMedia.GetAsync();

        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(new TranscodeSegment(media.Garbage), Ladder, null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidData));
            Assert.That(error.Message, Is.EqualTo("Invalid data found when processing input"));
            Assert.That(error.InnerException, Is.TypeOf<FFmpegException>());
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task TranscodeAsync_TsWithoutAnyFrame_ZeroFrames()
    {
        var media = await TestMedia.GetAsync();

        // PAT, PMT and the start of the first PES: a video stream is declared but no frame can be decoded.
        var headerOnly = media.Landscape720.ReadSegment(0).AsSpan(0, 188 * 3).ToArray();
        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(new TranscodeSegment(headerOnly), Ladder, null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.ZeroFrames));
            Assert.That(error.Message, Is.EqualTo(TranscodeErrors.GetMessage(TranscodeErrorCode.ZeroFrames)));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task TranscodeAsync_AudioOnly_TranscoderInvalidVideo()
    {
        var media = await TestMedia.GetAsync();

        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(new TranscodeSegment(media.AudioOnly), Ladder, null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidVideo));
            Assert.That(error.Message, Is.EqualTo("TranscoderInvalidVideo"));
            Assert.That(error.IsRetryable, Is.False);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task TranscodeAsync_InputOverConfiguredMax_InputTooLargeWithoutStartingFfmpeg()
    {
        var media = await TestMedia.GetAsync();
        var input = media.Landscape720.ReadSegment(0);

        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder(o => o.MaxInputBytes = input.Length - 1)
            .TranscodeAsync(new TranscodeSegment(input), Ladder, null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InputTooLarge));
            Assert.That(error.Message, Is.EqualTo("input bigger than max buffer size"));
            Assert.That(StartedProcesses, Is.Empty);
            Assert.That(new FFmpegTranscoderOptions().MaxInputBytes, Is.EqualTo(300_000_000));
        });
    }

    [Test]
    public async Task TranscodeAsync_NoProfiles_ConfigurationError()
    {
        var error = await Assert.ThrowsAsync<TranscodingConfigurationException>(() => CreateTranscoder().TranscodeAsync(new TranscodeSegment(new byte[] { 0x47 }), [], null, TestToken));

        Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidConfiguration));
    }

    [Test]
    public async Task TranscodeAsync_ElevenProfiles_TooManyOutputs()
    {
        var profiles = Enumerable.Repeat(VideoProfile.P144p30fps16x9, TranscodeLimits.MaxOutputs + 1).ToArray();

        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(new TranscodeSegment(new byte[] { 0x47 }), profiles, null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.TooManyOutputs));
            Assert.That(error.Message, Is.EqualTo("Too many outputs"));
            Assert.That(StartedProcesses, Is.Empty);
        });
    }

    [Test]
    public async Task TranscodeAsync_DeviceRequestedWithoutGpu_InvalidHardware()
    {
        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(
            new TranscodeSegment(new byte[] { 0x47 }), Ladder, new TranscodeOptions { Device = 0 }, TestToken));

        Assert.That(error!.Message, Is.EqualTo("TranscoderInvalidHardware"));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_FrameRateOver25TimesTheInput_EncodedFramesRunaway()
    {
        var media = await TestMedia.GetAsync();
        var runaway = new VideoProfile("runaway", 0, 0, 100_000, new FrameRate(2000));

        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(
            new TranscodeSegment(media.FourThree480.ReadSegment(0)), [runaway], null, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.EncodedFramesRunaway));
            Assert.That(error.Message, Is.EqualTo("Encoded frames runaway"));
        });
    }

    [Test]
    public void Create_FfmpegPathMissing_InvalidOperation()
    {
        Assert.Throws<InvalidOperationException>(() => FFmpegTranscoder.Create(new FFmpegTranscoderOptions { FFmpegPath = "/nonexistent/ffmpeg" }));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_TimeoutOf50Ms_TimeoutErrorAndNoProcessLeft()
    {
        var media = await TestMedia.GetAsync();

        var error = await Assert.ThrowsAsync<TranscodingException>(() => CreateTranscoder().TranscodeAsync(
            new TranscodeSegment(media.Landscape1080.ReadSegment(0)), [VideoProfile.P720p30fps16x9], new TranscodeOptions { Timeout = TimeSpan.FromMilliseconds(50) }, TestToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(TranscodeErrorCode.Timeout));
            Assert.That(error.Message, Is.EqualTo("Remote transcoder took too long"));
            Assert.That(StartedProcesses, Has.Count.EqualTo(1));
            Assert.That(StartedProcesses.All(pid => !ProcessTable.Exists(pid)), Is.True, "the timed-out ffmpeg must be reaped before the call returns");
        });
    }

    [TestCase(TranscoderSessionMode.PerSegment)]
    [TestCase(TranscoderSessionMode.Prewarmed)]
    [CancelAfter(60_000)]
    public async Task TranscodeAsync_CancelledMidTranscode_OperationCanceledAndNoProcessLeft(TranscoderSessionMode mode)
    {
        var media = await TestMedia.GetAsync();
        var transcoder = CreateTranscoder(o =>
        {
            o.SoftwarePreset = "medium";
            o.SessionMode = mode;
        });
        using var cancellation = new CancellationTokenSource();

        var run = transcoder.TranscodeAsync(
            new TranscodeSegment(media.Landscape1080.ReadSegment(0)),
            [VideoProfile.P720p30fps16x9, VideoProfile.P360p30fps16x9],
            new TranscodeOptions { SessionId = "cancelled" },
            cancellation.Token);
        await ProcessTable.EventuallyAsync(() => StartedProcesses.Count > 0, TimeSpan.FromSeconds(10));
        await Task.Delay(300, TestToken);
        Assert.That(run.IsCompleted, Is.False, "ffmpeg should still be transcoding when cancelled");
        await cancellation.CancelAsync();

        var error = await Assert.CatchAsync<OperationCanceledException>(() => run);
        Assert.That(error!.CancellationToken, Is.EqualTo(cancellation.Token));
        var running = StartedProcesses.First();
        Assert.That(ProcessTable.Exists(running), Is.False, "the cancelled ffmpeg must be reaped before the call returns");
    }
}

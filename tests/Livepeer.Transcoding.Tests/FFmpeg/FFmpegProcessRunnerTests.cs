using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.FFmpeg;

[Category("FFmpeg")]
public sealed class FFmpegProcessRunnerTests
{
    private static readonly string FFmpegPath = FFmpegToolLocator.Resolve("ffmpeg", null);

    // A run that lasts as long as the test lets it: real-time lavfi into the null muxer.
    private static readonly string[] SlowRun = ["-hide_banner", "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc2=s=160x120:d=60", "-f", "null", "-"];

    [TearDown]
    public void NoChildProcessLeft()
    {
        Assert.That(ProcessTable.ChildrenNamed("ffmpeg", "ffprobe", "setsid"), Is.Empty, "a tool process started by this test is still around");
    }

    [Test]
    public void Resolve_ConfiguredPathMissing_ThrowsToolNotFound()
    {
        var error = Assert.Throws<FFmpegException>(() => FFmpegToolLocator.Resolve("ffmpeg", "/nonexistent/ffmpeg"));
        Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.ToolNotFound));
    }

    [Test]
    public async Task RunAsync_ExecutableMissing_ThrowsToolNotFound()
    {
        var runner = new FFmpegProcessRunner();
        var error = await Assert.ThrowsAsync<FFmpegException>(() => runner.RunAsync(new FFmpegProcessRequest("/nonexistent/ffmpeg", ["-version"]), CancellationToken.None));
        // setsid exists and exits 127 when it cannot exec its target; without setsid Process.Start fails.
        Assert.That(error!.Kind, Is.AnyOf(FFmpegFailureKind.ToolNotFound, FFmpegFailureKind.ProcessFailed));
    }

    [Test]
    public async Task RunAsync_Running_ChildLeadsItsOwnProcessGroup()
    {
        var runner = new FFmpegProcessRunner();
        using var cancellation = new CancellationTokenSource();
        int? pid = null;
        int? group = null;
        var run = runner.RunAsync(new FFmpegProcessRequest(FFmpegPath, SlowRun)
        {
            Started = started => pid = started,
        }, cancellation.Token);

        await ProcessTable.EventuallyAsync(() => pid is not null, TimeSpan.FromSeconds(10));
        // setsid makes the group between fork and exec, so the first read can still see the parent's group.
        await ProcessTable.EventuallyAsync(() => (group = ProcessTable.ProcessGroup(pid!.Value)) == pid, TimeSpan.FromSeconds(10));
        await cancellation.CancelAsync();
        await Assert.CatchAsync<OperationCanceledException>(() => run);
        Assert.Multiple(() =>
        {
            Assert.That(group, Is.EqualTo(pid), "ffmpeg must lead its own process group so the group can be killed");
            Assert.That(ProcessTable.Exists(pid!.Value), Is.False);
            Assert.That(ProcessTable.AnyInGroup(pid.Value), Is.False);
        });
    }

    [Test]
    public async Task RunAsync_TimeoutOf50Ms_KillsAndReportsTimeout()
    {
        var runner = new FFmpegProcessRunner();
        var pid = 0;
        var error = await Assert.ThrowsAsync<FFmpegException>(() => runner.RunAsync(
            new FFmpegProcessRequest(FFmpegPath, SlowRun) { Timeout = TimeSpan.FromMilliseconds(50), Started = started => pid = started },
            CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.Timeout));
            Assert.That(pid, Is.Not.Zero);
            Assert.That(ProcessTable.Exists(pid), Is.False, "the killed ffmpeg must be reaped");
        });
    }

    [Test]
    public async Task RunAsync_GarbageOnStdin_ClassifiedInvalidInputWithStderrTail()
    {
        var media = await TestMedia.GetAsync();
        var runner = new FFmpegProcessRunner();
        var error = await Assert.ThrowsAsync<FFmpegException>(() => runner.RunAsync(
            new FFmpegProcessRequest(FFmpegPath, ["-hide_banner", "-nostdin", "-v", "error", "-i", "pipe:0", "-f", "null", "-"]) { InputBytes = media.Garbage },
            CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.InvalidInput));
            Assert.That(error.ExitCode, Is.Not.Zero);
            Assert.That(error.StderrTail, Does.Contain("Invalid data found"));
        });
    }

    [Test]
    public async Task RunAsync_InputStreamBeyondLimit_ThrowsInputTooLarge()
    {
        var media = await TestMedia.GetAsync();
        var runner = new FFmpegProcessRunner();
        const long limit = 2 * 1024 * 1024;
        using var input = media.Oversized(limit * 4);
        var error = await Assert.ThrowsAsync<FFmpegException>(() => runner.RunAsync(
            new FFmpegProcessRequest(FFmpegPath, ["-hide_banner", "-nostdin", "-v", "error", "-i", "pipe:0", "-f", "null", "-"]) { InputStream = input, MaxInputBytes = limit },
            CancellationToken.None));

        Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.InputTooLarge));
    }

    [Test]
    public async Task RunAsync_InputBytesBeyondLimit_ThrowsBeforeStarting()
    {
        var runner = new FFmpegProcessRunner();
        var started = false;
        var error = await Assert.ThrowsAsync<FFmpegException>(() => runner.RunAsync(
            new FFmpegProcessRequest(FFmpegPath, ["-i", "pipe:0", "-f", "null", "-"]) { InputBytes = new byte[1001], MaxInputBytes = 1000, Started = _ => started = true },
            CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.InputTooLarge));
            Assert.That(started, Is.False);
        });
    }

    [Test]
    public async Task RunAsync_OutputBeyondLimit_ThrowsOutputTooLargeAndKills()
    {
        var runner = new FFmpegProcessRunner();
        await using var outputs = UnixSocketOutputTransport.Create(1, 64 * 1024);
        var pid = 0;
        var error = await Assert.ThrowsAsync<FFmpegException>(() => runner.RunAsync(
            new FFmpegProcessRequest(FFmpegPath, ["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=640x360:d=20", "-c:v", "rawvideo", "-f", "nut", outputs.OutputUrls[0]])
            {
                Outputs = outputs,
                Started = started => pid = started,
            },
            CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.OutputTooLarge));
            Assert.That(ProcessTable.Exists(pid), Is.False);
        });
    }

    [Test]
    public async Task RunAsync_OutputNeverOpenedBecauseFFmpegFailed_DoesNotHang()
    {
        var runner = new FFmpegProcessRunner();
        await using var outputs = UnixSocketOutputTransport.Create(3, 1024 * 1024);
        var run = runner.RunAsync(
            new FFmpegProcessRequest(FFmpegPath, ["-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=64x64:d=0.1", "-c:v", "no_such_encoder", "-f", "mpegts", outputs.OutputUrls[0]])
            {
                Outputs = outputs,
                Timeout = TimeSpan.FromSeconds(30),
            },
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<FFmpegException>(() => run);
        Assert.Multiple(() =>
        {
            Assert.That(error!.Kind, Is.EqualTo(FFmpegFailureKind.ComponentNotFound));
            Assert.That(outputs.WasOpened(0) || outputs.WasOpened(1) || outputs.WasOpened(2), Is.False);
        });
    }

    [Test]
    public async Task RunAsync_StdoutLines_AreDelivered()
    {
        var runner = new FFmpegProcessRunner();
        var lines = new List<string>();
        var result = await runner.RunAsync(new FFmpegProcessRequest(FFmpegPath, ["-hide_banner", "-version"]) { StdoutLine = lines.Add }, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(lines, Has.Some.StartsWith("ffmpeg version"));
        });
    }

    [Test]
    public async Task Dispose_Transport_RemovesItsPrivateDirectory()
    {
        var outputs = UnixSocketOutputTransport.Create(2, 1024);
        var socketPath = outputs.OutputUrls[0]["unix:".Length..];
        var directory = Path.GetDirectoryName(socketPath)!;
        Assume.That(OperatingSystem.IsWindows(), Is.False);
        Assert.That(OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));

        await outputs.DisposeAsync();

        Assert.That(Directory.Exists(directory), Is.False);
    }
}

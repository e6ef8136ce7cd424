using System.Diagnostics;
using System.Runtime.InteropServices;
using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.FFmpeg;

/// <summary>
/// The measurement behind the choice of Unix sockets over named FIFOs (docs/designs/transcoding-engine.md).
/// Explicit: it prints timings rather than asserting them. The FIFO transport lives here as the losing prototype.
/// </summary>
[Explicit("measurement")]
[Category("FFmpeg")]
public sealed class OutputTransportMeasurement
{
    private const int Rounds = 5;

    [Test]
    public async Task Measure_FourRawOutputsAndFourX264Outputs_PrintsTimingsPerTransport()
    {
        var media = await TestMedia.GetAsync();
        var ffmpeg = FFmpegToolLocator.Resolve("ffmpeg", null);
        var runner = new FFmpegProcessRunner();
        var segment = media.Landscape720.ReadSegment(0);

        foreach (var transportName in new[] { "unix", "fifo", "unix", "fifo" })
        {
            var raw = new List<double>();
            var x264 = new List<double>();
            long rawBytes = 0;
            for (var round = 0; round < Rounds; round++)
            {
                await using (var outputs = Create(transportName, 4))
                {
                    List<string> arguments = ["-y", "-hide_banner", "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30:d=2"];
                    foreach (var url in outputs.OutputUrls)
                    {
                        arguments.AddRange(["-map", "0:v", "-c:v", "rawvideo", "-f", "nut", url]);
                    }

                    var stopwatch = Stopwatch.StartNew();
                    var result = await runner.RunAsync(new FFmpegProcessRequest(ffmpeg, arguments) { Outputs = outputs }, CancellationToken.None);
                    raw.Add(stopwatch.Elapsed.TotalMilliseconds);
                    rawBytes = result.Outputs.Sum(o => (long)o.Length);
                }

                await using (var outputs = Create(transportName, 4))
                {
                    VideoProfile[] ladder = [VideoProfile.P720p30fps16x9, new("P480p", 854, 480, 2_000_000, new FrameRate(30)), VideoProfile.P360p30fps16x9, VideoProfile.P240p30fps16x9];
                    var arguments = TranscodePlan.Create(ladder, null, CudaScaler.Npp, "veryfast").BuildArguments(outputs.OutputUrls);
                    arguments.Insert(0, "-y");
                    var stopwatch = Stopwatch.StartNew();
                    await runner.RunAsync(new FFmpegProcessRequest(ffmpeg, arguments) { Outputs = outputs, InputBytes = segment }, CancellationToken.None);
                    x264.Add(stopwatch.Elapsed.TotalMilliseconds);
                }
            }

            TestContext.Out.WriteLine($"{transportName}: raw 4 outputs {rawBytes / 1e6:0} MB median {Median(raw):0} ms; x264 ladder 720p segment median {Median(x264):0} ms");
        }

        Assert.Pass();
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static IFFmpegOutputTransport Create(string name, int count) =>
        name == "unix" ? UnixSocketOutputTransport.Create(count, 2_000_000_000) : FifoOutputTransport.Create(count);

    /// <summary>Named FIFOs made with mkfifo(3) in a private directory; each is read on a thread of its own.</summary>
    private sealed class FifoOutputTransport : IFFmpegOutputTransport
    {
        private readonly string _directory;
        private readonly string[] _paths;
        private readonly byte[][] _received;
        private readonly bool[] _opened;

        private FifoOutputTransport(string directory, string[] paths)
        {
            _directory = directory;
            _paths = paths;
            _received = new byte[paths.Length][];
            _opened = new bool[paths.Length];
            Array.Fill(_received, []);
        }

        public IReadOnlyList<string> OutputUrls => _paths.Select(p => "file:" + p).ToArray();

        public IReadOnlyList<ReadOnlyMemory<byte>> Outputs => _received.Select(b => (ReadOnlyMemory<byte>)b).ToArray();

        public static FifoOutputTransport Create(int count)
        {
            var directory = PrivateTempDirectory.Create();
            var paths = new string[count];
            for (var i = 0; i < count; i++)
            {
                paths[i] = Path.Combine(directory, $"o{i}.fifo");
                Assert.That(MakeFifo(paths[i], 0b110_000_000), Is.Zero, "mkfifo failed");
            }

            return new FifoOutputTransport(directory, paths);
        }

        public Task ReceiveAsync(CancellationToken cancellationToken) =>
            Task.WhenAll(_paths.Select((path, index) => Task.Factory.StartNew(
                () =>
                {
                    // open(2) on a FIFO blocks until ffmpeg opens it for writing; that block cannot be cancelled,
                    // which is why OnProcessExited has to open the never-used FIFOs itself.
                    using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
                    _opened[index] = true;
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy, 256 * 1024);
                    _received[index] = copy.ToArray();
                },
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default)));

        public void OnProcessExited()
        {
            for (var i = 0; i < _paths.Length; i++)
            {
                if (!_opened[i])
                {
                    // Unblocks a reader still waiting in open(2); a reader that has not reached open yet would
                    // make this open block instead, one of the races that made FIFOs the less robust choice.
                    var writer = Task.Run(() => new FileStream(_paths[i], FileMode.Open, FileAccess.Write).Dispose());
                    writer.Wait(TimeSpan.FromSeconds(1));
                }
            }
        }

        public bool WasOpened(int index) => _opened[index];

        public ValueTask DisposeAsync()
        {
            PrivateTempDirectory.TryDelete(_directory);
            return ValueTask.CompletedTask;
        }

        [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);
    }
}

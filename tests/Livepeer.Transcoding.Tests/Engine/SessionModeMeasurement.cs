using System.Diagnostics;
using System.Globalization;
using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

/// <summary>
/// Measures segment latency and CPU of <see cref="TranscoderSessionMode.PerSegment"/> against
/// <see cref="TranscoderSessionMode.Prewarmed"/> (numbers in docs/designs/transcoding-engine.md). Explicit: minutes of CPU.
/// </summary>
[Explicit("A measurement, not a check: run it by name.")]
[Category("Measurement")]
public sealed class SessionModeMeasurement : TranscoderTestBase
{
    private const int SegmentsPerRun = 4;
    private const int Rounds = 2;

    private static readonly VideoProfile[] Ladder =
    [
        VideoProfile.P240p30fps16x9,
        VideoProfile.P360p30fps16x9,
        new("P480p30fps16x9", 854, 480, 2_000_000, new FrameRate(30)),
        VideoProfile.P720p30fps16x9,
    ];

    [TestCase("landscape1080", "medium", 4)]
    [TestCase("landscape720", "medium", 4)]
    [TestCase("landscape720", "ultrafast", 1)]
    [CancelAfter(600_000)]
    public async Task Measure_PerSegmentVersusPrewarmed(string sourceName, string preset, int rungs)
    {
        var media = await TestMedia.GetAsync();
        var segment = media.Sources[sourceName].ReadSegment(0);
        var ladder = Ladder.Skip(Ladder.Length - rungs).ToArray();
        var samples = new Dictionary<TranscoderSessionMode, (List<double> Warm, List<double> Cold, double CpuSeconds, int Segments)>
        {
            [TranscoderSessionMode.PerSegment] = ([], [], 0, 0),
            [TranscoderSessionMode.Prewarmed] = ([], [], 0, 0),
        };

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var mode in new[] { TranscoderSessionMode.PerSegment, TranscoderSessionMode.Prewarmed })
            {
                var transcoder = CreateTranscoder(o =>
                {
                    o.SessionMode = mode;
                    o.SoftwarePreset = preset;
                });
                var cpuBefore = ChildCpuSeconds();
                var (warm, cold, cpu, count) = samples[mode];
                for (var i = 0; i < SegmentsPerRun; i++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    await transcoder.TranscodeAsync(new TranscodeSegment(segment) { SequenceNumber = i }, ladder, new TranscodeOptions { SessionId = "m" }, TestToken);
                    (i == 0 ? cold : warm).Add(stopwatch.Elapsed.TotalMilliseconds);
                }

                // Ending the session reaps the last pre-started process, so its CPU is counted too.
                await transcoder.EndSessionAsync("m", TestToken);
                await transcoder.DisposeAsync();
                samples[mode] = (warm, cold, cpu + ChildCpuSeconds() - cpuBefore, count + SegmentsPerRun);
            }
        }

        foreach (var (mode, (warm, cold, cpu, count)) in samples)
        {
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sourceName} {preset} {rungs} rung(s) {mode}: first segment {Median(cold):0} ms, later segments median {Median(warm):0} ms (min {warm.Min():0}, max {warm.Max():0}), CPU {cpu / count:0.000} s per segment"));
        }

        Assert.That(samples.Values.All(s => s.Warm.Count == Rounds * (SegmentsPerRun - 1)), Is.True);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    // cutime + cstime of /proc/self/stat: CPU of every child this process has waited for, in clock ticks (100 Hz).
    private static double ChildCpuSeconds()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / 100.0;
    }
}

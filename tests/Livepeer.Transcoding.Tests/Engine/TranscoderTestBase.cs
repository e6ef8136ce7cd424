using System.Collections.Concurrent;
using System.Globalization;
using Livepeer.Transcoding.Tests.Media;

namespace Livepeer.Transcoding.Tests.Engine;

/// <summary>
/// Creates engines with a fast x264 preset (the tests check sizes, counts, timing and audio, which the preset does not
/// change) and proves after every test that no ffmpeg process it started is left.
/// </summary>
public abstract class TranscoderTestBase
{
    private readonly ConcurrentBag<int> _pids = [];
    private readonly List<FFmpegSegmentTranscoder> _transcoders = [];

    internal IReadOnlyCollection<int> StartedProcesses => _pids;

    internal FFmpegSegmentTranscoder CreateTranscoder(Action<FFmpegTranscoderOptions>? configure = null)
    {
        var options = new FFmpegTranscoderOptions
        {
            SoftwarePreset = "ultrafast",
            Hardware = HardwareInfo.SoftwareOnly,
            Timeout = TimeSpan.FromSeconds(60),
        };
        configure?.Invoke(options);
        var transcoder = (FFmpegSegmentTranscoder)FFmpegTranscoder.Create(options);
        transcoder.ProcessStarted = _pids.Add;
        _transcoders.Add(transcoder);
        return transcoder;
    }

    [TearDown]
    public async Task DisposeAndCheckNoProcessLeft()
    {
        foreach (var transcoder in _transcoders)
        {
            await transcoder.DisposeAsync();
        }

        _transcoders.Clear();
        var pids = _pids.ToArray();
        _pids.Clear();
        var allGone = await ProcessTable.EventuallyAsync(() => pids.All(pid => !ProcessTable.Exists(pid)), TimeSpan.FromSeconds(10));
        Assert.Multiple(() =>
        {
            Assert.That(allGone, Is.True, "an ffmpeg process started by the engine is still alive");
            Assert.That(ProcessTable.ChildrenNamed("ffmpeg", "ffprobe", "setsid"), Is.Empty);
        });
    }

    internal static CancellationToken TestToken => TestContext.CurrentContext.CancellationToken;

    /// <summary>Checks a rendition against independent ffprobe/ffmpeg measurements.</summary>
    internal static async Task<ProbedVideo> AssertRenditionAsync(MediaSource source, TranscodedRendition rendition, string? sourceAudioMd5)
    {
        var profile = rendition.Profile;
        var expected = OutputSizeRule.Compute(profile, new VideoSize(source.Width, source.Height));
        var bytes = rendition.Data.ToArray();
        var probe = await VideoProbe.ProbeAsync(bytes);
        var measured = await new RenditionVerifier().CountPixelsAsync(bytes);
        var audioMd5 = sourceAudioMd5 is null ? null : await Ffprobe.AudioPacketsMd5Async(bytes);

        Assert.Multiple(() =>
        {
            var name = profile.Name;
            Assert.That(new VideoSize(rendition.Width, rendition.Height), Is.EqualTo(expected), name);
            Assert.That(probe.Frames.Select(f => new VideoSize(f.Width, f.Height)).Distinct(), Is.EqualTo(new[] { expected }), name);
            Assert.That(rendition.Frames, Is.EqualTo(probe.Frames.Count), name);
            Assert.That(rendition.Pixels, Is.EqualTo(rendition.Frames * expected.Pixels), name);
            Assert.That(measured.Status, Is.EqualTo(RenditionStatus.Ok), name);
            Assert.That(rendition.Pixels, Is.EqualTo(measured.Pixels), $"{name}: pixels must equal the verifier's count");
            Assert.That(probe.Frames[0].KeyFrame, Is.True, $"{name}: the first frame must be a keyframe");
            Assert.That(probe.Frames[0].PictureType, Is.EqualTo("I"), name);
            Assert.That(probe.PixelFormat, Is.EqualTo("yuv420p"), name);
            if (!profile.FrameRate.IsPassthrough)
            {
                Assert.That(probe.FrameRate, Is.EqualTo(string.Create(CultureInfo.InvariantCulture, $"{profile.FrameRate.Num}/{profile.FrameRate.Den}")), name);
            }

            if (sourceAudioMd5 is not null)
            {
                Assert.That(audioMd5, Is.EqualTo(sourceAudioMd5), $"{name}: audio packets must be copied unchanged");
            }
        });

        return probe;
    }
}

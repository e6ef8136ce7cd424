using Microsoft.Extensions.Configuration;

namespace Livepeer.Transcoding.Tests.Hosting;

public sealed class LivepeerTranscodingOptionsTests
{
    [Test]
    public void Validate_Defaults_Succeeds()
    {
        var result = new LivepeerTranscodingOptionsValidator().Validate(null, new LivepeerTranscodingOptions());

        Assert.That(result.Succeeded, Is.True, result.FailureMessage);
    }

    [TestCase(nameof(LivepeerTranscodingOptions.MaxSessions), "Livepeer:Transcoding:MaxSessions")]
    [TestCase("Cpu", "Livepeer:Transcoding:MaxConcurrentPerDevice:Cpu")]
    [TestCase("Gpu", "Livepeer:Transcoding:MaxConcurrentPerDevice:Gpu")]
    [TestCase(nameof(LivepeerTranscodingOptions.Devices), "Livepeer:Transcoding:Devices")]
    [TestCase(nameof(LivepeerTranscodingOptions.SegmentTimeout), "Livepeer:Transcoding:SegmentTimeout")]
    [TestCase(nameof(LivepeerTranscodingOptions.SessionIdleTimeout), "Livepeer:Transcoding:SessionIdleTimeout")]
    [TestCase(nameof(LivepeerTranscodingOptions.SessionMode), "Livepeer:Transcoding:SessionMode")]
    [TestCase(nameof(LivepeerTranscodingOptions.MaxInputBytes), "Livepeer:Transcoding:MaxInputBytes")]
    [TestCase(nameof(LivepeerTranscodingOptions.FFmpegPath), "Livepeer:Transcoding:FFmpegPath")]
    [TestCase(nameof(LivepeerTranscodingOptions.FFprobePath), "Livepeer:Transcoding:FFprobePath")]
    [TestCase("NoDevice", "Livepeer:Transcoding:MaxConcurrentPerDevice:Cpu is 0 while Livepeer:Transcoding:Devices is 'none'")]
    public void Validate_InvalidSetting_FailsNamingIt(string setting, string expected)
    {
        var options = new LivepeerTranscodingOptions();
        switch (setting)
        {
            case nameof(LivepeerTranscodingOptions.MaxSessions): options.MaxSessions = 0; break;
            case "Cpu": options.MaxConcurrentPerDevice.Cpu = -1; break;
            case "Gpu": options.MaxConcurrentPerDevice.Gpu = 0; break;
            case nameof(LivepeerTranscodingOptions.Devices): options.Devices = "gpu0"; break;
            case nameof(LivepeerTranscodingOptions.SegmentTimeout): options.SegmentTimeout = TimeSpan.Zero; break;
            case nameof(LivepeerTranscodingOptions.SessionIdleTimeout): options.SessionIdleTimeout = TimeSpan.FromHours(2); break;
            case nameof(LivepeerTranscodingOptions.SessionMode): options.SessionMode = (TranscoderSessionMode)7; break;
            case nameof(LivepeerTranscodingOptions.MaxInputBytes): options.MaxInputBytes = TranscodeLimits.MaxSegmentBytes + 1; break;
            case nameof(LivepeerTranscodingOptions.FFmpegPath): options.FFmpegPath = "/nonexistent/ffmpeg"; break;
            case nameof(LivepeerTranscodingOptions.FFprobePath): options.FFprobePath = "/nonexistent/ffprobe"; break;
            default:
                options.Devices = "none";
                options.MaxConcurrentPerDevice.Cpu = 0;
                break;
        }

        var result = new LivepeerTranscodingOptionsValidator().Validate(null, options);

        Assert.That(result.Failed, Is.True);
        Assert.That(result.Failures, Has.Exactly(1).Contains(expected));
    }

    [TestCase("all", true, new int[0])]
    [TestCase("ALL", true, new int[0])]
    [TestCase("none", false, new int[0])]
    [TestCase("0,1", false, new[] { 0, 1 })]
    [TestCase(" 2 , 0 ,2", false, new[] { 2, 0 })]
    public void DeviceSelection_TryParse_ValidText_Parses(string text, bool all, int[] pinned)
    {
        Assert.That(DeviceSelection.TryParse(text, out var selection, out _), Is.True);
        Assert.That(selection!.All, Is.EqualTo(all));
        Assert.That(selection.Pinned, Is.EqualTo(pinned));
    }

    [TestCase("")]
    [TestCase("0,,1")]
    [TestCase("-1")]
    [TestCase("cuda:0")]
    [TestCase("all,0")]
    public void DeviceSelection_TryParse_InvalidText_Fails(string text)
    {
        Assert.That(DeviceSelection.TryParse(text, out _, out var error), Is.False);
        Assert.That(error, Does.Contain(text));
    }

    [Test]
    public void Bind_ConfigurationSection_SetsEveryOption()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Transcoding:FFmpegPath"] = "/opt/ffmpeg/bin/ffmpeg",
            ["Livepeer:Transcoding:FFprobePath"] = "/opt/ffmpeg/bin/ffprobe",
            ["Livepeer:Transcoding:Devices"] = "0,1",
            ["Livepeer:Transcoding:MaxSessions"] = "25",
            ["Livepeer:Transcoding:MaxConcurrentPerDevice:Cpu"] = "3",
            ["Livepeer:Transcoding:MaxConcurrentPerDevice:Gpu"] = "12",
            ["Livepeer:Transcoding:SegmentTimeout"] = "00:00:20",
            ["Livepeer:Transcoding:SessionIdleTimeout"] = "00:02:00",
            ["Livepeer:Transcoding:SessionMode"] = "Prewarmed",
            ["Livepeer:Transcoding:MaxInputBytes"] = "1000000",
        }).Build();
        var options = new LivepeerTranscodingOptions();

        configuration.GetSection(LivepeerTranscodingOptions.SectionName).Bind(options);

        Assert.Multiple(() =>
        {
            Assert.That(options.FFmpegPath, Is.EqualTo("/opt/ffmpeg/bin/ffmpeg"));
            Assert.That(options.FFprobePath, Is.EqualTo("/opt/ffmpeg/bin/ffprobe"));
            Assert.That(options.Devices, Is.EqualTo("0,1"));
            Assert.That(options.MaxSessions, Is.EqualTo(25));
            Assert.That(options.MaxConcurrentPerDevice.Cpu, Is.EqualTo(3));
            Assert.That(options.MaxConcurrentPerDevice.Gpu, Is.EqualTo(12));
            Assert.That(options.SegmentTimeout, Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(options.SessionIdleTimeout, Is.EqualTo(TimeSpan.FromMinutes(2)));
            Assert.That(options.SessionMode, Is.EqualTo(TranscoderSessionMode.Prewarmed));
            Assert.That(options.MaxInputBytes, Is.EqualTo(1_000_000));
        });
    }
}

using Livepeer.Transcoding.Tests.Media;
using Livepeer.Transcoding.Tests.Pool;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Livepeer.Transcoding.Tests.Hosting;

public sealed class LivepeerTranscodingServiceCollectionExtensionsTests
{
    [Test]
    public async Task AddLivepeerTranscoding_Resolve_RegistersPoolAsTheTranscoderAndTheHelpers()
    {
        var services = new ServiceCollection();
        services.AddLivepeerTranscoding(o => o.Devices = "none");
        await using var provider = services.BuildServiceProvider();

        var transcoder = provider.GetRequiredService<ITranscoder>();

        Assert.That(transcoder, Is.SameAs(provider.GetRequiredService<ITranscoderPool>()));
        Assert.That(transcoder, Is.InstanceOf<TranscoderPool>());
        Assert.That(provider.GetService<HardwareProbe>(), Is.Not.Null);
        Assert.That(provider.GetService<RenditionVerifier>(), Is.Not.Null);
        var engine = provider.GetRequiredService<TranscoderEngineRegistration>().Engine;
        Assert.That(engine, Is.Not.InstanceOf<TranscoderPool>());
        Assert.That(engine, Is.InstanceOf<IAsyncDisposable>());
    }

    [Test]
    public void AddLivepeerTranscoding_CalledTwiceAfterUserTranscoder_KeepsUserRegistrationAndAddsNothingTwice()
    {
        var services = new ServiceCollection();
        var mine = new FakeTranscoder();
        services.AddSingleton<ITranscoder>(mine);

        var builder = services.AddLivepeerTranscoding();
        services.AddLivepeerTranscoding();
        using var provider = services.BuildServiceProvider();

        Assert.That(builder.Services, Is.SameAs(services));
        Assert.That(provider.GetRequiredService<ITranscoder>(), Is.SameAs(mine));
        Assert.That(services.Count(d => d.ServiceType == typeof(IHostedService)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IValidateOptions<LivepeerTranscodingOptions>)), Is.EqualTo(1));
    }

    [Test]
    public async Task AddLivepeerTranscoding_ConfigurationSection_BindsAndAppliesOptions()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Transcoding:Devices"] = "none",
            ["Livepeer:Transcoding:MaxSessions"] = "1",
            ["Livepeer:Transcoding:MaxConcurrentPerDevice:Cpu"] = "3",
        });
        var engine = new FakeTranscoder();
        builder.Services.AddSingleton(new TranscoderEngineRegistration(engine, ownsEngine: false));
        builder.Services.AddLivepeerTranscoding(builder.Configuration.GetSection(LivepeerTranscodingOptions.SectionName));
        using var host = builder.Build();

        await host.StartAsync();
        try
        {
            var pool = host.Services.GetRequiredService<ITranscoderPool>();
            Assert.That(pool.GetSnapshot().Devices, Is.EqualTo(new[] { new TranscoderDeviceLoad(null, 0, 0, 0, 3) }), "devices are probed at start");

            var profiles = new[] { VideoProfile.P240p30fps16x9 };
            await pool.TranscodeAsync(new TranscodeSegment(new byte[] { 1 }), profiles, new TranscodeOptions { SessionId = "a" });
            var capped = await Assert.ThrowsAsync<TranscodingException>(() => pool.TranscodeAsync(new TranscodeSegment(new byte[] { 1 }), profiles, new TranscodeOptions { SessionId = "b" }));

            Assert.That(capped!.ErrorCode, Is.EqualTo(TranscodeErrorCode.OrchestratorCapped));
            Assert.That(engine.Calls.Single().SessionId, Is.EqualTo("a"));
        }
        finally
        {
            await host.StopAsync();
        }

        await ((IAsyncDisposable)host).DisposeAsync();
        Assert.That(engine.EndedSessions, Is.EqualTo(new[] { "a" }), "disposing the container ends the pool's sessions");
    }

    [Test]
    public async Task StartAsync_InvalidOptions_FailsNamingTheSetting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLivepeerTranscoding(o =>
        {
            o.Devices = "none";
            o.MaxSessions = 0;
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.That(error!.Message, Does.Contain("Livepeer:Transcoding:MaxSessions must be at least 1."));
    }

    [Test]
    public async Task TranscoderPoolFactory_Create_InvalidOptions_ThrowsNamingTheSetting()
    {
        var options = new LivepeerTranscodingOptions { SessionIdleTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(() => TranscoderPoolFactory.Create(new FakeTranscoder(), HardwareInfo.SoftwareOnly, options));
        var asyncError = await Assert.ThrowsAsync<ArgumentException>(() => TranscoderPoolFactory.CreateAsync(options));

        Assert.That(error!.Message, Does.Contain("Livepeer:Transcoding:SessionIdleTimeout"));
        Assert.That(asyncError!.Message, Does.Contain("Livepeer:Transcoding:SessionIdleTimeout"));
    }

    [Test]
    [Category("FFmpeg")]
    public async Task AddLivepeerTranscoding_GeneratedSegment_TranscodesEndToEndWithExactPixels()
    {
        var media = await TestMedia.GetAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddLivepeerTranscoding(o =>
        {
            o.Devices = "none";
            o.MaxConcurrentPerDevice.Cpu = 1;
        });
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var transcoder = host.Services.GetRequiredService<ITranscoder>();
            var verifier = host.Services.GetRequiredService<RenditionVerifier>();
            var segment = new TranscodeSegment(media.Landscape720.ReadSegment(0)) { SequenceNumber = 0, Duration = TimeSpan.FromSeconds(2) };

            var result = await transcoder.TranscodeAsync(segment, [VideoProfile.P360p30fps16x9, VideoProfile.P240p30fps16x9], new TranscodeOptions { SessionId = "stream-1" });

            Assert.That(result.Renditions.Select(r => (r.Width, r.Height)), Is.EqualTo(new[] { (640, 360), (426, 240) }));
            foreach (var rendition in result.Renditions)
            {
                var check = await verifier.VerifyPixelsAsync(rendition.Data, rendition.Pixels);
                Assert.That(check.Matches, Is.True, $"{rendition.Profile.Name}: claimed {rendition.Pixels}, decoded {check.Measurement.Pixels}");
                Assert.That(rendition.Frames, Is.GreaterThan(0));
            }

            Assert.That(host.Services.GetRequiredService<ITranscoderPool>().GetSnapshot().Sessions, Is.EqualTo(1));
        }
        finally
        {
            await host.StopAsync();
        }

        Assert.That(ProcessTable.ChildrenNamed("ffmpeg", "ffprobe", "setsid"), Is.Empty);
    }
}

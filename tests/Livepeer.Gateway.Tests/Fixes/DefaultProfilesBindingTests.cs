using Livepeer.Transcoding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway.Tests.Fixes;

/// <summary><see cref="LivepeerGatewayOptions.DefaultProfiles"/> binds from <c>Livepeer:Gateway:DefaultProfiles</c>.</summary>
public sealed class DefaultProfilesBindingTests
{
    private static ServiceProvider Register(Dictionary<string, string?> settings)
    {
        settings["Livepeer:Gateway:OffChain"] = "true";
        settings["Livepeer:Gateway:Orchestrators:0"] = "https://127.0.0.1:8935";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLivepeerGateway(configuration);
        return services.BuildServiceProvider();
    }

    private static IList<VideoProfile> Bind(Dictionary<string, string?> settings)
    {
        using var provider = Register(settings);
        return [.. provider.GetRequiredService<IOptions<LivepeerGatewayOptions>>().Value.DefaultProfiles];
    }

    [Test]
    public void AddLivepeerGateway_ArrayOfPresetNames_BindsThePresets()
    {
        var profiles = Bind(new()
        {
            ["Livepeer:Gateway:DefaultProfiles:0"] = "P240p30fps16x9",
            ["Livepeer:Gateway:DefaultProfiles:1"] = "P360p30fps16x9",
        });

        Assert.That(profiles, Is.EqualTo(new[] { VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9 }));
    }

    [Test]
    public void AddLivepeerGateway_CommaSeparatedPresetNames_BindsThePresetsInOrder()
    {
        var profiles = Bind(new() { ["Livepeer:Gateway:DefaultProfiles"] = "P720p30fps16x9, P144p30fps16x9" });

        Assert.That(profiles, Is.EqualTo(new[] { VideoProfile.P720p30fps16x9, VideoProfile.P144p30fps16x9 }));
    }

    [Test]
    public void AddLivepeerGateway_ObjectsAndNamesMixed_BindsEachForm()
    {
        var profiles = Bind(new()
        {
            ["Livepeer:Gateway:DefaultProfiles:0:Name"] = "low",
            ["Livepeer:Gateway:DefaultProfiles:0:Width"] = "320",
            ["Livepeer:Gateway:DefaultProfiles:0:Height"] = "180",
            ["Livepeer:Gateway:DefaultProfiles:0:Bitrate"] = "300000",
            ["Livepeer:Gateway:DefaultProfiles:0:Fps"] = "30000/1001",
            ["Livepeer:Gateway:DefaultProfiles:1:Preset"] = "P720p30fps16x9",
            ["Livepeer:Gateway:DefaultProfiles:1:Name"] = "hd",
            ["Livepeer:Gateway:DefaultProfiles:1:Bitrate"] = "3000000",
            ["Livepeer:Gateway:DefaultProfiles:2"] = "P240p30fps16x9",
        });

        Assert.That(profiles, Is.EqualTo(new[]
        {
            new VideoProfile("low", 320, 180, 300_000, new FrameRate(30000, 1001)),
            VideoProfile.P720p30fps16x9 with { Name = "hd", Bitrate = 3_000_000 },
            VideoProfile.P240p30fps16x9,
        }));
    }

    [Test]
    public void AddLivepeerGateway_NoDefaultProfilesSection_LeavesTheListEmpty()
        => Assert.That(Bind(new()), Is.Empty);

    [TestCase("Livepeer:Gateway:DefaultProfiles:0", "P999p", "P999p")]
    [TestCase("Livepeer:Gateway:DefaultProfiles:0:Width", "wide", "wide")]
    [TestCase("Livepeer:Gateway:DefaultProfiles:0:Colour", "red", "Colour")]
    public void AddLivepeerGateway_InvalidProfile_FailsNamingTheSetting(string key, string value, string mentioned)
    {
        using var provider = Register(new() { [key] = value });

        var error = Assert.Throws<GatewayException>(() => _ = provider.GetRequiredService<IOptions<LivepeerGatewayOptions>>().Value);

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(GatewayErrorCode.InvalidConfiguration));
            Assert.That(error.Message, Does.StartWith(key).And.Contain(mentioned));
        });
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Livepeer.Protocol.Tests.Hosting;

internal sealed class ProtocolOptionsTests
{
    private const string Controller = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private const string KeyA = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private const string KeyB = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private static Dictionary<string, string?> ValidCustom() => new()
    {
        ["Livepeer:Protocol:RpcUrl"] = "http://127.0.0.1:8545",
        ["Livepeer:Protocol:Network"] = "Custom",
        ["Livepeer:Protocol:ControllerAddress"] = Controller,
        ["Livepeer:Protocol:ChainId"] = "31337",
    };

    private static IConfigurationSection Section(Dictionary<string, string?> values)
        => new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(LivepeerProtocolOptions.SectionName);

    private static async Task<string> StartFailureAsync(Dictionary<string, string?> values)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLivepeerProtocol(Section(values));
        using var host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        return ex!.Message;
    }

    [Test]
    public void Bind_InMemorySection_ReadsEverySetting()
    {
        var values = ValidCustom();
        values["Livepeer:Protocol:Transactions:MaxFeePerGasCap"] = "50 gwei";
        values["Livepeer:Protocol:Rpc:MaxRetries"] = "7";
        var services = new ServiceCollection();
        services.AddLivepeerProtocol(Section(values));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<LivepeerProtocolOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.RpcUrl, Is.EqualTo("http://127.0.0.1:8545"));
            Assert.That(options.Network, Is.EqualTo("Custom"));
            Assert.That(options.ChainId, Is.EqualTo(31337UL));
            Assert.That(options.Transactions.MaxFeePerGasCap, Is.EqualTo(Wei.FromGwei(50)));
            Assert.That(options.Rpc.MaxRetries, Is.EqualTo(7));
            Assert.That(options.ResolveNetwork(), Is.EqualTo(LivepeerNetwork.Custom(EthAddress.Parse(Controller), 31337)));
        });
    }

    [Test]
    public async Task StartHost_ValidOptions_Starts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLivepeerProtocol(Section(ValidCustom()));
        using var host = builder.Build();

        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(host.Services.GetRequiredService<IOptions<LivepeerProtocolOptions>>().Value.RpcUrl, Is.EqualTo("http://127.0.0.1:8545"));
    }

    [TestCase("RpcUrl", null, "Livepeer:Protocol:RpcUrl")]
    [TestCase("RpcUrl", "ftp://example.org", "Livepeer:Protocol:RpcUrl")]
    [TestCase("ControllerAddress", null, "Livepeer:Protocol:ControllerAddress")]
    [TestCase("ChainId", null, "Livepeer:Protocol:ChainId")]
    [TestCase("Network", "Mainnet", "Livepeer:Protocol:Network")]
    [TestCase("PrivateKey", "0x1234", "Livepeer:Protocol:PrivateKey")]
    [TestCase("PrivateKey", "not hex at all", "Livepeer:Protocol:PrivateKey")]
    [TestCase("Transactions:ReplacementFeeIncreasePercent", "5", "Livepeer:Protocol:Transactions:ReplacementFeeIncreasePercent")]
    [TestCase("Rpc:MaxRetries", "-1", "Livepeer:Protocol:Rpc:MaxRetries")]
    public async Task StartHost_BadSetting_FailsNamingTheSetting(string key, string? value, string named)
    {
        var values = ValidCustom();
        values["Livepeer:Protocol:" + key] = value;

        var message = await StartFailureAsync(values);

        Assert.That(message, Does.Contain(named));
    }

    [Test]
    public async Task StartHost_KeyAndKeystore_FailsNamingBoth()
    {
        var values = ValidCustom();
        values["Livepeer:Protocol:PrivateKey"] = KeyA;
        values["Livepeer:Protocol:KeystorePath"] = Path.Combine(Path.GetTempPath(), "no-such-keystore.json");
        values["Livepeer:Protocol:KeystorePassword"] = "secret";

        var message = await StartFailureAsync(values);

        Assert.That(message, Does.Contain("Livepeer:Protocol:PrivateKey and Livepeer:Protocol:KeystorePath are both set"));
        Assert.That(message, Does.Not.Contain(KeyA[2..]), "the key is never echoed");
        Assert.That(message, Does.Not.Contain("secret"), "the password is never echoed");
    }

    [Test]
    public void AddLivepeerProtocol_CalledTwice_RegistersOneRpcClient()
    {
        var services = new ServiceCollection();
        services.AddLivepeerProtocol(Section(ValidCustom()));
        services.AddLivepeerProtocol();

        Assert.That(services.Count(d => d.ServiceType == typeof(EthereumRpcClient)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(LivepeerProtocolConnector)), Is.EqualTo(1));
        Assert.That(services.Count(d => d.ServiceType == typeof(IValidateOptions<LivepeerProtocolOptions>)), Is.EqualTo(1));
        using var provider = services.BuildServiceProvider();
        var first = provider.GetRequiredService<EthereumRpcClient>();
        Assert.That(provider.GetRequiredService<EthereumRpcClient>(), Is.SameAs(first));
    }

    [Test]
    public void AddLivepeerProtocol_UserSigner_WinsOverConfiguredKey()
    {
        using var userSigner = PrivateKeySigner.FromHex(KeyB);
        using var configured = PrivateKeySigner.FromHex(KeyA);
        var values = ValidCustom();
        values["Livepeer:Protocol:PrivateKey"] = KeyA;
        var services = new ServiceCollection();
        services.AddSingleton<ISigner>(userSigner);
        services.AddLivepeerProtocol(Section(values));
        using var provider = services.BuildServiceProvider();

        var sender = provider.GetRequiredService<OptionalSender>().Sender;

        Assert.That(sender, Is.Not.Null);
        Assert.That(sender!.Signer.Address, Is.EqualTo(userSigner.Address));
        Assert.That(sender.Signer.Address, Is.Not.EqualTo(configured.Address));
    }

    [Test]
    public void AddLivepeerProtocol_NoKey_IsReadOnly()
    {
        var services = new ServiceCollection();
        services.AddLivepeerProtocol(Section(ValidCustom()));
        using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<OptionalSender>().Sender, Is.Null);
    }

    [Test]
    public void ArbitrumOne_Preset_HasProductionControllerAndChainId()
    {
        var network = LivepeerNetwork.ArbitrumOne;

        Assert.That(network.ChainId, Is.EqualTo(42161UL));
        Assert.That(network.Controller, Is.EqualTo(EthAddress.Parse("0xD8E8328501E9645d16Cf49539efC04f734606ee4")));
        Assert.That(new LivepeerProtocolOptions { RpcUrl = "https://arb1.example" }.ResolveNetwork(), Is.SameAs(network), "ArbitrumOne is the default network");
    }

    [Test]
    public void Custom_ZeroController_Throws()
    {
        Assert.Throws<ArgumentException>(() => LivepeerNetwork.Custom(EthAddress.Zero, 1));
    }
}

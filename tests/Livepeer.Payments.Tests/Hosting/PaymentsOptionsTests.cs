using Livepeer.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Livepeer.Payments.Tests.Hosting;

/// <summary>Registration, binding and start-time validation of <c>AddLivepeerPayments</c>, without a chain.</summary>
internal sealed class PaymentsOptionsTests
{
    private static Dictionary<string, string?> Valid() => new()
    {
        ["Livepeer:Protocol:RpcUrl"] = "http://127.0.0.1:9",
        ["Livepeer:Protocol:Network"] = "Custom",
        ["Livepeer:Protocol:ControllerAddress"] = "0x5FbDB2315678afecb367f032d93F642f64180aa3",
        ["Livepeer:Protocol:ChainId"] = "31337",
    };

    private static IConfiguration Configuration(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    private static IHost Build(Dictionary<string, string?> values, bool recipient)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        var configuration = Configuration(values);
        builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        var payments = builder.Services.AddLivepeerPayments(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        if (recipient)
        {
            payments.AddTicketRecipient();
        }
        return builder.Build();
    }

    [Test]
    public void Bind_Section_ReadsEverySetting()
    {
        var values = Valid();
        values["Livepeer:Payments:TicketEV"] = "9 gwei";
        values["Livepeer:Payments:MaxTicketEV"] = "4000 gwei";
        values["Livepeer:Payments:MaxTotalEV"] = "40000 gwei";
        values["Livepeer:Payments:DepositMultiplier"] = "2";
        values["Livepeer:Payments:MaxFaceValue"] = "1 ether";
        values["Livepeer:Payments:RedeemGas"] = "500000";
        values["Livepeer:Payments:TxCostMultiplier"] = "50";
        values["Livepeer:Payments:RedemptionGasMargin"] = "1.5";
        values["Livepeer:Payments:MinGasPrice"] = "1 gwei";
        values["Livepeer:Payments:DatabasePath"] = "/var/lib/livepeer/tickets.db";
        values["Livepeer:Payments:RecipientAddress"] = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
        values["Livepeer:Payments:MaxRedemptionBatchSize"] = "7";
        values["Livepeer:Payments:PollingInterval"] = "00:00:02";
        using var host = Build(values, recipient: true);

        var options = host.Services.GetRequiredService<IOptions<LivepeerPaymentsOptions>>().Value;

        Assert.Multiple(() =>
        {
            Assert.That(options.TicketEV, Is.EqualTo(Wei.FromGwei(9)));
            Assert.That(options.MaxTicketEV, Is.EqualTo(Wei.FromGwei(4000)));
            Assert.That(options.MaxTotalEV, Is.EqualTo(Wei.FromGwei(40000)));
            Assert.That(options.DepositMultiplier, Is.EqualTo(2));
            Assert.That(options.MaxFaceValue, Is.EqualTo(Wei.FromEther(1)));
            Assert.That(options.RedeemGas, Is.EqualTo(500_000UL));
            Assert.That(options.TxCostMultiplier, Is.EqualTo(50));
            Assert.That(options.RedemptionGasMargin, Is.EqualTo(1.5));
            Assert.That(options.MinGasPrice, Is.EqualTo(Wei.FromGwei(1)));
            Assert.That(options.DatabasePath, Is.EqualTo("/var/lib/livepeer/tickets.db"));
            Assert.That(options.RecipientAddress, Is.EqualTo(EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")));
            Assert.That(options.MaxRedemptionBatchSize, Is.EqualTo(7));
            Assert.That(options.PollingInterval, Is.EqualTo(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public void Mapping_OneSettingEachHome_ReachesEveryComponent()
    {
        var options = new LivepeerPaymentsOptions
        {
            TicketEV = new Wei(123),
            MaxTicketEV = new Wei(456),
            MaxTotalEV = new Wei(789),
            DepositMultiplier = 3,
            MaxFaceValue = new Wei(99_999),
            TxCostMultiplier = 7,
            RedemptionGasMargin = 2.5,
            MinGasPrice = new Wei(11),
            DatabasePath = "/tmp/t.db",
            MaxRedemptionBatchSize = 9,
            PollingInterval = TimeSpan.FromSeconds(3),
        };
        var recipient = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

        var sender = PaymentsOptionsMapping.ToSenderOptions(options);
        var arbitrumRecipient = PaymentsOptionsMapping.ToRecipientOptions(options, LivepeerNetwork.ArbitrumOne, recipient);
        var arbitrumRedemption = PaymentsOptionsMapping.ToRedemptionOptions(options, LivepeerNetwork.ArbitrumOne, recipient);
        options.RedeemGas = 77;
        var custom = PaymentsOptionsMapping.ToRedemptionOptions(options, LivepeerNetwork.ArbitrumOne, recipient);

        Assert.Multiple(() =>
        {
            Assert.That((sender.MaxTicketEv, sender.MaxTotalEv, sender.DepositMultiplier), Is.EqualTo((new System.Numerics.BigInteger(456), new System.Numerics.BigInteger(789), 3)));
            Assert.That(arbitrumRecipient.Recipient, Is.EqualTo(recipient));
            Assert.That(arbitrumRecipient.ExpectedValue, Is.EqualTo(new System.Numerics.BigInteger(123)));
            Assert.That(arbitrumRecipient.MaxFaceValue, Is.EqualTo(new System.Numerics.BigInteger(99_999)));
            Assert.That(arbitrumRecipient.TxCostMultiplier, Is.EqualTo(7));
            Assert.That(arbitrumRecipient.RedeemGas, Is.EqualTo(new System.Numerics.BigInteger(TicketRedemptionOptions.ArbitrumRedeemGas)), "the recipient and the queue price the same gas");
            Assert.That(arbitrumRedemption.RedeemGas, Is.EqualTo(TicketRedemptionOptions.ArbitrumRedeemGas));
            Assert.That(arbitrumRedemption.RedemptionGasMargin, Is.EqualTo(2.5));
            Assert.That(arbitrumRedemption.MinimumGasPrice, Is.EqualTo(new Wei(11)));
            Assert.That(arbitrumRedemption.MaxBatchSize, Is.EqualTo(9));
            Assert.That(arbitrumRedemption.PollInterval, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(arbitrumRedemption.Recipient, Is.EqualTo(recipient));
            Assert.That(custom.RedeemGas, Is.EqualTo(77UL));
        });
    }

    [TestCase("TicketEV", "0", "Livepeer:Payments:TicketEV")]
    [TestCase("MaxTicketEV", "0", "Livepeer:Payments:MaxTicketEV")]
    [TestCase("MaxTotalEV", "1", "Livepeer:Payments:MaxTotalEV")]
    [TestCase("DepositMultiplier", "0", "Livepeer:Payments:DepositMultiplier")]
    [TestCase("MaxFaceValue", "1", "Livepeer:Payments:MaxFaceValue")]
    [TestCase("RedeemGas", "0", "Livepeer:Payments:RedeemGas")]
    [TestCase("TxCostMultiplier", "0", "Livepeer:Payments:TxCostMultiplier")]
    [TestCase("RedemptionGasMargin", "0.5", "Livepeer:Payments:RedemptionGasMargin")]
    [TestCase("PollingInterval", "00:00:00", "Livepeer:Payments:PollingInterval")]
    [TestCase("MaxRedemptionBatchSize", "0", "Livepeer:Payments:MaxRedemptionBatchSize")]
    [TestCase("RecipientAddress", "0x0000000000000000000000000000000000000000", "Livepeer:Payments:RecipientAddress")]
    [TestCase("DatabasePath", null, "Livepeer:Payments:DatabasePath")]
    public async Task StartAsync_BadSetting_FailsNamingTheSetting(string key, string? value, string named)
    {
        var values = Valid();
        values["Livepeer:Payments:DatabasePath"] = Path.Combine(Path.GetTempPath(), "never-opened.db");
        values["Livepeer:Payments:" + key] = value;
        using var host = Build(values, recipient: true);

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.That(ex!.Message, Does.Contain(named));
    }

    [Test]
    public async Task StartAsync_GatewayWithoutDatabase_PassesValidation()
    {
        var values = Valid();
        values["Livepeer:Protocol:Rpc:MaxRetries"] = "0";
        using var host = Build(values, recipient: false);

        // Valid options reach the engine, which then finds no node at the RPC URL.
        var ex = await Assert.ThrowsAsync<PaymentException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.That(ex!.ErrorCode, Is.EqualTo(PaymentErrorCode.ChainUnavailable));
    }

    [Test]
    public void AddLivepeerPayments_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();
        var configuration = Configuration(Valid());
        services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        services.AddLivepeerPayments().AddTicketRecipient();
        services.AddLivepeerPayments(o => { o.TicketEV = new Wei(5); o.DatabasePath = "/tmp/twice.db"; }).AddTicketRecipient();

        Assert.Multiple(() =>
        {
            foreach (var type in new[] { typeof(IPaymentClock), typeof(IGasPriceSource), typeof(IL1BlockSource), typeof(TicketSender), typeof(TicketRecipient), typeof(ISenderMonitor), typeof(ITicketRedeemer), typeof(PaymentsRoles), typeof(PaymentsHost), typeof(IValidateOptions<LivepeerPaymentsOptions>) })
            {
                Assert.That(services.Count(d => d.ServiceType == type), Is.EqualTo(1), type.Name);
            }
            Assert.That(services.Count(d => d.ServiceType == typeof(Microsoft.Extensions.Hosting.IHostedService)), Is.EqualTo(1));
        });
        using var provider = services.BuildServiceProvider();
        Assert.That(provider.GetRequiredService<IOptions<LivepeerPaymentsOptions>>().Value.TicketEV, Is.EqualTo(new Wei(5)), "both configure calls apply");
    }

    [Test]
    public void AddLivepeerPayments_UserClockRegisteredFirst_Wins()
    {
        var services = new ServiceCollection();
        var clock = new FakeClock();
        var gas = new FakeGasPrice();
        services.AddSingleton<IPaymentClock>(clock);
        services.AddSingleton<IGasPriceSource>(gas);
        services.AddLivepeerProtocol(Configuration(Valid()).GetSection(LivepeerProtocolOptions.SectionName));
        services.AddLivepeerPayments();
        using var provider = services.BuildServiceProvider();

        Assert.Multiple(() =>
        {
            Assert.That(provider.GetRequiredService<IPaymentClock>(), Is.SameAs(clock));
            Assert.That(provider.GetRequiredService<IGasPriceSource>(), Is.SameAs(gas));
        });
    }

    [Test]
    public void GetTicketSender_BeforeStart_ThrowsNamingTheStart()
    {
        using var host = Build(Valid(), recipient: false);

        var ex = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<TicketSender>());

        Assert.That(ex!.Message, Does.Contain("once the host has started"));
    }
}

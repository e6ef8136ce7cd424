using System.Globalization;
using Livepeer.Devnet;
using Livepeer.Payments;
using Livepeer.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator.Tests.EndToEnd;

/// <summary>
/// A gateway of its own for one end-to-end test: a dev account that no other test pays with, funded here with a fresh
/// TicketBroker deposit and reserve so that its winning tickets can be counted by deltas, and a payments host whose
/// <see cref="TicketSender"/> accepts the large ticket EV the tests use to make every ticket win.
/// </summary>
internal sealed class EndToEndGateway : IAsyncDisposable
{
    private EndToEndGateway(IHost host, DevnetAccount account, LivepeerProtocolClient chain)
    {
        Host = host;
        Account = account;
        Chain = chain;
        Signer = account.CreateSigner();
        Sender = host.Services.GetRequiredService<TicketSender>();
    }

    public IHost Host { get; }

    public DevnetAccount Account { get; }

    public EthAddress Address => Account.Address;

    public ISigner Signer { get; }

    public TicketSender Sender { get; }

    /// <summary>Protocol clients that write as this gateway; the tests read its deposit and its tickets through them.</summary>
    public LivepeerProtocolClient Chain { get; }

    /// <summary>Funds <paramref name="accountIndex"/> on the devnet and starts its payments host.</summary>
    /// <param name="devnet">The shared devnet.</param>
    /// <param name="accountIndex">A dev account that no other test uses.</param>
    /// <param name="maxTicketEv">The largest EV per ticket (and per payment) the gateway accepts.</param>
    public static async Task<EndToEndGateway> StartAsync(LocalDevnet devnet, int accountIndex, Wei maxTicketEv)
    {
        var account = devnet.Accounts[accountIndex];
        var chain = await devnet.FundGatewayAsync(account, SharedDevnet.Deposit, SharedDevnet.Reserve);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Livepeer:Protocol:RpcUrl"] = devnet.RpcUri.ToString(),
            ["Livepeer:Protocol:Network"] = "Custom",
            ["Livepeer:Protocol:ControllerAddress"] = devnet.Contracts.Controller.ToString(),
            ["Livepeer:Protocol:ChainId"] = devnet.ChainId.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Protocol:PrivateKey"] = account.PrivateKey,
            ["Livepeer:Payments:PollingInterval"] = "00:00:00.200",
            ["Livepeer:Payments:MaxTicketEV"] = maxTicketEv.Value.ToString(CultureInfo.InvariantCulture),
            ["Livepeer:Payments:MaxTotalEV"] = maxTicketEv.Value.ToString(CultureInfo.InvariantCulture),
        }).Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        builder.Services.AddLivepeerProtocol(configuration.GetSection(LivepeerProtocolOptions.SectionName));
        builder.Services.AddLivepeerPayments(configuration.GetSection(LivepeerPaymentsOptions.SectionName));
        var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return new EndToEndGateway(host, account, chain);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async Task<SenderInfo> GetSenderInfoAsync() => await Chain.TicketBroker.GetSenderInfoAsync(Address);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            Host.Dispose();
        }
    }
}

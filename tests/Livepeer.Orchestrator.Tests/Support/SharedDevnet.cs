using Livepeer.Devnet;
using Livepeer.Protocol;

namespace Livepeer.Orchestrator.Tests;

/// <summary>
/// One devnet for the whole test run, started on first use: dev account 1 is an orchestrator, bonded, registered as a
/// transcoder and active in the current round (the only member of the pool); dev accounts 2 and 3 are gateways with a
/// deposit and a reserve. Tests do not change this state, so it is shared rather than snapshotted.
/// </summary>
internal static class SharedDevnet
{
    public static readonly Wei Deposit = Wei.FromEther(1);
    public static readonly Wei Reserve = Wei.FromEther(1);

    private static readonly Lock Gate = new();
    private static Task<LocalDevnet>? _devnet;

    public static DevnetAccount OrchestratorAccount(LocalDevnet devnet) => devnet.Accounts[1];

    public static Task<LocalDevnet> GetAsync()
    {
        lock (Gate)
        {
            return _devnet ??= StartAsync();
        }
    }

    public static async Task DisposeAsync()
    {
        Task<LocalDevnet>? started;
        lock (Gate)
        {
            started = _devnet;
            _devnet = null;
        }

        if (started is { IsCompletedSuccessfully: true })
        {
            await started.Result.DisposeAsync();
        }
    }

    private static async Task<LocalDevnet> StartAsync()
    {
        var devnet = await LocalDevnet.StartAsync();
        try
        {
            var orchestrator = await devnet.ActivateOrchestratorAsync(devnet.Accounts[1], Wei.FromEther(1000));
            foreach (var gateway in new[] { devnet.Accounts[2], devnet.Accounts[3] })
            {
                await devnet.FundGatewayAsync(gateway, Deposit, Reserve);
            }

            if (!await orchestrator.BondingManager.IsActiveTranscoderAsync(devnet.Accounts[1].Address))
            {
                throw new InvalidOperationException("The devnet orchestrator did not become active.");
            }

            return devnet;
        }
        catch
        {
            await devnet.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Stops what the whole run shared.</summary>
[SetUpFixture]
public sealed class SharedResourcesTeardown
{
    [OneTimeTearDown]
    public async Task StopShared()
    {
        await TestGateway.DisposeAllAsync();
        await SharedDevnet.DisposeAsync();
    }
}

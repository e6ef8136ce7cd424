using Livepeer.Devnet;
using Livepeer.Protocol;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// The devnet the core tests share, started on first use: dev account 1 is an active orchestrator (every test
/// orchestrator signs with it), dev account 2 a gateway with a deposit and a reserve, dev account 4 a gateway with a
/// reserve but no deposit (once <see cref="ReserveOnlyAsync"/> ran). Tests do not change this state otherwise.
/// </summary>
internal static class CoreDevnet
{
    public const int OrchestratorAccount = 1;
    public const int FundedGateway = 2;
    public const int UnfundedGateway = 4;

    private static readonly Lock Gate = new();
    private static Task<LocalDevnet>? _devnet;
    private static Task? _reserveOnly;

    public static Task<LocalDevnet> GetAsync()
    {
        lock (Gate)
        {
            return _devnet ??= StartAsync();
        }
    }

    /// <summary>Gives dev account 4 a reserve and no deposit (once): orchestrators still quote it, its own ticket checks refuse.</summary>
    public static Task ReserveOnlyAsync()
    {
        lock (Gate)
        {
            return _reserveOnly ??= FundReserveOnlyAsync();
        }
    }

    public static async Task DisposeAsync()
    {
        Task<LocalDevnet>? started;
        lock (Gate)
        {
            started = _devnet;
            _devnet = null;
            _reserveOnly = null;
        }

        if (started is { IsCompletedSuccessfully: true })
        {
            await started.Result.DisposeAsync();
        }
    }

    private static async Task FundReserveOnlyAsync()
    {
        var devnet = await GetAsync();
        await devnet.FundGatewayAsync(devnet.Accounts[UnfundedGateway], new Wei(0), Wei.FromEther(1));
    }

    private static async Task<LocalDevnet> StartAsync()
    {
        var devnet = await LocalDevnet.StartAsync();
        try
        {
            await devnet.ActivateOrchestratorAsync(devnet.Accounts[OrchestratorAccount], Wei.FromEther(1000));
            await devnet.FundGatewayAsync(devnet.Accounts[FundedGateway], Wei.FromEther(1), Wei.FromEther(1));
            return devnet;
        }
        catch
        {
            await devnet.DisposeAsync();
            throw;
        }
    }
}

/// <summary>Stops the core tests' devnet after the run.</summary>
[SetUpFixture]
public sealed class CoreDevnetTeardown
{
    [OneTimeTearDown]
    public async Task StopDevnet() => await CoreDevnet.DisposeAsync();
}

using System.Diagnostics;
using System.Numerics;
using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Devnet;

/// <summary>One transaction of a deployment, named for error messages.</summary>
internal sealed record DeployStep(string Name, TransactionRequest Request);

/// <summary>
/// Deploys and wires the genuine protocol contracts, following reference/local-devnet.md ("Deploying from the
/// npm artifacts"). Transactions go out in stages: within a stage no transaction depends on another's state,
/// so all are sent before any receipt is awaited, which keeps the deployment to a few seconds.
/// </summary>
internal sealed class DevnetDeployer
{
    private static readonly byte[] NoGitCommit = new byte[20];

    private readonly TransactionSender _deployer;
    private readonly ContractArtifacts _artifacts;
    private readonly ILogger _logger;

    public DevnetDeployer(TransactionSender deployer, ContractArtifacts artifacts, ILogger logger)
    {
        _deployer = deployer;
        _artifacts = artifacts;
        _logger = logger;
    }

    public async Task<DevnetContracts> DeployAsync(LocalDevnetOptions options, CancellationToken cancellationToken)
    {
        Log.DeployStarted(_logger, _artifacts.Directory, _deployer.Signer.Address);

        var core = await RunStageAsync("deploy Controller and SortedDoublyLL",
        [
            Create("Controller", []),
            Create("SortedDoublyLL", []),
        ], cancellationToken).ConfigureAwait(false);
        var controller = Created(core[0]);
        var sortedDoublyLL = Created(core[1]);

        var deployed = await RunStageAsync("deploy contracts and proxies",
        [
            Create("Minter", [controller, options.Inflation, options.InflationChange, options.TargetBondingRate]),
            Create("LivepeerToken", []),
            Create("TicketBroker", [controller]),
            Proxy(controller, "TicketBroker"),
            Create("BondingManager", [controller], new Dictionary<string, EthAddress> { ["SortedDoublyLL"] = sortedDoublyLL }),
            Proxy(controller, "BondingManager"),
            Create("RoundsManager", [controller]),
            Proxy(controller, "RoundsManager"),
            Create("ServiceRegistry", [controller]),
            Proxy(controller, "ServiceRegistry"),
            Create("GenericMock", [], stepName: "deploy GenericMock as L2LPTDataCache"),
        ], cancellationToken).ConfigureAwait(false);
        var contracts = new DevnetContracts(
            Controller: controller,
            Minter: Created(deployed[0]),
            LivepeerToken: Created(deployed[1]),
            TicketBroker: Created(deployed[3]),
            TicketBrokerTarget: Created(deployed[2]),
            BondingManager: Created(deployed[5]),
            BondingManagerTarget: Created(deployed[4]),
            SortedDoublyLL: sortedDoublyLL,
            RoundsManager: Created(deployed[7]),
            RoundsManagerTarget: Created(deployed[6]),
            ServiceRegistry: Created(deployed[9]),
            ServiceRegistryTarget: Created(deployed[8]),
            L2LPTDataCache: Created(deployed[10]));

        var wiring = contracts.Registrations
            .Select(r => Call($"register {r.Key}", controller, ProtocolFunctions.SetContractInfo, Keccak256.Hash(r.Key), r.Value, NoGitCommit))
            .Append(Call("mock L2LPTDataCache.l1CirculatingSupply", contracts.L2LPTDataCache, ProtocolFunctions.SetMockUint256, ProtocolFunctions.L1CirculatingSupply.Selector.ToArray(), BigInteger.Zero))
            .Append(Call("grant MINTER_ROLE to the deployer", contracts.LivepeerToken, ProtocolFunctions.GrantRole, ProtocolFunctions.MinterRole, _deployer.Signer.Address))
            .ToList();
        await RunStageAsync("register contracts", wiring, cancellationToken).ConfigureAwait(false);

        // The proxies forward to the targets that are only known to the Controller once registered.
        var setup = new List<DeployStep>
        {
            Call("BondingManager.setUnbondingPeriod", contracts.BondingManager, ProtocolFunctions.SetUnbondingPeriod, options.UnbondingPeriod),
            Call("BondingManager.setNumActiveTranscoders", contracts.BondingManager, ProtocolFunctions.SetNumActiveTranscoders, options.NumActiveTranscoders),
            Call("RoundsManager.setRoundLength", contracts.RoundsManager, ProtocolFunctions.SetRoundLength, options.RoundLength),
            Call("RoundsManager.setRoundLockAmount", contracts.RoundsManager, ProtocolFunctions.SetRoundLockAmount, options.RoundLockAmount),
            Call("TicketBroker.setUnlockPeriod", contracts.TicketBroker, ProtocolFunctions.SetUnlockPeriod, options.UnlockPeriod),
            Call("TicketBroker.setTicketValidityPeriod", contracts.TicketBroker, ProtocolFunctions.SetTicketValidityPeriod, options.TicketValidityPeriod),
        };
        if (options.LptPerAccount > Wei.Zero)
        {
            setup.AddRange(AnvilNode.DevAccounts.Take(options.FundedAccounts)
                .Select(a => Call($"mint LPT to account {a.Index}", contracts.LivepeerToken, ProtocolFunctions.Mint, a.Address, options.LptPerAccount)));
        }
        setup.Add(Call("grant MINTER_ROLE to the Minter", contracts.LivepeerToken, ProtocolFunctions.GrantRole, ProtocolFunctions.MinterRole, contracts.Minter));
        setup.Add(Call("Controller.unpause", controller, ProtocolFunctions.Unpause));
        await RunStageAsync("set parameters, mint LPT and unpause", setup, cancellationToken).ConfigureAwait(false);
        return contracts;
    }

    /// <summary>
    /// Sends every step, then waits for all their receipts. A revert or failure becomes a
    /// <see cref="LivepeerDevnetException"/> naming the step and the reason.
    /// </summary>
    public async Task<TransactionReceipt[]> RunStageAsync(string stage, IReadOnlyList<DeployStep> steps, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        var sent = new List<(DeployStep Step, SentTransaction Transaction)>(steps.Count);
        foreach (var step in steps)
        {
            var transaction = await GuardAsync(step, () => _deployer.SendAsync(step.Request, cancellationToken)).ConfigureAwait(false);
            sent.Add((step, transaction));
        }
        var receipts = await Task.WhenAll(sent.Select(s => GuardAsync(s.Step, () => _deployer.WaitForReceiptAsync(s.Transaction, cancellationToken)))).ConfigureAwait(false);
        Log.DeployStageDone(_logger, stage, steps.Count, elapsed.ElapsedMilliseconds);
        return receipts;
    }

    private async Task<T> GuardAsync<T>(DeployStep step, Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (ContractRevertException ex)
        {
            Log.DeployStepFailed(_logger, step.Name, ex);
            var reason = ex.Reason ?? ex.ErrorName ?? "no revert reason given";
            throw new LivepeerDevnetException(DevnetErrorCode.DeploymentFailed, $"Devnet deployment step '{step.Name}' reverted: {reason}.", step.Name, ex);
        }
        catch (LivepeerProtocolException ex)
        {
            Log.DeployStepFailed(_logger, step.Name, ex);
            throw new LivepeerDevnetException(DevnetErrorCode.DeploymentFailed, $"Devnet deployment step '{step.Name}' failed: {ex.Message}", step.Name, ex);
        }
    }

    private DeployStep Create(string contract, object?[] constructorArguments, IReadOnlyDictionary<string, EthAddress>? libraries = null, string? stepName = null)
    {
        var artifact = _artifacts.Load(contract);
        return new DeployStep(stepName ?? $"deploy {contract}", new TransactionRequest { Data = artifact.CreationData(constructorArguments, libraries) });
    }

    private DeployStep Proxy(EthAddress controller, string contract)
    {
        var artifact = _artifacts.Load("ManagerProxy");
        var data = artifact.CreationData([controller, Keccak256.Hash(contract + "Target")]);
        return new DeployStep($"deploy the {contract} ManagerProxy", new TransactionRequest { Data = data });
    }

    private static DeployStep Call(string name, EthAddress to, AbiFunction function, params object?[] arguments)
        => new(name, new TransactionRequest { To = to, Data = function.EncodeCall(arguments) });

    private static EthAddress Created(TransactionReceipt receipt)
        => receipt.ContractAddress ?? throw new LivepeerDevnetException(
            DevnetErrorCode.DeploymentFailed, $"Transaction {receipt.TransactionHash} created no contract.");
}

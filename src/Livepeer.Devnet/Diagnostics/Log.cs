using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Devnet;

/// <summary>Log messages of Livepeer.Devnet; event ids 8000–8999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "anvil started at {RpcUri} (chain id {ChainId}, process {ProcessId}).")]
    public static partial void AnvilStarted(ILogger logger, Uri rpcUri, ulong chainId, int processId);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "anvil at {RpcUri} stopped.")]
    public static partial void AnvilStopped(ILogger logger, Uri rpcUri);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Debug, Message = "Port {Port} was taken before anvil could bind it; trying another.")]
    public static partial void AnvilPortTaken(ILogger logger, int port);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Deploying the protocol contracts from {ArtifactsDirectory} as {Deployer}.")]
    public static partial void DeployStarted(ILogger logger, string artifactsDirectory, EthAddress deployer);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Deploy stage '{Stage}' done: {Transactions} transaction(s) in {ElapsedMs} ms.")]
    public static partial void DeployStageDone(ILogger logger, string stage, int transactions, long elapsedMs);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "Devnet ready at {RpcUri} in {ElapsedMs} ms: Controller {Controller}, round {Round}.")]
    public static partial void DevnetReady(ILogger logger, Uri rpcUri, long elapsedMs, EthAddress controller, ulong round);

    [LoggerMessage(EventId = 8013, Level = LogLevel.Error, Message = "Deploy step '{Step}' failed.")]
    public static partial void DeployStepFailed(ILogger logger, string step, Exception exception);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Debug, Message = "Round {Round} initialized at block {Block}.")]
    public static partial void RoundInitialized(ILogger logger, ulong round, ulong block);
}

using Livepeer.Protocol;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>Log messages of the operator side: listener, certificate, service URI registration, remote redeemer (EventIds 7200–7249).</summary>
internal static partial class OperationsLog
{
    [LoggerMessage(EventId = 7200, Level = LogLevel.Information, Message = "Orchestrator listener on {Endpoint} ({Mode}).")]
    public static partial void ListenerConfigured(ILogger logger, string endpoint, string mode);

    [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "Orchestrator listening on {Addresses}; advertised service URI {ServiceUri}.")]
    public static partial void Listening(ILogger logger, string addresses, string serviceUri);

    [LoggerMessage(EventId = 7202, Level = LogLevel.Information, Message = "Kestrel is configured by the app (ConfigureKestrel is false); the orchestrator adds no listener.")]
    public static partial void KestrelLeftToApp(ILogger logger);

    [LoggerMessage(EventId = 7203, Level = LogLevel.Warning, Message = "The service URI names port 0 but the server reported no bound port; the advertised URI keeps port 0.")]
    public static partial void NoBoundPort(ILogger logger);

    [LoggerMessage(EventId = 7210, Level = LogLevel.Information, Message = "Loaded TLS certificate {Path} (thumbprint {Thumbprint}, valid until {NotAfter:u}).")]
    public static partial void CertificateLoaded(ILogger logger, string path, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 7211, Level = LogLevel.Information, Message = "Created self-signed TLS certificate {Path} (thumbprint {Thumbprint}, valid until {NotAfter:u}).")]
    public static partial void CertificateCreated(ILogger logger, string path, string thumbprint, DateTime notAfter);

    [LoggerMessage(EventId = 7220, Level = LogLevel.Information, Message = "Service URI of {Address} on chain is already {ServiceUri}; nothing to send.")]
    public static partial void ServiceUriUnchanged(ILogger logger, EthAddress address, string serviceUri);

    [LoggerMessage(EventId = 7221, Level = LogLevel.Information, Message = "Set service URI of {Address} on chain from '{Previous}' to {ServiceUri} (transaction {TransactionHash}).")]
    public static partial void ServiceUriRegistered(ILogger logger, EthAddress address, string previous, string serviceUri, string transactionHash);

    [LoggerMessage(EventId = 7222, Level = LogLevel.Error, Message = "Setting the service URI {ServiceUri} on chain failed.")]
    public static partial void ServiceUriRegistrationFailed(ILogger logger, string serviceUri, Exception exception);

    [LoggerMessage(EventId = 7230, Level = LogLevel.Warning, Message = "Refused operator endpoint {Path} to remote caller {RemoteAddress} (AllowRemoteOperatorAccess is false).")]
    public static partial void OperatorAccessRefused(ILogger logger, string path, string remoteAddress);

    [LoggerMessage(EventId = 7231, Level = LogLevel.Debug, Message = "The status endpoint could not read {Part}.")]
    public static partial void StatusPartUnavailable(ILogger logger, string part, Exception exception);

    [LoggerMessage(EventId = 7240, Level = LogLevel.Information, Message = "Winning tickets go to the remote redeemer at {RedeemerUri}.")]
    public static partial void UsingRemoteRedeemer(ILogger logger, Uri redeemerUri);
}

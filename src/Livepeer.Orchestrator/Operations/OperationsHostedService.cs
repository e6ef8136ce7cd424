using Livepeer.Protocol;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// Runs once the server has started (hosted services start before the server binds): publishes the bound port when the
/// service URI names port 0, marks the listener up, then registers the service URI on chain when asked to.
/// </summary>
internal sealed class OperationsHostedService(
    IServiceProvider services,
    OrchestratorEndpoint endpoint,
    OrchestratorListenerState listener,
    IOptions<LivepeerOrchestratorOptions> options,
    ILoggerFactory loggerFactory) : IHostedLifecycleService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<OperationsHostedService>();

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        PublishListener();
        if (options.Value.RegisterServiceUri)
        {
            await RegisterServiceUriAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    internal void PublishListener()
    {
        var addresses = OrchestratorListenerState.ReadAddresses(services.GetService<IServer>());
        if (addresses is not null && endpoint.ServiceUri.Port == 0)
        {
            if (OrchestratorListenerState.FindBoundPort(addresses, endpoint.ServiceUri.Scheme) is { } port)
            {
                endpoint.SetBoundPort(port);
            }
            else
            {
                OperationsLog.NoBoundPort(_logger);
            }
        }

        listener.MarkListening(addresses ?? []);
        OperationsLog.Listening(_logger, addresses is null ? "(in-process server)" : string.Join(", ", addresses), endpoint.Advertised);
    }

    /// <summary>
    /// Sets the advertised service URI on chain through the ServiceRegistry unless it is already the registered one.
    /// Returns true when a transaction was sent.
    /// </summary>
    /// <exception cref="OrchestratorException">The registry could not be read or written, or no key is configured.</exception>
    internal async Task<bool> RegisterServiceUriAsync(CancellationToken cancellationToken)
    {
        var serviceUri = endpoint.Advertised;
        try
        {
            var connector = services.GetService<LivepeerProtocolConnector>() ?? throw new OrchestratorException(
                OrchestratorErrorCode.InvalidConfiguration,
                $"{LivepeerOrchestratorOptions.SectionName}:RegisterServiceUri needs the Livepeer protocol (AddLivepeerProtocol).");
            var protocol = await connector.GetClientAsync(cancellationToken).ConfigureAwait(false);
            var address = protocol.Sender?.Signer.Address ?? throw new OrchestratorException(
                OrchestratorErrorCode.InvalidConfiguration,
                $"{LivepeerOrchestratorOptions.SectionName}:RegisterServiceUri needs the orchestrator's key (Livepeer:Protocol:PrivateKey or KeystorePath).");
            var registered = await protocol.ServiceRegistry.GetServiceUriAsync(address, cancellationToken).ConfigureAwait(false);
            if (string.Equals(registered, serviceUri, StringComparison.Ordinal))
            {
                OperationsLog.ServiceUriUnchanged(_logger, address, serviceUri);
                OperationsMetrics.ServiceUriRegistrations.Add(1, new KeyValuePair<string, object?>("outcome", "unchanged"));
                return false;
            }

            var receipt = await protocol.ServiceRegistry.SetServiceUriAsync(serviceUri, cancellationToken).ConfigureAwait(false);
            if (!receipt.Succeeded)
            {
                throw new OrchestratorException(OrchestratorErrorCode.ServiceUriRegistrationFailed,
                    $"setServiceURI({serviceUri}) failed on chain (transaction {receipt.TransactionHash}).");
            }

            OperationsLog.ServiceUriRegistered(_logger, address, registered, serviceUri, receipt.TransactionHash);
            OperationsMetrics.ServiceUriRegistrations.Add(1, new KeyValuePair<string, object?>("outcome", "registered"));
            return true;
        }
        catch (Exception ex) when (ex is LivepeerProtocolException or OrchestratorException)
        {
            OperationsLog.ServiceUriRegistrationFailed(_logger, serviceUri, ex);
            OperationsMetrics.ServiceUriRegistrations.Add(1, new KeyValuePair<string, object?>("outcome", "failed"));
            if (ex is OrchestratorException typed)
            {
                throw typed.ErrorCode == OrchestratorErrorCode.ServiceUriRegistrationFailed
                    ? typed
                    : new OrchestratorException(OrchestratorErrorCode.ServiceUriRegistrationFailed,
                        $"The service URI {serviceUri} could not be registered: {typed.Message}", typed.IsTransient, typed);
            }

            var transient = ex is LivepeerProtocolException { IsTransient: true };
            throw new OrchestratorException(OrchestratorErrorCode.ServiceUriRegistrationFailed,
                $"The service URI {serviceUri} could not be registered on chain ({LivepeerOrchestratorOptions.SectionName}:RegisterServiceUri): {ex.Message}",
                transient, ex);
        }
    }
}

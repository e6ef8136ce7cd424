using Livepeer.Payments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>Healthy when the payment engine has started (off chain there is none) and the server is listening.</summary>
internal sealed class OrchestratorHealthCheck(IServiceProvider services, OrchestratorListenerState listener) : IHealthCheck
{
    public const string Name = "livepeer-orchestrator";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var offChain = services.GetService<IOptions<LivepeerOrchestratorOptions>>()?.Value.OffChain ?? false;
        try
        {
            if (!offChain && services.GetService<TicketRecipient>() is null)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy("The ticket recipient is not registered (AddTicketRecipient)."));
            }
        }
        catch (InvalidOperationException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The payment engine has not started."));
        }

        if (!listener.IsListening)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The server is not listening yet."));
        }

        return Task.FromResult(HealthCheckResult.Healthy(
            listener.Addresses.Count == 0 ? "Listening (in-process server)." : "Listening on " + string.Join(", ", listener.Addresses) + "."));
    }
}

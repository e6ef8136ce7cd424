using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Livepeer.Orchestrator;

/// <summary>
/// Whether the services were registered for an orchestrator without a chain (<see cref="LivepeerOrchestratorOptions.OffChain"/>).
/// It is fixed when <c>AddLivepeerOrchestrator</c> first runs, because the payment engine is registered or left out then;
/// a later change of the option is caught at start by <see cref="OperationsOptionsValidator"/>.
/// </summary>
internal sealed record OrchestratorMode(bool OffChain)
{
    /// <summary>
    /// The mode already chosen, else the one the option setups registered so far give (with <paramref name="section"/>,
    /// about to be bound, applied over them), which is then kept.
    /// </summary>
    public static OrchestratorMode Select(IServiceCollection services, IConfiguration? section = null)
    {
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == typeof(OrchestratorMode) && descriptor.ImplementationInstance is OrchestratorMode chosen)
            {
                return chosen;
            }
        }

        var offChain = OperationsRegistration.ReadAtRegistration(services).OffChain;
        if (section?.GetValue<bool?>(nameof(LivepeerOrchestratorOptions.OffChain)) is { } configured)
        {
            offChain = configured;
        }

        var mode = new OrchestratorMode(offChain);
        services.AddSingleton(mode);
        return mode;
    }
}

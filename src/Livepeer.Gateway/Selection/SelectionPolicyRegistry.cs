using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Livepeer.Gateway;

/// <summary>A selection policy registered under a name.</summary>
internal sealed record SelectionPolicyRegistration(string Name, Func<IServiceProvider, IOrchestratorSelectionPolicy> Create);

/// <summary>Resolves the policy named by <see cref="LivepeerGatewayOptions.SelectionPolicy"/> among the registered ones (names compare case-insensitively; the last registration of a name wins).</summary>
internal sealed class SelectionPolicyRegistry
{
    private readonly Dictionary<string, SelectionPolicyRegistration> _registrations = new(StringComparer.OrdinalIgnoreCase);
    private readonly IServiceProvider _services;
    private readonly Lazy<IOrchestratorSelectionPolicy> _current;

    public SelectionPolicyRegistry(IEnumerable<SelectionPolicyRegistration> registrations, IServiceProvider services, IOptions<LivepeerGatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        foreach (var registration in registrations)
        {
            _registrations[registration.Name] = registration;
        }

        var name = options.Value.SelectionPolicy;
        _current = new Lazy<IOrchestratorSelectionPolicy>(() => Resolve(name));
    }

    /// <summary>The registered names.</summary>
    public IReadOnlyCollection<string> Names => _registrations.Keys;

    /// <summary>The policy the options name.</summary>
    public IOrchestratorSelectionPolicy Current => _current.Value;

    /// <summary>Creates the policy registered under <paramref name="name"/>.</summary>
    /// <exception cref="GatewayException"><see cref="GatewayErrorCode.InvalidConfiguration"/> when no policy has that name.</exception>
    public IOrchestratorSelectionPolicy Resolve(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || !_registrations.TryGetValue(name, out var registration))
        {
            throw new GatewayException(
                GatewayErrorCode.InvalidConfiguration,
                $"Livepeer:Gateway:SelectionPolicy '{name}' is not a registered selection policy; registered: {string.Join(", ", _registrations.Keys.Order(StringComparer.Ordinal))}.");
        }

        return registration.Create(_services);
    }
}

/// <summary>Registers the selection seam and the built-in policies.</summary>
internal static class SelectionRegistration
{
    public static void AddSelection(IServiceCollection services)
    {
        services.AddSingleton(new SelectionPolicyRegistration(LowestPriceSelectionPolicy.PolicyName, _ => new LowestPriceSelectionPolicy()));
        services.AddSingleton(new SelectionPolicyRegistration(ProbabilitySelectionPolicy.PolicyName, provider => ProbabilitySelectionPolicy.FromOptions(GatewayOptions(provider))));
        services.AddSingleton(new SelectionPolicyRegistration(
            MinLatencySelectionPolicy.PolicyName,
            provider => new MinLatencySelectionPolicy(ProbabilitySelectionPolicy.FromOptions(GatewayOptions(provider)))));
        services.AddSingleton<SelectionPolicyRegistry>();
    }

    private static LivepeerGatewayOptions GatewayOptions(IServiceProvider provider) => provider.GetRequiredService<IOptions<LivepeerGatewayOptions>>().Value;
}

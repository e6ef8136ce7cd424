using Livepeer.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>Helpers of the gateway fix tests.</summary>
internal static class FixesSupport
{
    /// <summary>Registers a selection policy named <c>Preferred</c> that takes the given orchestrators in order, and selects it.</summary>
    public static Action<IServiceCollection> Preferred(params CoreOrchestrator[] order)
        => services => new BuilderShim(services).AddSelectionPolicy("Preferred", _ => new PreferredPolicy([.. order.Select(o => o.ServiceUri)]));

    /// <summary>Collects the gateway's log records, Debug included.</summary>
    public static Action<IServiceCollection> Logs(DiscoveryLogs logs) => services =>
    {
        services.AddSingleton<ILoggerProvider>(logs);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug));
    };

    public static Action<IServiceCollection> Both(Action<IServiceCollection> first, Action<IServiceCollection> second) => services =>
    {
        first(services);
        second(services);
    };

    private sealed class PreferredPolicy(Uri[] order) : IOrchestratorSelectionPolicy
    {
        public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
            => candidates.OrderBy(c => Array.IndexOf(order, c.ServiceUri) is var i && i < 0 ? int.MaxValue : i).First();
    }

    private sealed class BuilderShim(IServiceCollection services) : ILivepeerGatewayBuilder
    {
        public IServiceCollection Services { get; } = services;
    }
}

/// <summary>The system clock with its wall time moved by <see cref="Offset"/>; timers and timestamps stay real.</summary>
internal sealed class FixesSkewedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>
/// A signer that claims one address and signs with another key: an orchestrator using it presents its registered
/// address but its transcode results do not verify against it.
/// </summary>
internal sealed class FixesImpostorSigner(EthAddress claimed) : ISigner, IDisposable
{
    private readonly PrivateKeySigner _actual = PrivateKeySigner.Generate();

    public EthAddress Address => claimed;

    public ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
        => _actual.SignDigestAsync(digest, cancellationToken);

    public void Dispose() => _actual.Dispose();
}

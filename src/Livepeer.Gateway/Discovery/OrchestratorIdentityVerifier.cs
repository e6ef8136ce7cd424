using System.Collections.Concurrent;
using Livepeer.Network;
using Livepeer.Protocol;

namespace Livepeer.Gateway;

/// <summary>
/// <see cref="LivepeerGatewayOptions.RequireOrchestratorIdentity"/>: the address an orchestrator asks to be paid
/// (its ticket recipient, else its address) must have published, in the ServiceRegistry, the very service URI the
/// gateway dialled. Otherwise anyone could answer for a URI with their own address and collect the tickets meant for
/// the registered orchestrator's work. Lookups are cached for <see cref="CacheDuration"/>.
/// </summary>
internal sealed class OrchestratorIdentityVerifier
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

    private readonly Func<CancellationToken, Task<LivepeerProtocolClient>> _connect;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<EthAddress, (string ServiceUri, DateTimeOffset ReadAt)> _cache = new();

    public OrchestratorIdentityVerifier(Func<CancellationToken, Task<LivepeerProtocolClient>> connect, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connect);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _connect = connect;
        _timeProvider = timeProvider;
    }

    /// <summary>Checks the answer of the orchestrator dialled at <paramref name="dialled"/>.</summary>
    /// <returns>Null when the identity holds, else why not.</returns>
    public async Task<string?> CheckAsync(Uri dialled, OrchestratorInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dialled);
        ArgumentNullException.ThrowIfNull(info);
        var address = info.TicketParams?.Recipient ?? info.Address;
        if (address is not { } recipient || recipient.IsZero)
        {
            return "it sent no ticket recipient or address";
        }

        var registered = await GetRegisteredUriAsync(recipient, cancellationToken).ConfigureAwait(false);
        if (registered.Length == 0)
        {
            return $"{recipient} has no service URI in the ServiceRegistry";
        }

        if (!ServiceUris.TryParse(registered, out var registeredUri, out _) || !ServiceUris.SameEndpoint(registeredUri, dialled))
        {
            return $"{recipient} registered the service URI '{registered}', not {dialled}";
        }

        return null;
    }

    private async Task<string> GetRegisteredUriAsync(EthAddress address, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(address, out var cached) && now - cached.ReadAt < CacheDuration)
        {
            return cached.ServiceUri;
        }

        var client = await _connect(cancellationToken).ConfigureAwait(false);
        var registered = await client.ServiceRegistry.GetServiceUriAsync(address, cancellationToken).ConfigureAwait(false);
        _cache[address] = (registered, now);
        return registered;
    }
}

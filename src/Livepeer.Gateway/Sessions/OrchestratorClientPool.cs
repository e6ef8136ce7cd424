using System.Collections.Concurrent;
using Livepeer.Network;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway;

/// <summary>One <see cref="OrchestratorClient"/> per orchestrator service URI, shared by discovery and sessions.</summary>
internal sealed class OrchestratorClientPool : IDisposable
{
    private readonly ConcurrentDictionary<Uri, Lazy<OrchestratorClient>> _clients = new();
    private readonly OrchestratorClientOptions _options;
    private readonly ILoggerFactory? _loggerFactory;
    private readonly TimeProvider _timeProvider;

    public OrchestratorClientPool(TimeProvider timeProvider, ILoggerFactory? loggerFactory = null, OrchestratorClientOptions? options = null)
    {
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _options = options ?? new OrchestratorClientOptions();
    }

    public OrchestratorClient Get(Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        return _clients.GetOrAdd(serviceUri, uri => new Lazy<OrchestratorClient>(() => new OrchestratorClient(uri, _options, _loggerFactory, _timeProvider))).Value;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }
}

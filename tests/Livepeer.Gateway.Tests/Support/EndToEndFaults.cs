using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Livepeer.Gateway.Tests;

/// <summary>
/// An off-chain gateway host for the fault tests, built with AddLivepeerGateway and its real discovery (the static
/// list and any sources added), choosing orchestrators in a fixed order of preference so that a test knows which one
/// carries the stream.
/// </summary>
internal static class EndToEndFaultGateway
{
    public const string OrderedPolicyName = "Ordered";

    public static async Task<IHost> StartAsync(IReadOnlyList<Uri> preference, Action<LivepeerGatewayOptions>? configure = null, Action<ILivepeerGatewayBuilder>? build = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("LIVEPEER_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        }

        var gateway = builder.Services.AddLivepeerGateway(o =>
        {
            o.OffChain = true;
            o.SelectionPolicy = OrderedPolicyName;
            foreach (var uri in preference)
            {
                o.Orchestrators.Add(uri);
            }

            configure?.Invoke(o);
        });
        gateway.AddSelectionPolicy(OrderedPolicyName, _ => new OrderedPolicy(preference));
        build?.Invoke(gateway);
        var host = builder.Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return host;
    }

    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        host.Dispose();
    }

    /// <summary>Picks the first candidate in the preference order (off chain every price is 0, so price cannot decide).</summary>
    private sealed class OrderedPolicy(IReadOnlyList<Uri> preference) : IOrchestratorSelectionPolicy
    {
        public SelectionCandidate? Select(IReadOnlyList<SelectionCandidate> candidates, SelectionContext context)
            => candidates.OrderBy(c => Rank(c.ServiceUri)).FirstOrDefault();

        private int Rank(Uri uri)
        {
            var index = preference.ToList().FindIndex(p => ServiceUris.SameEndpoint(p, uri));
            return index < 0 ? int.MaxValue : index;
        }
    }
}

/// <summary>A discovery source that lists nobody, as an empty webhook or an empty active set would.</summary>
internal sealed class EmptyDiscovery : IOrchestratorDiscovery
{
    private int _calls;

    public string Name => "empty";

    public int Calls => Volatile.Read(ref _calls);

    public ValueTask<IReadOnlyList<OrchestratorCandidate>> GetCandidatesAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult<IReadOnlyList<OrchestratorCandidate>>([]);
    }
}

/// <summary>
/// An orchestrator address that accepts TCP connections and never answers: every <c>GetOrchestrator</c> to it hangs
/// until the caller gives up.
/// </summary>
internal sealed class SilentListener : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public SilentListener()
    {
        _listener.Start();
        ServiceUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri ServiceUri { get; }

    public int Connections
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    private async Task AcceptAsync()
    {
        // Bounded: a test opens a handful of connections at most.
        for (var i = 0; i < 1000 && !_stop.IsCancellationRequested; i++)
        {
            try
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_accepted)
        {
            foreach (var socket in _accepted)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }
}

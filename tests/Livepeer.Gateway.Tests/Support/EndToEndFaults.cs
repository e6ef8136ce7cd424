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

/// <summary>
/// A TCP relay in front of an orchestrator, so that a test can make it vanish as a crashed host or a cut network
/// would: <see cref="KillAsync"/> stops listening and resets every relayed connection at once, with whatever requests
/// were in flight on them. (Stopping an in-process Kestrel host is gentler: it lets requests it already answered
/// finish.)
/// </summary>
internal sealed class CrashableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly CancellationTokenSource _stop = new();
    private Task _accepting = Task.CompletedTask;
    private int _targetPort;

    public CrashableRelay()
    {
        _listener.Start();
        ServiceUri = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
    }

    /// <summary>The address to give gateways (and the orchestrator to advertise).</summary>
    public Uri ServiceUri { get; }

    /// <summary>Starts relaying to the orchestrator listening on <paramref name="targetPort"/>.</summary>
    public void Start(int targetPort)
    {
        _targetPort = targetPort;
        _accepting = AcceptAsync();
    }

    /// <summary>Resets every connection and stops accepting new ones: the orchestrator is gone.</summary>
    public async Task KillAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                // Linger 0 sends RST rather than FIN, as a host that died would leave its peers.
                socket.LingerState = new LingerOption(true, 0);
                socket.Dispose();
            }
        }

        await _accepting;
        Task[] pumps;
        lock (_sockets)
        {
            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        // Bounded: a test opens a handful of connections.
        for (var i = 0; i < 1000 && !_stop.IsCancellationRequested; i++)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException)
            {
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(upstream);
                _pumps.Add(PumpAsync(client, upstream));
                _pumps.Add(PumpAsync(upstream, client));
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The relay was killed or a side closed; the other side sees the reset.
        }
    }
}

using System.Globalization;
using Livepeer.Network;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// Adds the orchestrator's one listener to Kestrel: gRPC and plain HTTP on <see cref="LivepeerOrchestratorOptions.ListenAddress"/>,
/// TLS for an https service URI, cleartext HTTP/2 for http.
/// </summary>
internal sealed class OrchestratorKestrelSetup(IOptions<LivepeerOrchestratorOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    : IConfigureOptions<KestrelServerOptions>
{
    private const string Prefix = LivepeerOrchestratorOptions.SectionName;

    /// <summary>The HTTP/2 receive window per request: a whole segment.</summary>
    internal const int SegmentStreamWindow = 1024 * 1024;

    /// <summary>The HTTP/2 receive window per connection: a few segments in flight from one gateway.</summary>
    internal const int SegmentConnectionWindow = 4 * 1024 * 1024;

    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var logger = loggerFactory.CreateLogger<OrchestratorKestrelSetup>();
        var o = options.Value;
        if (!o.ConfigureKestrel)
        {
            OperationsLog.KestrelLeftToApp(logger);
            return;
        }

        var serviceUri = o.ServiceUri ?? throw new OrchestratorException(OrchestratorErrorCode.InvalidConfiguration,
            $"{Prefix}:ServiceUri is required to set up the listener (or set {Prefix}:ConfigureKestrel to false and configure Kestrel yourself).");
        var endpoint = ListenEndpoint.Resolve(o.ListenAddress, serviceUri, $"{Prefix}:ListenAddress");
        var tls = !string.Equals(serviceUri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);
        var certificate = tls
            ? ListenerCertificate.Resolve(o.CertificatePath, o.CertificateKeyPath, o.DataDirectory, serviceUri.Host, Prefix, time, logger)
            : null;
        kestrel.ListenGrpc(endpoint, certificate);
        // A segment (about 1 MB) arrives in one window, not in round trips of Kestrel's default 96 KB; go-livepeer's
        // HTTP/2 server allows 1 MB per stream too.
        var http2 = kestrel.Limits.Http2;
        http2.InitialStreamWindowSize = Math.Max(http2.InitialStreamWindowSize, SegmentStreamWindow);
        http2.InitialConnectionWindowSize = Math.Max(http2.InitialConnectionWindowSize, SegmentConnectionWindow);
        OperationsLog.ListenerConfigured(logger, endpoint.ToString(), tls ? "TLS, HTTP/1.1 and HTTP/2" : "cleartext HTTP/2");
    }
}

/// <summary>Whether the server is listening, and where; set once the host has started.</summary>
internal sealed class OrchestratorListenerState
{
    private volatile IReadOnlyList<string>? _addresses;

    public bool IsListening => _addresses is not null;

    public IReadOnlyList<string> Addresses => _addresses ?? [];

    public void MarkListening(IReadOnlyList<string> addresses) => _addresses = addresses;

    /// <summary>Reads the server's bound addresses; null when the server does not report them (an in-memory test server).</summary>
    public static IReadOnlyList<string>? ReadAddresses(IServer? server) =>
        server?.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray();

    /// <summary>The port of the first bound address with the wanted scheme (any scheme when none matches), or null.</summary>
    public static int? FindBoundPort(IReadOnlyList<string> addresses, string scheme)
    {
        int? fallback = null;
        foreach (var address in addresses)
        {
            // Kestrel reports wildcard hosts ("0.0.0.0", "[::]", "*") that Uri may not accept; only the port matters.
            var colon = address.LastIndexOf(':');
            if (colon < 0 || !int.TryParse(address.AsSpan(colon + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
            {
                continue;
            }

            if (address.StartsWith(scheme + "://", StringComparison.OrdinalIgnoreCase))
            {
                return port;
            }

            fallback ??= port;
        }

        return fallback;
    }
}

/// <summary>Logs nothing when no logger factory is registered.</summary>
internal static class LoggerFactoryExtensions
{
    public static ILoggerFactory OrNull(this ILoggerFactory? factory) => factory ?? NullLoggerFactory.Instance;
}

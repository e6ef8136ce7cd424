using System.Globalization;
using System.Net;

namespace Livepeer.Orchestrator;

/// <summary>Parses a <c>host:port</c> listen address (go-livepeer's <c>-httpAddr</c>).</summary>
internal static class ListenEndpoint
{
    /// <summary>
    /// The endpoint to listen on: <paramref name="listenAddress"/> when given (an IP literal or <c>localhost</c>, with
    /// a port; <c>:port</c> means all interfaces), otherwise all interfaces on <paramref name="serviceUri"/>'s port.
    /// </summary>
    public static IPEndPoint Resolve(string? listenAddress, Uri? serviceUri, string settingName)
    {
        if (string.IsNullOrWhiteSpace(listenAddress))
        {
            var port = serviceUri is { IsAbsoluteUri: true } uri ? uri.Port : -1;
            if (port < 0)
            {
                throw new OrchestratorException(OrchestratorErrorCode.InvalidConfiguration,
                    $"{settingName} is not set and the service URI names no port to listen on.");
            }

            return new IPEndPoint(IPAddress.Any, port);
        }

        if (TryParse(listenAddress.Trim(), out var endpoint))
        {
            return endpoint;
        }

        throw new OrchestratorException(OrchestratorErrorCode.InvalidConfiguration,
            $"{settingName} '{listenAddress}' is not host:port with an IP address (or localhost) and a port from 0 to 65535, e.g. 0.0.0.0:8935.");
    }

    public static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        if (text.StartsWith(':') && TryPort(text[1..], out var anyPort))
        {
            endpoint = new IPEndPoint(IPAddress.Any, anyPort);
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon > 0 && string.Equals(text[..colon], "localhost", StringComparison.OrdinalIgnoreCase) && TryPort(text[(colon + 1)..], out var localPort))
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, localPort);
            return true;
        }

        // IPEndPoint.TryParse takes a bare address as port 0 and an unbracketed IPv6 address's last group as a port;
        // a listen address must name its port, and IPv6 must be bracketed.
        var ipv6 = text.IndexOf(':', StringComparison.Ordinal) != colon;
        if (colon > 0 && (!ipv6 || (text.StartsWith('[') && text[colon - 1] == ']'))
            && TryPort(text[(colon + 1)..], out _) && IPEndPoint.TryParse(text, out var parsed))
        {
            endpoint = parsed;
            return true;
        }

        return false;
    }

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port <= IPEndPoint.MaxPort;
}

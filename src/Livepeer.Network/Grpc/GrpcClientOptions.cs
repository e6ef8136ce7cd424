using System.Net;
using System.Net.Security;

namespace Livepeer.Network;

/// <summary>Settings of the HttpClient-based gRPC client.</summary>
internal sealed class GrpcClientOptions
{
    /// <summary>go-livepeer's <c>GRPCConnectTimeout</c>.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long opening a TCP (and TLS) connection may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>The largest response message accepted; larger frames fail with ResourceExhausted before they are read.</summary>
    public int MaxReceiveMessageSize { get; set; } = GrpcProtocol.DefaultMaxReceiveMessageSize;

    /// <summary>The largest request message sent.</summary>
    public int MaxSendMessageSize { get; set; } = int.MaxValue - GrpcFraming.HeaderSize;

    /// <summary>How long an unused connection stays open (go-livepeer's idle timeout is one minute).</summary>
    public TimeSpan PooledConnectionIdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Checks an https peer's certificate. Null accepts any certificate, because orchestrators serve a
    /// self-signed one and every go-livepeer client skips verification for them.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    internal void Validate()
    {
        if (ConnectTimeout <= TimeSpan.Zero && ConnectTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "ConnectTimeout must be positive.");
        }

        if (MaxReceiveMessageSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxReceiveMessageSize), MaxReceiveMessageSize, "MaxReceiveMessageSize must be positive.");
        }

        if (MaxSendMessageSize <= 0 || MaxSendMessageSize > int.MaxValue - GrpcFraming.HeaderSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSendMessageSize), MaxSendMessageSize, "MaxSendMessageSize is out of range.");
        }
    }

    /// <summary>
    /// A handler for gRPC peers: HTTP/2 (negotiated by ALPN over TLS, with prior knowledge over http://), the
    /// connect timeout, and the certificate rule above. One handler can serve many peers; it pools connections
    /// per host.
    /// </summary>
    internal SocketsHttpHandler CreateHandler()
    {
        Validate();
        var validation = ServerCertificateValidation ?? AcceptAnyCertificate;
        return new SocketsHttpHandler
        {
            ConnectTimeout = ConnectTimeout,
            PooledConnectionIdleTimeout = PooledConnectionIdleTimeout,
            EnableMultipleHttp2Connections = true,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = validation,
            },
        };
    }

    private static bool AcceptAnyCertificate(
        object sender,
        System.Security.Cryptography.X509Certificates.X509Certificate? certificate,
        System.Security.Cryptography.X509Certificates.X509Chain? chain,
        SslPolicyErrors errors) => true;
}

namespace Livepeer.Orchestrator;

/// <summary>
/// Settings of the ticket redeemer role (configuration section <c>Livepeer:Redeemer</c>), go-livepeer's
/// <c>-redeemer</c>: a node that owns the redemption key, takes winning tickets from orchestrators over gRPC and
/// tells them each sender's max float.
/// </summary>
public sealed class LivepeerRedeemerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Livepeer:Redeemer";

    /// <summary>
    /// The <c>host:port</c> to listen on, e.g. <c>0.0.0.0:8935</c> (go-livepeer's <c>-httpAddr</c>); port 0 picks a free
    /// port. Null (the default) adds no listener: the app configures Kestrel itself and the redeemer is served on its
    /// listeners, which must offer HTTP/2.
    /// </summary>
    public string? ListenAddress { get; set; }

    /// <summary>Whether the listener at <see cref="ListenAddress"/> serves TLS (as go-livepeer's redeemer does) or cleartext HTTP/2. Default true.</summary>
    public bool UseTls { get; set; } = true;

    /// <summary>Directory for the self-signed certificate (<c>cert.pem</c>, <c>key.pem</c>). Defaults to <c>~/.lpData/redeemer</c>.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>PEM certificate to serve instead of the self-signed one; needs <see cref="CertificateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key for <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>The most MonitorMaxFloat streams served at once; beyond it callers get ResourceExhausted. Default 1000.</summary>
    public int MaxMonitorStreams { get; set; } = 1000;
}

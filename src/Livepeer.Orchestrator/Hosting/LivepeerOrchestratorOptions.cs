using Livepeer.Protocol;

namespace Livepeer.Orchestrator;

/// <summary>
/// Settings of an orchestrator host (configuration section <c>Livepeer:Orchestrator</c>). The names follow
/// go-livepeer's <c>-orchestrator</c> flags where one exists.
/// </summary>
public sealed class LivepeerOrchestratorOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Livepeer:Orchestrator";

    /// <summary>
    /// The public URI gateways reach this orchestrator at (<c>-serviceAddr</c>), advertised as
    /// <c>OrchestratorInfo.transcoder</c> and used for rendition URLs. <c>https://</c> (or no scheme) serves TLS;
    /// <c>http://</c> serves cleartext HTTP/2 and HTTP/1.1. Required.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>
    /// Directory for state that outlives the process: the self-signed certificate (<c>cert.pem</c>, <c>key.pem</c>).
    /// Defaults to <c>~/.lpData/orchestrator</c>.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>The base transcoding price numerator in wei (<c>-pricePerUnit</c>); fractions are allowed. Default 0.</summary>
    public decimal PricePerUnit { get; set; }

    /// <summary>The base transcoding price denominator in pixels (<c>-pixelsPerUnit</c>). Default 1.</summary>
    public long PixelsPerUnit { get; set; } = 1;

    /// <summary>Per-gateway prices that replace the base price for those gateways (<c>-pricePerGateway</c>).</summary>
    public IList<GatewayPrice> PricePerGateway { get; } = [];

    /// <summary>
    /// Whether the advertised price includes the ticket redemption overhead (<c>-autoAdjustPrice</c>): price ×
    /// (1 + 1/txCostMultiplier), truncated to 3 decimals. Default true.
    /// </summary>
    public bool AutoAdjustPrice { get; set; } = true;

    /// <summary>The most concurrent transcoding sessions (<c>-maxSessions</c>); beyond it gateways get OrchestratorCapped. Default 10.</summary>
    public int MaxSessions { get; set; } = 10;

    /// <summary>
    /// Optional discovery auth webhook (<c>-authWebhookUrl</c>): POSTed <c>{"id":"&lt;gateway address&gt;"}</c> on
    /// GetOrchestrator; a non-200 answer refuses the gateway, a <c>priceInfo</c> in the answer overrides its price.
    /// </summary>
    public Uri? AuthWebhookUrl { get; set; }

    /// <summary>Other orchestrator URIs advertised in <c>OrchestratorInfo.nodes</c> (<c>-nodes</c>).</summary>
    public IList<Uri> Nodes { get; } = [];

    /// <summary>
    /// The shared secret standalone transcoders present when they register (<c>-orchSecret</c>). Null disables
    /// transcoder registration.
    /// </summary>
    public string? TranscoderSecret { get; set; }

    /// <summary>
    /// Whether this orchestrator transcodes with a local <c>ITranscoder</c> as well as with registered workers
    /// (go-livepeer's <c>-orchestrator -transcoder</c>). Default true.
    /// </summary>
    public bool TranscodeLocally { get; set; } = true;

    /// <summary>PEM certificate to serve instead of the self-signed one (<c>-certPath</c>-like); needs <see cref="CertificateKeyPath"/>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key for <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// A remote ticket redeemer (<c>-redeemerAddr</c>). When set, winning tickets go to it over gRPC and it supplies
    /// the senders' max float; otherwise the orchestrator redeems itself.
    /// </summary>
    public Uri? RedeemerUri { get; set; }

    /// <summary>
    /// Whether to set <see cref="ServiceUri"/> on chain through ServiceRegistry at start when the registered value
    /// differs. Default false.
    /// </summary>
    public bool RegisterServiceUri { get; set; }

    /// <summary>The largest segment body accepted (<c>MaxSegSize</c>). Default 300,000,000 bytes.</summary>
    public long MaxSegmentBytes { get; set; } = 300_000_000;

    /// <summary>
    /// How long an upload may take to arrive completely before the request is dropped, so that slow uploads
    /// cannot hold a connection. Default 10 seconds.
    /// </summary>
    public TimeSpan SegmentReadTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long transcoded renditions stay downloadable at their URLs. Default 5 minutes.</summary>
    public TimeSpan RenditionRetention { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The <c>host:port</c> the orchestrator listens on (<c>-httpAddr</c>), e.g. <c>0.0.0.0:8935</c>. Default: all
    /// interfaces on the port of <see cref="ServiceUri"/>. Port 0 picks a free port, and the advertised service URI then
    /// takes the bound port.
    /// </summary>
    public string? ListenAddress { get; set; }

    /// <summary>
    /// Whether the orchestrator sets up Kestrel's listener itself: <see cref="ListenAddress"/>, with TLS for an
    /// <c>https</c> <see cref="ServiceUri"/> (the configured PEM or a self-signed certificate kept in
    /// <see cref="DataDirectory"/>) or cleartext HTTP/2 for <c>http</c>. Set it to false when the app configures
    /// Kestrel (or uses another server) itself. Default true.
    /// </summary>
    public bool ConfigureKestrel { get; set; } = true;

    /// <summary>
    /// Whether the operator endpoints (<c>/status</c>, <c>/healthz</c>) answer callers other than loopback. They show
    /// session balances, so by default only local callers get an answer and others get 403. Default false.
    /// </summary>
    public bool AllowRemoteOperatorAccess { get; set; }

    /// <summary>
    /// Whether the orchestrator runs without a chain, as go-livepeer's <c>-network offchain</c>: no ticket recipient,
    /// ticket parameters, redemption or service URI registration, so no <c>Livepeer:Protocol</c> or
    /// <c>Livepeer:Payments</c> settings (RPC URL, key) are needed. <c>GetOrchestrator</c> answers any gateway without
    /// checking its signature, with no ticket parameters and no address, and with a price only when one is configured;
    /// <c>/segment</c> and <c>/payment</c> accept an empty <c>Livepeer-Payment</c> header and ignore any payment, and
    /// transcode results carry an empty signature. Auth tokens and segment hashes are checked as usual. Read when the
    /// services are registered: set it in the <c>AddLivepeerOrchestrator</c> delegate or its configuration section.
    /// Default false.
    /// </summary>
    public bool OffChain { get; set; }
}

/// <summary>A price for one gateway (an entry of go-livepeer's <c>-pricePerGateway</c>).</summary>
public sealed class GatewayPrice
{
    /// <summary>The gateway's Ethereum address.</summary>
    public EthAddress Address { get; set; }

    /// <summary>Price numerator in wei; fractions are allowed.</summary>
    public decimal PricePerUnit { get; set; }

    /// <summary>Price denominator in pixels. Default 1.</summary>
    public long PixelsPerUnit { get; set; } = 1;
}

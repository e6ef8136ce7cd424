using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Gateway;

/// <summary>
/// Settings of the gateway role, bound from the <c>Livepeer:Gateway</c> section. The go-livepeer flag each one
/// corresponds to is named in its description.
/// </summary>
public sealed class LivepeerGatewayOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Livepeer:Gateway";

    /// <summary>The policy selection policies are looked up by when <see cref="SelectionPolicy"/> is not set.</summary>
    public const string DefaultSelectionPolicy = "MinLatency";

    /// <summary>
    /// Runs without payments and without a chain (go-livepeer <c>-network offchain</c>): segments carry an empty
    /// <c>Livepeer-Payment</c> header, orchestrators come from <see cref="Orchestrators"/> or <see cref="WebhookUrl"/>,
    /// and requests are signed with a key made for the process. Default false.
    /// </summary>
    public bool OffChain { get; set; }

    /// <summary>Trusted orchestrators, by service URI (go-livepeer <c>-orchAddr</c>). They get score 1.</summary>
    public IList<Uri> Orchestrators { get; } = [];

    /// <summary>
    /// A URL answering a JSON array of <c>{"address": "https://host:port", "score": n}</c> (go-livepeer
    /// <c>-orchWebhookUrl</c>). Score 0 or missing is untrusted, 1 or more trusted.
    /// </summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// Discovers the orchestrators active in the current round, with their ServiceRegistry URIs, on chain. Default: on
    /// when the gateway is on chain and neither <see cref="Orchestrators"/> nor <see cref="WebhookUrl"/> is set, as
    /// go-livepeer does.
    /// </summary>
    public bool? OnChainDiscovery { get; set; }

    /// <summary>Also reads the AI service registry for service URIs in on-chain discovery. Default false.</summary>
    public bool UseAiServiceRegistry { get; set; }

    /// <summary>A Livepeer subgraph GraphQL endpoint to read active orchestrators and service URIs from. Default none.</summary>
    public Uri? SubgraphUrl { get; set; }

    /// <summary>Orchestrator addresses never used (go-livepeer <c>-orchBlacklist</c>).</summary>
    public IList<EthAddress> Blocklist { get; } = [];

    /// <summary>How long discovery waits before it settles for the answers it has (go-livepeer <c>-discoveryTimeout</c>). Default 500 ms.</summary>
    public TimeSpan DiscoveryTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The absolute limit on one discovery round. Default 6 s.</summary>
    public TimeSpan DiscoveryCutoff { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// The name of the selection policy: <c>MinLatency</c> (go-livepeer's default: reuse fast sessions, else the
    /// lowest latency score, else a stake-weighted draw), <c>Probability</c>, <c>LowestPrice</c>, or one registered
    /// with <c>AddSelectionPolicy</c>. Default <see cref="DefaultSelectionPolicy"/>.
    /// </summary>
    public string SelectionPolicy { get; set; } = DefaultSelectionPolicy;

    /// <summary>The weight of stake in the probability policy (go-livepeer <c>-selectStakeWeight</c>). Default 0.7.</summary>
    public double StakeWeight { get; set; } = 0.7;

    /// <summary>The weight of price in the probability policy (go-livepeer <c>-selectPriceWeight</c>). Default 0.</summary>
    public double PriceWeight { get; set; }

    /// <summary>The weight of chance in the probability policy (go-livepeer <c>-selectRandFreq</c>). Default 0.3.</summary>
    public double RandomWeight { get; set; } = 0.3;

    /// <summary>How steeply the probability policy favours low prices, in wei per pixel (go-livepeer <c>-selectPriceExpFactor</c>). Default 100.</summary>
    public double PriceExpFactor { get; set; } = 100;

    /// <summary>
    /// The highest price paid, in wei per <see cref="PixelsPerUnit"/> pixels (go-livepeer <c>-maxPricePerUnit</c>).
    /// Null or 0: no limit.
    /// </summary>
    public long? MaxPricePerUnit { get; set; }

    /// <summary>The pixels <see cref="MaxPricePerUnit"/> is for (go-livepeer <c>-pixelsPerUnit</c>). Default 1.</summary>
    public long PixelsPerUnit { get; set; } = 1;

    /// <summary>Uses orchestrators above <see cref="MaxPricePerUnit"/> when none is below it (go-livepeer <c>-ignoreMaxPriceIfNeeded</c>). Default false.</summary>
    public bool IgnoreMaxPriceIfNeeded { get; set; }

    /// <summary>Attempts per segment, each on another orchestrator when one fails. Default 3.</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// Decodes every rendition and requires its pixel count to match what the orchestrator reported, and checks the
    /// orchestrator's signature over the renditions (go-livepeer <c>-localVerify</c>). Default: on when on chain.
    /// </summary>
    public bool? VerifyPixels { get; set; }

    /// <summary>
    /// Requires that an orchestrator's ticket recipient is the address registered on chain for its service URI, and
    /// that it signs its results with it. Default false.
    /// </summary>
    public bool RequireOrchestratorIdentity { get; set; }

    /// <summary>
    /// Signs the tickets of a session's next segment in the background as soon as a segment comes back, with the
    /// parameters the orchestrator sent with it, so that the next segment does not wait for them. As many are signed
    /// as the last segment took; a segment that needs more signs the rest itself. Signed tickets that are never sent
    /// cost nothing: a ticket is only a payment once it is sent. When the gateway's key is a <c>PrivateKeySigner</c>, the
    /// nonce of the next segment's signature is prepared then too (a random nonce, not RFC 6979's), so that signing the
    /// segment takes a few multiplications instead of a whole signature. Default true.
    /// </summary>
    public bool PrepareTickets { get; set; } = true;

    /// <summary>How many orchestrators the trusted pool keeps per stream at most. Default 8.</summary>
    public int MaxTrustedSessions { get; set; } = 8;

    /// <summary>
    /// The renditions made for a pushed segment whose request names none (no <c>Livepeer-Transcode-Configuration</c>
    /// header, or one without presets and profiles). Empty, the default, means go-livepeer's default ladder
    /// (<c>-transcodingOptions</c>): <see cref="VideoProfile.P240p30fps16x9"/> and <see cref="VideoProfile.P360p30fps16x9"/>.
    /// Names must be letters, digits, <c>-</c>, <c>_</c> or <c>.</c>, because they become playlist paths. From
    /// configuration (<c>Livepeer:Gateway:DefaultProfiles</c>, read by the <c>AddLivepeerGateway(IConfiguration)</c>
    /// overload, replacing what was set before): an array of go-livepeer preset names (<c>"P240p30fps16x9"</c>), one
    /// comma-separated string of them, or objects <c>{"Name", "Width", "Height", "Bitrate", "Fps"}</c>, optionally
    /// with a <c>"Preset"</c> they start from; <c>Fps</c> is a whole number or a fraction such as <c>30000/1001</c>.
    /// </summary>
    public IList<VideoProfile> DefaultProfiles { get; } = [];

    /// <summary>
    /// The largest pushed segment accepted by the HTTP push ingest, in bytes; a larger one is answered 413. The
    /// segment is held in memory while it is transcoded. Default 64 MiB (a 2-second segment at 8 Mbit/s is 2 MB;
    /// go-livepeer's own ceiling, <c>MaxSegSize</c>, is 300 MB).
    /// </summary>
    public int MaxIngestSegmentBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// How many segments per rendition the HLS playback of a pushed stream keeps in memory; older ones leave the
    /// playlists. 0 keeps every segment until the stream is dropped. Default 10.
    /// </summary>
    public int HlsWindowSegments { get; set; } = 10;

    /// <summary>
    /// How long a pushed stream that receives no segment is kept before it and its HLS playback are dropped
    /// (go-livepeer drops inactive push streams after 60 s). Default 60 s.
    /// </summary>
    public TimeSpan IngestStreamTimeout { get; set; } = TimeSpan.FromSeconds(60);
}

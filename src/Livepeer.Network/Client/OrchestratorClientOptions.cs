using System.Net.Security;

namespace Livepeer.Network;

/// <summary>Settings of an <see cref="OrchestratorClient"/>; the defaults are go-livepeer's gateway values.</summary>
public sealed class OrchestratorClientOptions
{
    /// <summary>How long opening a TCP (and TLS) connection may take (go-livepeer's <c>GRPCConnectTimeout</c>: 3 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The deadline of each gRPC call (go-livepeer's <c>GRPCTimeout</c>: 8 s). A shorter bound can be set per call
    /// through its cancellation token.</summary>
    public TimeSpan GrpcTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>The least time a segment upload may take until the response headers arrive (go-livepeer: 2 s);
    /// the upload timeout is the larger of this and half the segment's duration.</summary>
    public TimeSpan MinSegmentUploadTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The least time a whole segment request may take (go-livepeer's <c>HTTPTimeout</c>: 8 s); the total
    /// timeout is the larger of this and four times the segment's duration.</summary>
    public TimeSpan MinSegmentTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Multiplies both segment timeouts when over 1 (go-livepeer's per-stream <c>TimeoutMultiplier</c>).</summary>
    public double SegmentTimeoutMultiplier { get; set; } = 1;

    /// <summary>How long a <c>/payment</c> request may take (go-livepeer: 1 min).</summary>
    public TimeSpan PaymentTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a rendition download may take (go-livepeer: 4 s).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The largest rendition downloaded (go-livepeer's <c>MaxSegSize</c>: 300,000,000 bytes).</summary>
    public long MaxDownloadSize { get; set; } = 300_000_000;

    /// <summary>The largest <c>/segment</c> or <c>/payment</c> response body read (a transcode result is a few KiB).</summary>
    public int MaxResponseSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Checks an https node's certificate. Null accepts any certificate: orchestrators serve a self-signed one and
    /// every go-livepeer client skips verification for them. Applies to handlers made by <see cref="CreateHandler"/>.
    /// </summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>
    /// A handler for orchestrators: HTTP/2 (by ALPN over TLS, with prior knowledge over http://), the connect timeout
    /// and the certificate rule above, connections pooled per host. One handler can serve every orchestrator a
    /// gateway talks to; pass it to the <see cref="OrchestratorClient"/> constructor and dispose it yourself.
    /// </summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateHandler() => ToGrpcOptions().CreateHandler();

    internal GrpcClientOptions ToGrpcOptions() => new()
    {
        ConnectTimeout = ConnectTimeout,
        ServerCertificateValidation = ServerCertificateValidation,
    };

    internal void Validate()
    {
        Positive(ConnectTimeout, nameof(ConnectTimeout));
        Positive(GrpcTimeout, nameof(GrpcTimeout));
        Positive(MinSegmentUploadTimeout, nameof(MinSegmentUploadTimeout));
        Positive(MinSegmentTimeout, nameof(MinSegmentTimeout));
        Positive(PaymentTimeout, nameof(PaymentTimeout));
        Positive(DownloadTimeout, nameof(DownloadTimeout));
        if (!double.IsFinite(SegmentTimeoutMultiplier) || SegmentTimeoutMultiplier <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SegmentTimeoutMultiplier), SegmentTimeoutMultiplier, "SegmentTimeoutMultiplier must be a positive number.");
        }

        if (MaxDownloadSize <= 0 || MaxDownloadSize > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDownloadSize), MaxDownloadSize, "MaxDownloadSize must be positive and fit in one array.");
        }

        if (MaxResponseSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseSize), MaxResponseSize, "MaxResponseSize must be positive.");
        }
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive and at most a day.");
        }
    }
}

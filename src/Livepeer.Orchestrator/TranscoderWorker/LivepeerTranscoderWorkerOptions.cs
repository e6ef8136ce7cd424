using Livepeer.Network;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// Settings of a standalone transcoder (go-livepeer's <c>-transcoder</c> mode), bound from the configuration section
/// <c>Livepeer:TranscoderWorker</c> and validated at start. A transcoder needs no Ethereum key or RPC endpoint.
/// </summary>
public sealed class LivepeerTranscoderWorkerOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string SectionName = "Livepeer:TranscoderWorker";

    /// <summary>
    /// The orchestrator to register with (<c>-orchAddr</c>): <c>https://host:port</c> (its self-signed certificate is
    /// accepted, as go-livepeer accepts it) or <c>http://host:port</c> (cleartext HTTP/2). Required.
    /// </summary>
    public Uri? OrchestratorUri { get; set; }

    /// <summary>The secret the orchestrator was started with (<c>-orchSecret</c>). Required; never logged.</summary>
    public string? Secret { get; set; }

    /// <summary>How many sessions this transcoder takes at once (<c>-maxSessions</c>). Default 10.</summary>
    public int Capacity { get; set; } = 10;

    /// <summary>The capabilities to advertise. Null advertises go-livepeer's default transcoder set.</summary>
    public CapabilitySet? Capabilities { get; set; }

    /// <summary>The first wait before reconnecting after the stream to the orchestrator ends. Default 0.5 seconds.</summary>
    public TimeSpan InitialReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between reconnection attempts; the wait doubles up to it. Default 1 minute (as go-livepeer).</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long downloading one input segment may take. Default 8 seconds (go-livepeer's <c>HTTPTimeout</c>).</summary>
    public TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long uploading one result to the orchestrator may take. Default 1 minute.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Checks <see cref="LivepeerTranscoderWorkerOptions"/> at start, naming the setting that is wrong.</summary>
internal sealed class LivepeerTranscoderWorkerOptionsValidator : IValidateOptions<LivepeerTranscoderWorkerOptions>
{
    public ValidateOptionsResult Validate(string? name, LivepeerTranscoderWorkerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var prefix = LivepeerTranscoderWorkerOptions.SectionName + ":";
        if (options.OrchestratorUri is not { IsAbsoluteUri: true } uri
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || string.IsNullOrEmpty(uri.Host))
        {
            failures.Add($"{prefix}{nameof(options.OrchestratorUri)} must be an absolute https:// or http:// URI of the orchestrator (got '{options.OrchestratorUri}').");
        }

        if (string.IsNullOrEmpty(options.Secret))
        {
            failures.Add($"{prefix}{nameof(options.Secret)} is required: the orchestrator's transcoder secret.");
        }

        if (options.Capacity <= 0)
        {
            failures.Add($"{prefix}{nameof(options.Capacity)} must be at least 1 (got {options.Capacity}).");
        }

        if (options.InitialReconnectDelay <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.InitialReconnectDelay)} must be positive.");
        }

        if (options.MaxReconnectDelay < options.InitialReconnectDelay)
        {
            failures.Add($"{prefix}{nameof(options.MaxReconnectDelay)} must be at least {nameof(options.InitialReconnectDelay)}.");
        }

        if (options.DownloadTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.DownloadTimeout)} must be positive.");
        }

        if (options.UploadTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}{nameof(options.UploadTimeout)} must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

namespace Livepeer.Protocol;

/// <summary>Settings for <see cref="EthereumRpcClient"/>.</summary>
public sealed class EthereumRpcClientOptions
{
    /// <summary>
    /// How many times a read is retried after a transient fault (a connection failure, HTTP 429 or 5xx, a
    /// timeout). Sends of signed transactions are never retried, because the first may already have landed.
    /// Default 3.
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry delay; later ones back off exponentially with jitter. Default 200 ms.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The time one HTTP request may take. Default 30 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response body accepted, in bytes; a larger one fails with <see cref="ProtocolErrorCode.RpcTransport"/>. Default 64 MiB.</summary>
    public int MaxResponseBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The clock for retry delays and receipt polling. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Decodes revert data into a <see cref="ContractRevertException"/>; custom errors of known contracts can be added here.</summary>
    public Func<byte[], ContractRevertException>? RevertDecoder { get; set; }

    internal void Validate()
    {
        if (MaxRetries < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetries), MaxRetries, "MaxRetries must be zero or more.");
        }
        if (RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), RequestTimeout, "RequestTimeout must be positive.");
        }
        if (MaxResponseBytes < 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "MaxResponseBytes must be at least 1024.");
        }
        ArgumentNullException.ThrowIfNull(TimeProvider);
        if (RetryBaseDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "RetryBaseDelay must not be negative.");
        }
    }
}

namespace Livepeer.Orchestrator;

/// <summary>Why a standalone transcoder stopped for good.</summary>
public enum TranscoderWorkerErrorCode
{
    /// <summary>The orchestrator refused the secret (status message <c>invalid secret</c>).</summary>
    InvalidSecret,

    /// <summary>The orchestrator refused a registration without capacity (status message <c>zero capacity</c>).</summary>
    ZeroCapacity,
}

/// <summary>
/// The orchestrator refused this transcoder in a way that retrying cannot fix; the worker logs it and stops instead of
/// reconnecting.
/// </summary>
public sealed class TranscoderWorkerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">Why the worker stopped.</param>
    /// <param name="message">The orchestrator's status message.</param>
    /// <param name="innerException">The failed call.</param>
    public TranscoderWorkerException(TranscoderWorkerErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
    }

    /// <summary>Why the worker stopped.</summary>
    public TranscoderWorkerErrorCode ErrorCode { get; }

    /// <summary>Always false: the same registration would be refused again.</summary>
    public bool IsTransient => false;
}

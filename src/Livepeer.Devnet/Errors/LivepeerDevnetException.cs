namespace Livepeer.Devnet;

/// <summary>A failure of the local devnet: a missing component, a node that would not start, or a failed deployment step.</summary>
public sealed class LivepeerDevnetException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">What went wrong.</param>
    /// <param name="message">The message, which says what to do about it where that is known.</param>
    /// <param name="step">The deployment step that failed, if any.</param>
    /// <param name="innerException">The cause.</param>
    public LivepeerDevnetException(DevnetErrorCode errorCode, string message, string? step = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        Step = step;
    }

    /// <summary>The stable failure code.</summary>
    public DevnetErrorCode ErrorCode { get; }

    /// <summary>The deployment step that failed (e.g. <c>register BondingManager</c>); null outside a deployment.</summary>
    public string? Step { get; }

    /// <summary>
    /// True only when anvil failed to start, which a loaded machine can cause; a missing component, a bad
    /// artifact or a reverted deployment does not go away by retrying.
    /// </summary>
    public bool IsTransient => ErrorCode == DevnetErrorCode.AnvilStartFailed;
}

namespace Livepeer.Orchestrator;

/// <summary>Stable codes for failures of an orchestrator or redeemer host at start: settings, the signing key, the listener and its certificate, service URI registration.</summary>
public enum OrchestratorErrorCode
{
    /// <summary>A setting is invalid or missing (the signing key included); the message names it.</summary>
    InvalidConfiguration = 1,

    /// <summary>The TLS certificate could not be loaded, created or stored.</summary>
    CertificateUnavailable,

    /// <summary>The service URI could not be read from or written to the ServiceRegistry.</summary>
    ServiceUriRegistrationFailed,
}

/// <summary>A failure of an orchestrator or redeemer host, with a stable <see cref="ErrorCode"/> and whether retrying may succeed.</summary>
public sealed class OrchestratorException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The stable code.</param>
    /// <param name="message">What failed, naming the setting involved.</param>
    /// <param name="isTransient">True when the same operation may succeed later.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OrchestratorException(OrchestratorErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>The stable code of the failure.</summary>
    public OrchestratorErrorCode ErrorCode { get; }

    /// <summary>True when the same operation may succeed later.</summary>
    public bool IsTransient { get; }
}

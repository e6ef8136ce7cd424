namespace Livepeer.Orchestrator;

/// <summary>Stable codes for failures of the orchestrator's operator side (listener, certificate, service URI registration).</summary>
public enum OrchestratorOperationsErrorCode
{
    /// <summary>A setting is invalid; the message names it.</summary>
    InvalidConfiguration = 1,

    /// <summary>The TLS certificate could not be loaded, created or stored.</summary>
    CertificateUnavailable,

    /// <summary>The service URI could not be read from or written to the ServiceRegistry.</summary>
    ServiceUriRegistrationFailed,
}

/// <summary>A failure of the orchestrator's operator side, with a stable <see cref="ErrorCode"/> and whether retrying may succeed.</summary>
public sealed class OrchestratorOperationsException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The stable code.</param>
    /// <param name="message">What failed, naming the setting involved.</param>
    /// <param name="isTransient">True when the same operation may succeed later.</param>
    /// <param name="innerException">The cause, if any.</param>
    public OrchestratorOperationsException(OrchestratorOperationsErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>The stable code of the failure.</summary>
    public OrchestratorOperationsErrorCode ErrorCode { get; }

    /// <summary>True when the same operation may succeed later.</summary>
    public bool IsTransient { get; }
}

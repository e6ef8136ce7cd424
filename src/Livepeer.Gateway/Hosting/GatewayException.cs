namespace Livepeer.Gateway;

/// <summary>What went wrong in the gateway.</summary>
public enum GatewayErrorCode
{
    /// <summary>The gateway's settings are invalid; the message names the setting.</summary>
    InvalidConfiguration,

    /// <summary>Discovery found no usable orchestrator (none configured, none answered, or none passed the filters).</summary>
    NoOrchestrators,

    /// <summary>Every attempt at a segment failed; the attempts are listed in the message.</summary>
    SegmentFailed,

    /// <summary>An orchestrator rejected the segment for a reason another orchestrator would share (an invalid input, say).</summary>
    SegmentRejected,

    /// <summary>
    /// The gateway's own TicketBroker funds stop payments: no deposit, no reserve, or both unlocking soon. The stream
    /// stops; fund the gateway and start again.
    /// </summary>
    SenderFunds,

    /// <summary>An orchestrator's on-chain identity did not match what it presented.</summary>
    IdentityMismatch,

    /// <summary>The stream was closed or is not known.</summary>
    StreamClosed,

    /// <summary>The request sent to the gateway's HTTP endpoints was invalid.</summary>
    InvalidRequest,
}

/// <summary>An error of the gateway, with a code to branch on.</summary>
public sealed class GatewayException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">What went wrong.</param>
    /// <param name="message">A message for people.</param>
    /// <param name="isTransient">Whether trying again later may succeed.</param>
    /// <param name="innerException">The cause, if any.</param>
    public GatewayException(GatewayErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>What went wrong.</summary>
    public GatewayErrorCode ErrorCode { get; }

    /// <summary>Whether trying again later may succeed.</summary>
    public bool IsTransient { get; }
}

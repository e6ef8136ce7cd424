namespace Livepeer.Payments;

/// <summary>Stable codes for the failures of the payment engine (not for ticket rejections, which are values).</summary>
public enum PaymentErrorCode
{
    /// <summary>Tickets or parameters were refused; see <see cref="PaymentException.Rejection"/>.</summary>
    TicketRejected = 1,

    /// <summary>The winning-ticket database could not be opened or written.</summary>
    StoreUnavailable,

    /// <summary>The winning-ticket database is corrupt. Its file is left untouched so that no ticket is lost.</summary>
    StoreCorrupt,

    /// <summary>A redemption could not be sent or confirmed; it is retried on a later block.</summary>
    RedemptionFailed,

    /// <summary>The chain could not be read.</summary>
    ChainUnavailable,

    /// <summary>The payment engine's options are invalid.</summary>
    InvalidConfiguration,
}

/// <summary>The payment engine's exception: a stable <see cref="ErrorCode"/>, and whether retrying may succeed.</summary>
public class PaymentException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="errorCode">The stable code.</param>
    /// <param name="message">The message.</param>
    /// <param name="isTransient">True when the same operation may succeed later.</param>
    /// <param name="innerException">The cause, if any.</param>
    public PaymentException(PaymentErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>Creates the exception for a rejection.</summary>
    /// <param name="rejection">The rejection.</param>
    public PaymentException(TicketRejection rejection)
        : base((rejection ?? throw new ArgumentNullException(nameof(rejection))).Message)
    {
        ErrorCode = PaymentErrorCode.TicketRejected;
        Rejection = rejection;
    }

    /// <summary>The stable code of the failure.</summary>
    public PaymentErrorCode ErrorCode { get; }

    /// <summary>True when the same operation may succeed later.</summary>
    public bool IsTransient { get; }

    /// <summary>The rejection, when <see cref="ErrorCode"/> is <see cref="PaymentErrorCode.TicketRejected"/>.</summary>
    public TicketRejection? Rejection { get; }
}

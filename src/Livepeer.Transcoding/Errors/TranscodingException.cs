namespace Livepeer.Transcoding;

/// <summary>
/// A transcoding failure. <see cref="Exception.Message"/> is the exact LPMS or go-livepeer string for
/// <see cref="ErrorCode"/> (for example "No keyframes in input"), so it can be sent to a gateway as is.
/// </summary>
public class TranscodingException : Exception
{
    /// <summary>Creates the exception with the standard message of <paramref name="errorCode"/>.</summary>
    /// <param name="errorCode">The code.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TranscodingException(TranscodeErrorCode errorCode, Exception? innerException = null)
        : this(errorCode, TranscodeErrors.GetMessage(errorCode), innerException)
    {
    }

    /// <summary>Creates the exception with an explicit message (for <see cref="TranscodeErrorCode.Unknown"/> and
    /// <see cref="TranscodeErrorCode.InvalidConfiguration"/>).</summary>
    /// <param name="errorCode">The code.</param>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TranscodingException(TranscodeErrorCode errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsRetryable = errorCode switch
        {
            TranscodeErrorCode.InvalidConfiguration => false,
            TranscodeErrorCode.Unknown => TranscodeErrors.IsRetryable(message),
            _ => TranscodeErrors.IsRetryable(errorCode),
        };
    }

    /// <summary>The stable code of the failure.</summary>
    public TranscodeErrorCode ErrorCode { get; }

    /// <summary>True when a gateway would retry the segment (possibly elsewhere): the message is not one of
    /// go-livepeer's non-retryable errors.</summary>
    public bool IsRetryable { get; }
}

/// <summary>A profile or transcoding configuration that cannot be used; <see cref="Field"/> names the culprit.</summary>
public sealed class TranscodingConfigurationException : TranscodingException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field, e.g. <c>profiles[1].gop</c>.</param>
    /// <param name="message">What is wrong; the field is prefixed to it.</param>
    /// <param name="innerException">The cause, if any.</param>
    public TranscodingConfigurationException(string field, string message, Exception? innerException = null)
        : base(TranscodeErrorCode.InvalidConfiguration, $"{field}: {message}", innerException)
    {
        Field = field;
    }

    /// <summary>The field that is invalid, as a JSON path (<c>profiles[1].gop</c>) or a wire field name.</summary>
    public string Field { get; }
}

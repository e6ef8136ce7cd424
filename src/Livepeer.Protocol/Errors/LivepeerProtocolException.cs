namespace Livepeer.Protocol;

/// <summary>The base of every exception thrown by <c>Livepeer.Protocol</c>.</summary>
public class LivepeerProtocolException : Exception
{
    /// <summary>Creates an exception with a stable code.</summary>
    public LivepeerProtocolException(ProtocolErrorCode errorCode, string message, bool isTransient = false, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        IsTransient = isTransient;
    }

    /// <summary>The stable code for this failure.</summary>
    public ProtocolErrorCode ErrorCode { get; }

    /// <summary>True when retrying the same operation later may succeed.</summary>
    public bool IsTransient { get; }
}

/// <summary>Thrown when bytes or text (hex, an address, ABI or RLP data, a signature, a keystore) are malformed.</summary>
public sealed class EthereumFormatException : LivepeerProtocolException
{
    /// <summary>Creates the exception.</summary>
    public EthereumFormatException(ProtocolErrorCode errorCode, string message, Exception? innerException = null)
        : base(errorCode, message, isTransient: false, innerException)
    {
    }
}

using System.Buffers;
using Google.Protobuf;

namespace Livepeer.Network;

/// <summary>
/// The header form of a protobuf message: standard base64 with padding. Decoding bounds the length first and turns
/// every failure into a <see cref="NetworkException"/>, so that a peer's header can never throw anything else.
/// </summary>
internal static class HeaderCodec
{
    /// <summary>The longest header value decoded: go's <c>http.DefaultMaxHeaderBytes</c> (1 MiB) for all headers together.</summary>
    public const int MaxHeaderLength = 1 << 20;

    public static string Encode(IMessage message)
    {
        var size = message.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(buffer.AsSpan(0, size));
            return Convert.ToBase64String(buffer, 0, size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static T Decode<T>(string? value, MessageParser<T> parser, NetworkErrorCode encodingError, string header)
        where T : IMessage<T>
    {
        value ??= string.Empty;
        if (value.Length > MaxHeaderLength)
        {
            throw new NetworkException(NetworkErrorCode.HeaderTooLarge, $"The {header} header has {value.Length} characters; at most {MaxHeaderLength} are read.");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(value.Length / 4 * 3, 1));
        try
        {
            if (!Convert.TryFromBase64String(value, buffer, out var length))
            {
                throw new NetworkException(encodingError, $"{NetworkException.WireText(encodingError)}: the {header} header is not standard base64 with padding.");
            }

            try
            {
                return parser.ParseFrom(new ReadOnlySequence<byte>(buffer, 0, length));
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new NetworkException(NetworkErrorCode.MalformedMessage, $"The {header} header is not a valid {typeof(T).Name} message: {e.Message}", innerException: e);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}

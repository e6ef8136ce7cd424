using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Livepeer.Network;

/// <summary>
/// gRPC length-prefixed messages: a compression flag byte (always 0 here), a 4-byte big-endian length, then
/// the protobuf bytes.
/// </summary>
internal static class GrpcFraming
{
    public const int HeaderSize = 5;

    /// <summary>Serialises a message into one uncompressed frame.</summary>
    public static byte[] Encode<T>(T message, int maxMessageSize)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new GrpcCallException(
                GrpcStatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} > {maxMessageSize} bytes).");
        }

        var frame = new byte[HeaderSize + size];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1, 4), (uint)size);
        message.WriteTo(frame.AsSpan(HeaderSize));
        return frame;
    }

    /// <summary>
    /// Reads one frame and parses it; null when the stream ends cleanly before a frame starts. Refuses compressed
    /// frames and frames longer than <paramref name="maxMessageSize"/> before reading their body.
    /// </summary>
    public static async ValueTask<T?> ReadMessageAsync<T>(
        Stream stream,
        MessageParser<T> parser,
        int maxMessageSize,
        CancellationToken cancellationToken)
        where T : class, IMessage<T>
    {
        var header = ArrayPool<byte>.Shared.Rent(HeaderSize);
        int length;
        try
        {
            var read = await stream.ReadAtLeastAsync(header.AsMemory(0, HeaderSize), HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            if (read < HeaderSize)
            {
                throw new GrpcCallException(GrpcStatusCode.Internal, "The stream ended inside a gRPC message header.");
            }

            switch (header[0])
            {
                case 0:
                    break;
                case 1:
                    throw new GrpcCallException(GrpcStatusCode.Internal, "Received a compressed gRPC message; compression is not supported.");
                default:
                    throw new GrpcCallException(GrpcStatusCode.Internal, $"Invalid gRPC compression flag {header[0]}.");
            }

            var declared = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1, 4));
            if (declared > (uint)maxMessageSize)
            {
                throw new GrpcCallException(
                    GrpcStatusCode.ResourceExhausted,
                    $"Received message exceeds the maximum configured message size ({declared} > {maxMessageSize} bytes).");
            }

            length = (int)declared;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(header);
        }

        var body = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        try
        {
            var read = await stream.ReadAtLeastAsync(body.AsMemory(0, length), length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (read < length)
            {
                throw new GrpcCallException(GrpcStatusCode.Internal, "The stream ended inside a gRPC message.");
            }

            try
            {
                return parser.ParseFrom(body.AsSpan(0, length));
            }
            catch (InvalidProtocolBufferException ex)
            {
                throw new GrpcCallException(GrpcStatusCode.Internal, "Failed to parse a gRPC message.", ex);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body);
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>The <c>Livepeer-Segment</c> header: <see cref="SegmentCredentials"/> as base64 of the protobuf <c>SegData</c>.</summary>
public static class SegmentHeader
{
    /// <summary>The header name.</summary>
    public const string Name = "Livepeer-Segment";

    /// <summary>Encodes credentials; the profiles go in the one <c>fullProfiles*</c> field go-livepeer would use and the
    /// legacy <c>profiles</c> field carries <c>invalid</c>.</summary>
    /// <param name="segment">The credentials, usually signed.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="NetworkException">A value has no wire form (<see cref="NetworkErrorCode.Unrepresentable"/>).</exception>
    public static string Encode(SegmentCredentials segment) => HeaderCodec.Encode(SegmentMapping.ToWire(segment));

    /// <summary>Decodes a received header with go-livepeer's checks (base64, protobuf, profiles, duration).</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The credentials; the signature is not verified here.</returns>
    /// <exception cref="NetworkException">The value is malformed; <see cref="NetworkException.ErrorCode"/> says how.</exception>
    public static SegmentCredentials Decode(string? value)
        => SegmentMapping.FromWire(HeaderCodec.Decode(value, Wire.SegData.Parser, NetworkErrorCode.SegmentEncoding, Name));

    /// <summary>Decodes without throwing for bad input.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="segment">The credentials when decoded.</param>
    /// <param name="error">Why decoding failed.</param>
    /// <returns>True when decoded.</returns>
    public static bool TryDecode(string? value, [NotNullWhen(true)] out SegmentCredentials? segment, [NotNullWhen(false)] out NetworkException? error)
    {
        try
        {
            segment = Decode(value);
            error = null;
            return true;
        }
        catch (NetworkException e)
        {
            segment = null;
            error = e;
            return false;
        }
    }
}

using System.Diagnostics.CodeAnalysis;
using Livepeer.Payments;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>The <c>Livepeer-Payment</c> header: a <see cref="TicketPayment"/> as base64 of the protobuf <c>Payment</c>.</summary>
public static class PaymentHeader
{
    /// <summary>The header name.</summary>
    public const string Name = "Livepeer-Payment";

    /// <summary>Encodes a payment. The ticket params travel without their expiration params, which are sent once beside
    /// them, as go-livepeer's sender does.</summary>
    /// <param name="payment">The payment.</param>
    /// <returns>The header value.</returns>
    /// <exception cref="NetworkException">A value has no wire form (<see cref="NetworkErrorCode.Unrepresentable"/>).</exception>
    public static string Encode(TicketPayment payment) => HeaderCodec.Encode(PaymentMapping.ToWire(payment));

    /// <summary>Decodes a received header. An empty value (a gateway without payments) is a payment with nothing in it.</summary>
    /// <param name="value">The header value.</param>
    /// <returns>The payment; signatures that are not valid signatures are kept as empty ones, which the recipient refuses per ticket.</returns>
    /// <exception cref="NetworkException">The value is malformed; <see cref="NetworkException.ErrorCode"/> says how.</exception>
    public static TicketPayment Decode(string? value)
        => PaymentMapping.FromWire(HeaderCodec.Decode(value, Wire.Payment.Parser, NetworkErrorCode.PaymentEncoding, Name));

    /// <summary>Decodes without throwing for bad input.</summary>
    /// <param name="value">The header value.</param>
    /// <param name="payment">The payment when decoded.</param>
    /// <param name="error">Why decoding failed.</param>
    /// <returns>True when decoded.</returns>
    public static bool TryDecode(string? value, [NotNullWhen(true)] out TicketPayment? payment, [NotNullWhen(false)] out NetworkException? error)
    {
        try
        {
            payment = Decode(value);
            error = null;
            return true;
        }
        catch (NetworkException e)
        {
            payment = null;
            error = e;
            return false;
        }
    }
}

using System.Numerics;
using Livepeer.Payments;
using Livepeer.Protocol;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Network;

/// <summary>Conversions between the payment messages of the wire and the types of <c>Livepeer.Payments</c>.</summary>
internal static class PaymentMapping
{
    private static readonly TicketExpirationParams NoExpirationParams = new(0, []);

    public static Wire.TicketExpirationParams ToWire(TicketExpirationParams value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.CreationRound > long.MaxValue)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, $"Creation round {value.CreationRound} does not fit the wire's int64.");
        }

        return new Wire.TicketExpirationParams
        {
            CreationRound = (long)value.CreationRound,
            CreationRoundBlockHash = WireValues.Copy(value.CreationRoundBlockHash),
        };
    }

    public static TicketExpirationParams FromWire(Wire.TicketExpirationParams value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.CreationRound < 0)
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, $"creation_round is negative ({value.CreationRound}).");
        }

        if (value.CreationRoundBlockHash.Length is not (0 or 32))
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, $"creation_round_block_hash is {value.CreationRoundBlockHash.Length} bytes; a block hash is 32.");
        }

        return new TicketExpirationParams((ulong)value.CreationRound, value.CreationRoundBlockHash.ToByteArray());
    }

    /// <param name="value">The parameters.</param>
    /// <param name="includeExpirationParams">False inside a <c>Payment</c>, where go-livepeer's sender leaves field 7 out
    /// and sends the expiration params once, beside the ticket params.</param>
    public static Wire.TicketParams ToWire(TicketParams value, bool includeExpirationParams)
    {
        ArgumentNullException.ThrowIfNull(value);
        var wire = new Wire.TicketParams
        {
            Recipient = WireValues.ToBytes(value.Recipient),
            FaceValue = WireValues.ToMinimalBigEndian(value.FaceValue.Value),
            WinProb = WireValues.ToMinimalBigEndian(value.WinProb),
            RecipientRandHash = WireValues.Copy(value.RecipientRandHash),
            Seed = WireValues.ToMinimalBigEndian(value.Seed),
            ExpirationBlock = WireValues.ToMinimalBigEndian(value.ExpirationBlock),
        };
        if (includeExpirationParams && value.ExpirationParams is not null)
        {
            wire.ExpirationParams = ToWire(value.ExpirationParams);
        }

        return wire;
    }

    /// <param name="value">The wire message.</param>
    /// <param name="outerExpirationParams">The payment's own expiration params, which win over the nested ones.</param>
    public static TicketParams FromWire(Wire.TicketParams value, Wire.TicketExpirationParams? outerExpirationParams = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        var expiration = outerExpirationParams ?? value.ExpirationParams;
        return new TicketParams(
            value.Recipient.IsEmpty ? EthAddress.Zero : WireValues.ReadAddress(value.Recipient, "recipient"),
            new Wei(WireValues.ReadUint256(value.FaceValue, "face_value")),
            WireValues.ReadUint256(value.WinProb, "win_prob"),
            value.RecipientRandHash.ToByteArray(),
            WireValues.ReadUint256(value.Seed, "seed"),
            WireValues.ReadUInt64(value.ExpirationBlock, "expiration_block"),
            expiration is null ? NoExpirationParams : FromWire(expiration));
    }

    public static Wire.PriceInfo ToWire(PixelPrice price)
    {
        if (price.PricePerUnit < long.MinValue || price.PricePerUnit > long.MaxValue
            || price.PixelsPerUnit < long.MinValue || price.PixelsPerUnit > long.MaxValue)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, $"The price {price} does not fit the wire's int64 fields; reduce it first.");
        }

        return new Wire.PriceInfo { PricePerUnit = (long)price.PricePerUnit, PixelsPerUnit = (long)price.PixelsPerUnit };
    }

    public static PixelPrice FromWire(Wire.PriceInfo price)
    {
        ArgumentNullException.ThrowIfNull(price);
        return new PixelPrice(price.PricePerUnit, price.PixelsPerUnit);
    }

    public static Wire.TicketSenderParams ToWire(TicketSenderParams value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new Wire.TicketSenderParams
        {
            SenderNonce = value.SenderNonce,
            Sig = value.Signature.Equals(default) ? Google.Protobuf.ByteString.Empty : Google.Protobuf.UnsafeByteOperations.UnsafeWrap(value.Signature.ToArray()),
        };
    }

    public static Wire.Payment ToWire(TicketPayment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var wire = new Wire.Payment();
        if (payment.Sender is { } sender)
        {
            wire.Sender = WireValues.ToBytes(sender);
        }

        if (payment.TicketParams is not null)
        {
            wire.TicketParams = ToWire(payment.TicketParams, includeExpirationParams: false);
        }

        var expiration = payment.ExpirationParams ?? payment.TicketParams?.ExpirationParams;
        if (expiration is not null)
        {
            wire.ExpirationParams = ToWire(expiration);
        }

        foreach (var ticket in payment.Tickets)
        {
            wire.TicketSenderParams.Add(ToWire(ticket));
        }

        if (payment.ExpectedPrice is { } price)
        {
            wire.ExpectedPrice = ToWire(price);
        }

        return wire;
    }

    public static TicketPayment FromWire(Wire.Payment payment)
    {
        ArgumentNullException.ThrowIfNull(payment);
        var tickets = new TicketSenderParams[payment.TicketSenderParams.Count];
        for (var i = 0; i < tickets.Length; i++)
        {
            var wire = payment.TicketSenderParams[i];
            tickets[i] = TicketPayment.CreateSenderParams(wire.SenderNonce, wire.Sig.Span);
        }

        return new TicketPayment(
            WireValues.ReadOptionalAddress(payment.Sender, "sender"),
            payment.TicketParams is null ? null : FromWire(payment.TicketParams, payment.ExpirationParams),
            payment.ExpirationParams is null ? null : FromWire(payment.ExpirationParams),
            payment.ExpectedPrice is null ? null : FromWire(payment.ExpectedPrice),
            tickets);
    }

    /// <summary>A winning ticket as the redeemer service's <c>Ticket</c> message carries it.</summary>
    public static Wire.Ticket ToWire(SignedTicket signed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var ticket = signed.Ticket;
        if (ticket.SenderNonce.Sign < 0 || ticket.SenderNonce > uint.MaxValue)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, $"Sender nonce {ticket.SenderNonce} does not fit the wire's uint32.");
        }

        var wire = new Wire.Ticket
        {
            TicketParams = new Wire.TicketParams
            {
                Recipient = WireValues.ToBytes(ticket.Recipient),
                FaceValue = WireValues.ToMinimalBigEndian(ticket.FaceValue.Value),
                WinProb = WireValues.ToMinimalBigEndian(ticket.WinProb),
                RecipientRandHash = WireValues.Copy(ticket.RecipientRandHash),
                ExpirationBlock = WireValues.ToMinimalBigEndian(signed.ParamsExpirationBlock),
            },
            Sender = WireValues.ToBytes(ticket.Sender),
            SenderParams = new Wire.TicketSenderParams
            {
                SenderNonce = (uint)ticket.SenderNonce,
                Sig = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(signed.Signature.ToArray()),
            },
            RecipientRand = WireValues.ToMinimalBigEndian(signed.RecipientRand),
        };

        var aux = ticket.AuxData ?? [];
        if (aux.Length == Ticket.AuxDataLength)
        {
            wire.ExpirationParams = ToWire(new TicketExpirationParams(signed.CreationRound, aux[32..]));
        }
        else if (aux.Length != 0)
        {
            throw new NetworkException(NetworkErrorCode.Unrepresentable, $"Auxiliary data of {aux.Length} bytes has no wire form; it is 0 or 64 bytes.");
        }

        return wire;
    }

    public static SignedTicket FromWire(Wire.Ticket wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var ticketParams = wire.TicketParams ?? new Wire.TicketParams();
        var senderParams = wire.SenderParams ?? new Wire.TicketSenderParams();
        if (!EthSignature.TryParse(senderParams.Sig.Span, out var signature))
        {
            throw new NetworkException(NetworkErrorCode.InvalidField, "sender_params.sig is not a 65-byte low-S signature with v 27 or 28.");
        }

        var expiration = wire.ExpirationParams is null ? NoExpirationParams : FromWire(wire.ExpirationParams);
        var ticket = new Ticket(
            WireValues.ReadAddress(ticketParams.Recipient, "ticket_params.recipient"),
            WireValues.ReadAddress(wire.Sender, "sender"),
            new Wei(WireValues.ReadUint256(ticketParams.FaceValue, "ticket_params.face_value")),
            WireValues.ReadUint256(ticketParams.WinProb, "ticket_params.win_prob"),
            new BigInteger(senderParams.SenderNonce),
            ticketParams.RecipientRandHash.ToByteArray(),
            expiration.ToAuxData());
        return new SignedTicket(
            ticket,
            signature,
            WireValues.ReadUint256(wire.RecipientRand, "recipient_rand"),
            WireValues.ReadUInt64(ticketParams.ExpirationBlock, "ticket_params.expiration_block"));
    }
}

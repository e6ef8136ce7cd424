using System.Globalization;
using System.Numerics;
using System.Text;

namespace Livepeer.Protocol;

/// <summary>Turns the data of a revert into a <see cref="ContractRevertException"/> whose message says why.</summary>
public static class RevertDecoder
{
    private const int MaxMessageDataBytes = 512;

    private static readonly AbiError ErrorString = new("Error", [new AbiParameter("reason", AbiType.String)]);
    private static readonly AbiError PanicCode = new("Panic", [new AbiParameter("code", AbiType.UInt256)]);

    /// <summary>
    /// Decodes <c>Error(string)</c>, <c>Panic(uint256)</c>, and the custom errors in <paramref name="customErrors"/>.
    /// Data that matches none of them (or is malformed) gives <see cref="RevertKind.Unknown"/>; this never throws
    /// for any input.
    /// </summary>
    public static ContractRevertException Decode(ReadOnlySpan<byte> revertData, IEnumerable<AbiError>? customErrors = null)
    {
        var data = revertData.ToArray();
        if (data.Length == 0)
        {
            return new ContractRevertException(RevertKind.Empty, "execution reverted (no reason given)", data);
        }
        if (data.Length >= 4)
        {
            var selector = revertData[..4];
            if (selector.SequenceEqual(ErrorString.Selector.Span) && TryDecode(ErrorString, revertData, out var args))
            {
                var reason = (string)args[0]!;
                return new ContractRevertException(RevertKind.Error, "execution reverted: " + Sanitise(reason), data, reason: reason);
            }
            if (selector.SequenceEqual(PanicCode.Selector.Span) && TryDecode(PanicCode, revertData, out args))
            {
                var code = (BigInteger)args[0]!;
                var message = $"execution reverted: panic 0x{code.ToString("x2", CultureInfo.InvariantCulture).TrimStart('0').PadLeft(2, '0')} ({DescribePanic(code)})";
                return new ContractRevertException(RevertKind.Panic, message, data, panicCode: code);
            }
            if (customErrors is not null)
            {
                foreach (var error in customErrors)
                {
                    if (error is not null && selector.SequenceEqual(error.Selector.Span) && TryDecode(error, revertData, out args))
                    {
                        var message = $"execution reverted: {error.Name}({FormatArguments(error.Inputs, args)})";
                        return new ContractRevertException(RevertKind.Custom, message, data, errorName: error.Name, errorArguments: args);
                    }
                }
            }
        }
        var shown = data.Length <= MaxMessageDataBytes ? Hex.Encode(data) : Hex.Encode(data.AsSpan(0, MaxMessageDataBytes)) + "…";
        return new ContractRevertException(RevertKind.Unknown, $"execution reverted with unrecognised data {shown} ({data.Length} bytes)", data);
    }

    /// <summary>What a Solidity panic code means.</summary>
    public static string DescribePanic(BigInteger code) => (code.Sign < 0 || code > 0xff ? -1 : (int)code) switch
    {
        0x00 => "generic compiler panic",
        0x01 => "assertion failed",
        0x11 => "arithmetic overflow or underflow",
        0x12 => "division or modulo by zero",
        0x21 => "invalid enum value",
        0x22 => "corrupted storage byte array",
        0x31 => "pop on an empty array",
        0x32 => "array index out of bounds",
        0x41 => "out of memory or array too large",
        0x51 => "call to a zero-initialised function pointer",
        _ => "unknown panic code",
    };

    private static bool TryDecode(AbiError error, ReadOnlySpan<byte> data, out object?[] args)
    {
        try
        {
            args = error.DecodeArguments(data);
            return true;
        }
        catch (EthereumFormatException)
        {
            args = [];
            return false;
        }
    }

    internal static string FormatArguments(IReadOnlyList<AbiParameter> parameters, IReadOnlyList<object?> values)
    {
        var text = new StringBuilder();
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }
            if (i < parameters.Count && parameters[i].Name.Length > 0)
            {
                text.Append(parameters[i].Name).Append(": ");
            }
            FormatValue(text, values[i]);
        }
        return text.ToString();
    }

    private static void FormatValue(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case string s:
                text.Append('"').Append(Sanitise(s)).Append('"');
                break;
            case byte[] bytes:
                text.Append(Hex.Encode(bytes.AsSpan(0, Math.Min(bytes.Length, MaxMessageDataBytes))));
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case BigInteger n:
                text.Append(n.ToString(CultureInfo.InvariantCulture));
                break;
            case object?[] items:
                text.Append('[');
                for (var i = 0; i < items.Length; i++)
                {
                    if (i > 0)
                    {
                        text.Append(", ");
                    }
                    FormatValue(text, items[i]);
                }
                text.Append(']');
                break;
            default:
                text.Append(value.ToString());
                break;
        }
    }

    // The reason comes from a remote node: keep control characters out of log lines built from the message.
    private static string Sanitise(string reason)
    {
        const int maxLength = 1024;
        var text = new StringBuilder(Math.Min(reason.Length, maxLength));
        foreach (var c in reason.Length > maxLength ? reason.AsSpan(0, maxLength) : reason.AsSpan())
        {
            text.Append(char.IsControl(c) ? '\uFFFD' : c);
        }
        if (reason.Length > maxLength)
        {
            text.Append('…');
        }
        return text.ToString();
    }
}

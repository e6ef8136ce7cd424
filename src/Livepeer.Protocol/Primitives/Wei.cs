using System.Globalization;
using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>The unit an Ether amount is written in.</summary>
public enum EtherUnit
{
    /// <summary>1 wei.</summary>
    Wei = 0,
    /// <summary>10^9 wei.</summary>
    Gwei = 9,
    /// <summary>10^18 wei.</summary>
    Ether = 18,
}

/// <summary>A non-negative amount of wei (also used for LPT base units, which share 18 decimals).</summary>
[System.ComponentModel.TypeConverter(typeof(WeiTypeConverter))]
public readonly record struct Wei : IComparable<Wei>, IFormattable
{
    private readonly BigInteger _value;

    /// <summary>Creates an amount from a wei value in [0, 2^256 − 1].</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 2^256 − 1.</exception>
    public Wei(BigInteger value)
    {
        if (value.Sign < 0 || value > Uint256.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A wei amount is in [0, 2^256 - 1].");
        }
        _value = value;
    }

    /// <summary>Zero wei.</summary>
    public static Wei Zero => default;

    /// <summary>The amount in wei.</summary>
    public BigInteger Value => _value;

    /// <summary>An amount of whole or fractional gwei, e.g. <c>Wei.FromGwei(1.5m)</c>.</summary>
    public static Wei FromGwei(decimal gwei) => FromDecimal(gwei, EtherUnit.Gwei);

    /// <summary>An amount of whole or fractional ether.</summary>
    public static Wei FromEther(decimal ether) => FromDecimal(ether, EtherUnit.Ether);

    private static Wei FromDecimal(decimal amount, EtherUnit unit) => Parse(amount.ToString(CultureInfo.InvariantCulture), unit);

    /// <summary>
    /// Parses a decimal amount in <paramref name="unit"/>, such as <c>"1.5"</c> ether, or text that carries its
    /// own unit: <c>"1.5 ether"</c>, <c>"30gwei"</c>, <c>"1000 wei"</c>.
    /// </summary>
    /// <exception cref="EthereumFormatException">Not a number, a negative amount, more decimals than the unit has, or too large.</exception>
    public static Wei Parse(string text, EtherUnit unit = EtherUnit.Wei)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, unit, out var wei, out var error))
        {
            throw new EthereumFormatException(ProtocolErrorCode.InvalidAmount, error);
        }
        return wei;
    }

    /// <summary>Parses without throwing.</summary>
    public static bool TryParse(string? text, EtherUnit unit, out Wei wei) => TryParse(text, unit, out wei, out _);

    private static bool TryParse(string? text, EtherUnit unit, out Wei wei, out string error)
    {
        wei = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The amount is empty.";
            return false;
        }
        var s = text.Trim();
        foreach (var (suffix, suffixUnit) in new[] { ("ether", EtherUnit.Ether), ("eth", EtherUnit.Ether), ("gwei", EtherUnit.Gwei), ("wei", EtherUnit.Wei) })
        {
            if (s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length].TrimEnd();
                unit = suffixUnit;
                break;
            }
        }
        if (s.Length == 0 || s.Length > 100)
        {
            error = $"'{text}' is not an amount.";
            return false;
        }
        var point = s.IndexOf('.', StringComparison.Ordinal);
        var whole = point < 0 ? s : s[..point];
        var fraction = point < 0 ? string.Empty : s[(point + 1)..];
        if ((whole.Length == 0 && fraction.Length == 0) || !IsDigits(whole) || !IsDigits(fraction))
        {
            error = $"'{text}' is not a non-negative decimal amount.";
            return false;
        }
        var decimals = (int)unit;
        fraction = fraction.TrimEnd('0');
        if (fraction.Length > decimals)
        {
            error = $"'{text}' has more than {decimals} decimals, which is below one wei.";
            return false;
        }
        var digits = (whole.Length == 0 ? "0" : whole) + fraction.PadRight(decimals, '0');
        var value = BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value > Uint256.MaxValue)
        {
            error = $"'{text}' is above 2^256 - 1 wei.";
            return false;
        }
        wei = new Wei(value);
        error = string.Empty;
        return true;
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The amount written in <paramref name="unit"/>, exact, without trailing zeros (e.g. <c>"1.5"</c>).</summary>
    public string ToString(EtherUnit unit)
    {
        var decimals = (int)unit;
        var digits = _value.ToString(CultureInfo.InvariantCulture);
        if (decimals == 0)
        {
            return digits;
        }
        digits = digits.PadLeft(decimals + 1, '0');
        var whole = digits[..^decimals];
        var fraction = digits[^decimals..].TrimEnd('0');
        return fraction.Length == 0 ? whole : $"{whole}.{fraction}";
    }

    /// <summary>The amount in wei, as a decimal integer.</summary>
    public override string ToString() => _value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Formats with "wei", "gwei" or "ether" (the default is wei), followed by the unit name.</summary>
    public string ToString(string? format, IFormatProvider? formatProvider) => format?.ToLowerInvariant() switch
    {
        null or "" or "wei" => $"{ToString(EtherUnit.Wei)} wei",
        "gwei" => $"{ToString(EtherUnit.Gwei)} gwei",
        "ether" or "eth" => $"{ToString(EtherUnit.Ether)} ether",
        _ => throw new FormatException($"Unknown Wei format '{format}'. Use wei, gwei or ether."),
    };

    /// <inheritdoc/>
    public int CompareTo(Wei other) => _value.CompareTo(other._value);

    /// <summary>Adds two amounts.</summary>
    public static Wei operator +(Wei a, Wei b) => new(a._value + b._value);

    /// <summary>Subtracts; the result must not be negative.</summary>
    public static Wei operator -(Wei a, Wei b) => new(a._value - b._value);

    /// <summary>Multiplies by a non-negative factor.</summary>
    public static Wei operator *(Wei a, BigInteger factor) => new(a._value * factor);

    /// <summary>Compares amounts.</summary>
    public static bool operator <(Wei a, Wei b) => a._value < b._value;

    /// <summary>Compares amounts.</summary>
    public static bool operator >(Wei a, Wei b) => a._value > b._value;

    /// <summary>Compares amounts.</summary>
    public static bool operator <=(Wei a, Wei b) => a._value <= b._value;

    /// <summary>Compares amounts.</summary>
    public static bool operator >=(Wei a, Wei b) => a._value >= b._value;

    /// <summary>Wraps a wei value.</summary>
    public static implicit operator Wei(long value) => new(value);

    /// <summary>The wei value.</summary>
    public static implicit operator BigInteger(Wei wei) => wei._value;
}

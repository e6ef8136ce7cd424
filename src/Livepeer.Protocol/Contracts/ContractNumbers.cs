using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// Narrows the uint256 words that contracts return for rounds, blocks, durations and times to the .NET types the
/// clients expose. A word too large for them is not a round or a block but corrupt or foreign data, so it fails
/// loudly instead of wrapping.
/// </summary>
internal static class ContractNumbers
{
    private static readonly BigInteger MaxSeconds = (BigInteger)TimeSpan.MaxValue.TotalSeconds;
    private static readonly BigInteger MaxUnixSeconds = DateTimeOffset.MaxValue.ToUnixTimeSeconds();

    /// <summary>A round, block or count returned by <paramref name="function"/>.</summary>
    public static ulong ToUInt64(this ContractClient client, object? value, string function)
        => TryToUInt64(value, out var result)
            ? result
            : throw new ContractCallException(client.ContractName, function, ProtocolErrorCode.ContractCallFailed,
                $"{client.ContractName}.{function} returned {Describe(value)}, which does not fit in 64 bits.");

    /// <summary>A duration in seconds returned by <paramref name="function"/>.</summary>
    public static TimeSpan ToSeconds(this ContractClient client, object? value, string function)
        => TryToSeconds(value, out var result)
            ? result
            : throw new ContractCallException(client.ContractName, function, ProtocolErrorCode.ContractCallFailed,
                $"{client.ContractName}.{function} returned {Describe(value)}, which is not a duration in seconds.");

    /// <summary>A round or block in an event; the event catalog treats the failure as a log that does not decode.</summary>
    public static ulong EventUInt64(object? value, string eventName, string parameter)
        => TryToUInt64(value, out var result)
            ? result
            : throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"{eventName}.{parameter} is {Describe(value)}, which does not fit in 64 bits.");

    /// <summary>A duration in seconds in an event.</summary>
    public static TimeSpan EventSeconds(object? value, string eventName, string parameter)
        => TryToSeconds(value, out var result)
            ? result
            : throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"{eventName}.{parameter} is {Describe(value)}, which is not a duration in seconds.");

    /// <summary>A Unix time in seconds in an event.</summary>
    public static DateTimeOffset EventUnixTime(object? value, string eventName, string parameter)
        => TryToUnixTime(value, out var result)
            ? result
            : throw new EthereumFormatException(ProtocolErrorCode.InvalidAbiData, $"{eventName}.{parameter} is {Describe(value)}, which is not a Unix time.");

    /// <summary>A Unix time in seconds returned by <paramref name="function"/>.</summary>
    public static DateTimeOffset ToUnixTime(this ContractClient client, object? value, string function)
        => TryToUnixTime(value, out var result)
            ? result
            : throw new ContractCallException(client.ContractName, function, ProtocolErrorCode.ContractCallFailed,
                $"{client.ContractName}.{function} returned {Describe(value)}, which is not a Unix time.");

    private static bool TryToUInt64(object? value, out ulong result)
    {
        if (value is BigInteger n && n.Sign >= 0 && n <= ulong.MaxValue)
        {
            result = (ulong)n;
            return true;
        }
        result = 0;
        return false;
    }

    private static bool TryToSeconds(object? value, out TimeSpan result)
    {
        if (value is BigInteger n && n.Sign >= 0 && n < MaxSeconds)
        {
            result = TimeSpan.FromSeconds((long)n);
            return true;
        }
        result = TimeSpan.Zero;
        return false;
    }

    private static bool TryToUnixTime(object? value, out DateTimeOffset result)
    {
        if (value is BigInteger n && n.Sign >= 0 && n <= MaxUnixSeconds)
        {
            result = DateTimeOffset.FromUnixTimeSeconds((long)n);
            return true;
        }
        result = DateTimeOffset.UnixEpoch;
        return false;
    }

    private static string Describe(object? value) => value switch
    {
        null => "nothing",
        BigInteger n => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.GetType().Name,
    };
}

using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace Livepeer.Protocol;

/// <summary>Writes JSON-RPC parameters and reads the node's result objects into the SDK's models.</summary>
internal static class RpcJson
{
    public static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case ulong u:
                writer.WriteNumberValue(u);
                break;
            case double d:
                writer.WriteNumberValue(d);
                break;
            case BigInteger big:
                writer.WriteStringValue(RpcQuantity.Format(big));
                break;
            case EthAddress address:
                writer.WriteStringValue(address.ToLowerHex());
                break;
            case byte[] bytes:
                writer.WriteStringValue(Hex.Encode(bytes));
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IDictionary<string, object?> map:
                writer.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    writer.WritePropertyName(key);
                    WriteValue(writer, item);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException($"A JSON-RPC parameter of type {value.GetType().Name} is not supported.", nameof(value));
        }
    }

    public static string? AsString(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static TransactionReceipt ReadReceipt(JsonElement json)
    {
        RequireObject(json, "receipt");
        if (json.TryGetProperty("status", out var statusElement) && statusElement.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw Malformed("receipt", "a status that is not a hex string");
        }
        var status = OptionalString(json, "status");
        return new TransactionReceipt
        {
            TransactionHash = RequiredString(json, "transactionHash", "receipt"),
            BlockNumber = RpcQuantity.ParseULong(RequiredString(json, "blockNumber", "receipt"), "receipt blockNumber"),
            BlockHash = OptionalString(json, "blockHash"),
            Succeeded = status is null || RpcQuantity.ParseBig(status, "receipt status") == BigInteger.One,
            From = ParseAddress(RequiredString(json, "from", "receipt"), "receipt from"),
            To = OptionalString(json, "to") is { } to ? ParseAddress(to, "receipt to") : null,
            ContractAddress = OptionalString(json, "contractAddress") is { } created ? ParseAddress(created, "receipt contractAddress") : null,
            GasUsed = RpcQuantity.ParseULong(RequiredString(json, "gasUsed", "receipt"), "receipt gasUsed"),
            EffectiveGasPrice = OptionalString(json, "effectiveGasPrice") is { } price ? new Wei(RpcQuantity.ParseBig(price, "receipt effectiveGasPrice")) : Wei.Zero,
            Logs = json.TryGetProperty("logs", out var logs) && logs.ValueKind == JsonValueKind.Array ? ReadLogs(logs) : [],
        };
    }

    public static IReadOnlyList<LogEntry> ReadLogs(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Array)
        {
            throw Malformed("logs", "not an array");
        }
        var logs = new List<LogEntry>(json.GetArrayLength());
        foreach (var log in json.EnumerateArray())
        {
            RequireObject(log, "log");
            var topics = new List<byte[]>();
            if (log.TryGetProperty("topics", out var topicArray) && topicArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var topic in topicArray.EnumerateArray())
                {
                    topics.Add(RpcQuantity.ParseData(AsString(topic), "log topic"));
                }
            }
            logs.Add(new LogEntry
            {
                Address = ParseAddress(RequiredString(log, "address", "log"), "log address"),
                Topics = topics,
                Data = RpcQuantity.ParseData(OptionalString(log, "data") ?? "0x", "log data"),
                BlockNumber = OptionalString(log, "blockNumber") is { } number ? RpcQuantity.ParseULong(number, "log blockNumber") : 0,
                BlockHash = OptionalString(log, "blockHash"),
                TransactionHash = OptionalString(log, "transactionHash"),
                LogIndex = OptionalString(log, "logIndex") is { } index ? RpcQuantity.ParseULong(index, "log logIndex") : 0,
                Removed = log.TryGetProperty("removed", out var removed) && removed.ValueKind == JsonValueKind.True,
            });
        }
        return logs;
    }

    public static BlockHeader ReadBlock(JsonElement json)
    {
        RequireObject(json, "block");
        var hashes = new List<string>();
        if (json.TryGetProperty("transactions", out var transactions) && transactions.ValueKind == JsonValueKind.Array)
        {
            foreach (var tx in transactions.EnumerateArray())
            {
                var hash = AsString(tx) ?? OptionalString(tx, "hash");
                if (hash is not null)
                {
                    hashes.Add(hash);
                }
            }
        }
        var timestamp = RpcQuantity.ParseULong(RequiredString(json, "timestamp", "block"), "block timestamp");
        return new BlockHeader
        {
            Number = RpcQuantity.ParseULong(RequiredString(json, "number", "block"), "block number"),
            Hash = RequiredString(json, "hash", "block"),
            ParentHash = RequiredString(json, "parentHash", "block"),
            Timestamp = DateTimeOffset.FromUnixTimeSeconds((long)Math.Min(timestamp, (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds())),
            GasLimit = RpcQuantity.ParseULong(RequiredString(json, "gasLimit", "block"), "block gasLimit"),
            GasUsed = RpcQuantity.ParseULong(RequiredString(json, "gasUsed", "block"), "block gasUsed"),
            BaseFeePerGas = OptionalString(json, "baseFeePerGas") is { } baseFee ? new Wei(RpcQuantity.ParseBig(baseFee, "block baseFeePerGas")) : null,
            TransactionHashes = hashes,
        };
    }

    public static FeeHistory ReadFeeHistory(JsonElement json)
    {
        RequireObject(json, "fee history");
        var baseFees = new List<BigInteger>();
        if (json.TryGetProperty("baseFeePerGas", out var fees) && fees.ValueKind == JsonValueKind.Array)
        {
            foreach (var fee in fees.EnumerateArray())
            {
                baseFees.Add(RpcQuantity.ParseBig(AsString(fee), "fee history baseFeePerGas"));
            }
        }
        var ratios = new List<double>();
        if (json.TryGetProperty("gasUsedRatio", out var used) && used.ValueKind == JsonValueKind.Array)
        {
            foreach (var ratio in used.EnumerateArray())
            {
                ratios.Add(ratio.ValueKind == JsonValueKind.Number && ratio.TryGetDouble(out var value) && double.IsFinite(value) ? value : throw Malformed("fee history", "a gasUsedRatio that is not a number"));
            }
        }
        var rewards = new List<IReadOnlyList<BigInteger>>();
        if (json.TryGetProperty("reward", out var reward) && reward.ValueKind == JsonValueKind.Array)
        {
            foreach (var block in reward.EnumerateArray())
            {
                rewards.Add(block.ValueKind == JsonValueKind.Array
                    ? block.EnumerateArray().Select(r => RpcQuantity.ParseBig(AsString(r), "fee history reward")).ToList()
                    : []);
            }
        }
        return new FeeHistory
        {
            OldestBlock = RpcQuantity.ParseULong(RequiredString(json, "oldestBlock", "fee history"), "fee history oldestBlock"),
            BaseFeePerGas = baseFees,
            GasUsedRatio = ratios,
            Reward = rewards,
        };
    }

    private static EthAddress ParseAddress(string text, string field)
        => EthAddress.TryParse(text, out var address) ? address : throw Malformed(field, $"'{text}' is not an address");

    private static void RequireObject(JsonElement json, string what)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(what, $"a {json.ValueKind}, not an object");
        }
    }

    private static string RequiredString(JsonElement json, string property, string what)
        => OptionalString(json, property) ?? throw Malformed(what, $"no '{property}'");

    private static string? OptionalString(JsonElement json, string property)
        => json.ValueKind == JsonValueKind.Object && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonRpcException Malformed(string what, string detail)
        => new(ProtocolErrorCode.RpcTransport, string.Format(CultureInfo.InvariantCulture, "The JSON-RPC endpoint returned a malformed {0}: {1}.", what, detail));
}

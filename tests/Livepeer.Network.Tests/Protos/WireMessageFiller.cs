using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Livepeer.Network.Wire;

namespace Livepeer.Network.Tests.Protos;

/// <summary>Sets every field of a message (every repeated field and map to two entries) from a seeded random source,
/// so that a round trip exercises each field number and type of the schema.</summary>
internal sealed class WireMessageFiller(int seed)
{
    private const int MaxDepth = 8;
    private readonly Random _random = new(seed);

    public static IEnumerable<MessageDescriptor> AllMessages()
    {
        var stack = new Stack<MessageDescriptor>(LpRpcReflection.Descriptor.MessageTypes.Concat(RedeemerReflection.Descriptor.MessageTypes));
        while (stack.Count > 0)
        {
            var descriptor = stack.Pop();
            if (descriptor.ClrType is null)
            {
                continue; // map entries have no generated type
            }

            yield return descriptor;
            foreach (var nested in descriptor.NestedTypes)
            {
                stack.Push(nested);
            }
        }
    }

    public IMessage Create(MessageDescriptor descriptor, int depth = 0)
    {
        var message = (IMessage)Activator.CreateInstance(descriptor.ClrType)!;
        if (depth >= MaxDepth)
        {
            return message;
        }

        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var keyField = field.MessageType.FindFieldByNumber(1);
                var valueField = field.MessageType.FindFieldByNumber(2);
                for (var i = 0; i < 2; i++)
                {
                    map[Value(keyField, depth + 1, distinct: i + 1)] = Value(valueField, depth + 1);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                list.Add(Value(field, depth + 1));
                list.Add(Value(field, depth + 1));
            }
            else
            {
                field.Accessor.SetValue(message, Value(field, depth + 1));
            }
        }

        return message;
    }

    private object Value(FieldDescriptor field, int depth, int distinct = 0) => field.FieldType switch
    {
        FieldType.Bool => true,
        FieldType.Int32 => distinct != 0 ? distinct : _random.Next(int.MinValue, -1),
        FieldType.UInt32 => distinct != 0 ? (uint)distinct : (uint)_random.Next(1, int.MaxValue) + 7u,
        FieldType.Int64 => distinct != 0 ? (long)distinct : _random.NextInt64(long.MinValue, -1),
        FieldType.UInt64 => distinct != 0 ? (ulong)distinct : (ulong)_random.NextInt64(1, long.MaxValue) * 2,
        FieldType.String => distinct != 0 ? $"key{distinct}" : $"text-{_random.Next()}-é",
        FieldType.Bytes => ByteString.CopyFrom(RandomBytes()),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values.Max(v => v.Number)),
        FieldType.Message => Create(field.MessageType, depth),
        _ => throw new NotSupportedException($"{field.FullName} has type {field.FieldType}, which the schema does not use."),
    };

    private byte[] RandomBytes()
    {
        var bytes = new byte[_random.Next(1, 40)];
        _random.NextBytes(bytes);
        return bytes;
    }
}

using System.Globalization;

namespace Livepeer.Protocol;

/// <summary>Which block a read refers to: a tag (<c>latest</c>, <c>pending</c>, …) or a block number.</summary>
public readonly record struct BlockParameter
{
    private readonly string? _tag;

    private BlockParameter(string? tag, ulong number)
    {
        _tag = tag;
        Number = number;
    }

    /// <summary>The most recent mined block. This is also the default value.</summary>
    public static BlockParameter Latest => default;

    /// <summary>The pending state, including transactions not yet mined.</summary>
    public static BlockParameter Pending => new("pending", 0);

    /// <summary>The genesis block.</summary>
    public static BlockParameter Earliest => new("earliest", 0);

    /// <summary>The most recent safe block.</summary>
    public static BlockParameter Safe => new("safe", 0);

    /// <summary>The most recent finalized block.</summary>
    public static BlockParameter Finalized => new("finalized", 0);

    /// <summary>A block by number.</summary>
    public static BlockParameter At(ulong number) => new("#", number);

    /// <summary>The block number when this refers to a number; otherwise 0.</summary>
    public ulong Number { get; }

    /// <summary>True when this refers to a block by number.</summary>
    public bool IsNumber => _tag == "#";

    /// <summary>The JSON-RPC form: a tag, or a hex quantity.</summary>
    public override string ToString() => _tag switch
    {
        null => "latest",
        "#" => "0x" + Number.ToString("x", CultureInfo.InvariantCulture),
        _ => _tag,
    };

    /// <summary>A block by number.</summary>
    public static implicit operator BlockParameter(ulong number) => At(number);
}

namespace Livepeer.Protocol;

/// <summary>A named, typed parameter of a function, event or error.</summary>
/// <param name="Name">The name, or an empty string when the ABI gives none.</param>
/// <param name="Type">The ABI type.</param>
/// <param name="Indexed">For event parameters: whether the value is carried in a topic.</param>
public sealed record AbiParameter(string Name, AbiType Type, bool Indexed = false)
{
    /// <summary>The name if there is one, otherwise <c>#index</c>, for messages.</summary>
    internal string Describe(int index) => Name.Length > 0 ? $"'{Name}' (#{index})" : $"#{index}";
}

using System.Globalization;

namespace Livepeer.Protocol;

/// <summary>
/// Reads ABI types and human-readable signatures. In strict mode (type strings) no spaces or names are
/// allowed; in signature mode parameters may carry names, <c>indexed</c> and data-location words.
/// </summary>
internal sealed class AbiSignatureReader
{
    private static readonly HashSet<string> ParameterModifiers = new(StringComparer.Ordinal) { "memory", "calldata", "storage", "payable" };

    private readonly string _text;
    private readonly bool _allowNames;
    private int _position;

    public AbiSignatureReader(string text, bool allowNames)
    {
        _text = text;
        _allowNames = allowNames;
    }

    public void ExpectEnd()
    {
        SkipSpaces();
        if (_position < _text.Length)
        {
            throw Error($"unexpected '{_text[_position]}'");
        }
    }

    public bool TryReadWord(string word)
    {
        SkipSpaces();
        var end = _position + word.Length;
        if (end <= _text.Length
            && string.CompareOrdinal(_text, _position, word, 0, word.Length) == 0
            && (end == _text.Length || !IsIdentifierChar(_text[end])))
        {
            _position = end;
            return true;
        }
        return false;
    }

    public string ReadIdentifier()
    {
        SkipSpaces();
        var start = _position;
        if (_position < _text.Length && IsIdentifierStart(_text[_position]))
        {
            _position++;
            while (_position < _text.Length && IsIdentifierChar(_text[_position]))
            {
                _position++;
            }
        }
        if (start == _position)
        {
            throw Error("expected a name");
        }
        return _text[start.._position];
    }

    public AbiType ReadType(int depth)
    {
        if (depth > AbiType.MaxNesting)
        {
            throw Error($"types are nested deeper than {AbiType.MaxNesting} levels");
        }
        SkipSpaces();
        AbiType type;
        if (Peek() == '(' || (_allowNames && TryReadWord("tuple") && Peek() == '('))
        {
            var parameters = ReadParameterList(depth + 1, allowIndexed: false);
            type = AbiType.Tuple(parameters.Select(p => p.Type).ToArray(), parameters.Select(p => p.Name).ToArray());
        }
        else
        {
            type = AbiType.Elementary(ReadIdentifier(), _text);
        }
        return ReadArraySuffixes(type);
    }

    /// <summary>Reads any number of <c>[k]</c> and <c>[]</c> after <paramref name="type"/>.</summary>
    public AbiType ReadArraySuffixes(AbiType type)
    {
        while (Peek() == '[')
        {
            _position++;
            var start = _position;
            while (_position < _text.Length && char.IsAsciiDigit(_text[_position]))
            {
                _position++;
            }
            var digits = _text.AsSpan(start, _position - start);
            if (Peek() != ']')
            {
                throw Error("expected ']'");
            }
            _position++;
            if (digits.Length == 0)
            {
                type = AbiType.DynamicArray(type);
            }
            else if (digits[0] == '0' || digits.Length > 7)
            {
                throw Error($"the array length '{digits}' is not in 1..{AbiType.MaxFixedArrayLength}");
            }
            else
            {
                type = AbiType.FixedArray(type, int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));
            }
            if (type.Depth > AbiType.MaxNesting)
            {
                throw Error($"types are nested deeper than {AbiType.MaxNesting} levels");
            }
        }
        return type;
    }

    /// <summary>Reads <c>( param, param, … )</c>.</summary>
    public List<AbiParameter> ReadParameterList(int depth, bool allowIndexed)
    {
        SkipSpaces();
        if (Peek() != '(')
        {
            throw Error("expected '('");
        }
        _position++;
        var parameters = new List<AbiParameter>();
        SkipSpaces();
        if (Peek() == ')')
        {
            _position++;
            return parameters;
        }
        while (true)
        {
            var type = ReadType(depth);
            var indexed = false;
            var name = string.Empty;
            if (_allowNames)
            {
                while (true)
                {
                    if (allowIndexed && TryReadWord("indexed"))
                    {
                        indexed = true;
                        continue;
                    }
                    SkipSpaces();
                    if (_position < _text.Length && IsIdentifierStart(_text[_position]))
                    {
                        var word = ReadIdentifier();
                        if (ParameterModifiers.Contains(word))
                        {
                            continue;
                        }
                        if (name.Length > 0)
                        {
                            throw Error($"unexpected '{word}' after the parameter name '{name}'");
                        }
                        name = word;
                        continue;
                    }
                    break;
                }
            }
            parameters.Add(new AbiParameter(name, type, indexed));
            SkipSpaces();
            var c = Peek();
            _position++;
            if (c == ')')
            {
                return parameters;
            }
            if (c != ',')
            {
                _position--;
                throw Error("expected ',' or ')'");
            }
        }
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private void SkipSpaces()
    {
        if (!_allowNames)
        {
            return;
        }
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }
    }

    private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c is '_' or '$';

    private static bool IsIdentifierChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$';

    public EthereumFormatException Error(string what)
        => new(ProtocolErrorCode.InvalidAbiType, $"Cannot parse '{AbiType.Shorten(_text)}': {what} at position {_position}.");
}

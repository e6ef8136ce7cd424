namespace Livepeer.Protocol;

/// <summary>Checks and RLP helpers shared by both transaction kinds.</summary>
internal static class TransactionFields
{
    public static void RequireGasLimit(ulong gasLimit)
    {
        if (gasLimit == 0)
        {
            throw Invalid("The gas limit is 0; every transaction needs at least 21000 gas.");
        }
    }

    public static void RequireNonce(ulong nonce)
    {
        // EIP-2681: a nonce of 2^64 − 1 can never be used.
        if (nonce == ulong.MaxValue)
        {
            throw Invalid("The nonce 2^64 - 1 is not allowed (EIP-2681).");
        }
    }

    public static byte[] EncodeTo(EthAddress? to) => to is { } address ? Rlp.EncodeBytes(address.ToArray()) : Rlp.EncodeBytes([]);

    public static EthAddress? DecodeTo(RlpItem item)
    {
        var bytes = item.Bytes.Span;
        return bytes.Length switch
        {
            0 => null,
            EthAddress.Size => new EthAddress(bytes),
            _ => throw Invalid($"The 'to' field is {bytes.Length} bytes; it must be 20, or empty for a contract creation."),
        };
    }

    public static byte[] EncodeAccessList(IReadOnlyList<AccessListEntry> accessList)
    {
        var entries = new byte[accessList.Count][];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = accessList[i] ?? throw Invalid($"Access list entry {i} is null.");
            var keys = entry.StorageKeys ?? [];
            var encodedKeys = new byte[keys.Count][];
            for (var k = 0; k < encodedKeys.Length; k++)
            {
                if (keys[k] is not { Length: 32 })
                {
                    throw Invalid($"Storage key {k} of access list entry {i} is not 32 bytes.");
                }
                encodedKeys[k] = Rlp.EncodeBytes(keys[k]);
            }
            entries[i] = Rlp.EncodeList(Rlp.EncodeBytes(entry.Address.ToArray()), Rlp.EncodeList(encodedKeys));
        }
        return Rlp.EncodeList(entries);
    }

    public static List<AccessListEntry> DecodeAccessList(RlpItem item)
    {
        var result = new List<AccessListEntry>();
        foreach (var entry in item.Items)
        {
            if (!entry.IsList || entry.Items.Count != 2)
            {
                throw Invalid("An access list entry must be a list of [address, storageKeys].");
            }
            var address = entry.Items[0].Bytes.Span;
            if (address.Length != EthAddress.Size)
            {
                throw Invalid($"An access list address is {address.Length} bytes, not 20.");
            }
            var keys = new List<byte[]>();
            foreach (var key in entry.Items[1].Items)
            {
                var bytes = key.Bytes;
                if (bytes.Length != 32)
                {
                    throw Invalid($"An access list storage key is {bytes.Length} bytes, not 32.");
                }
                keys.Add(bytes.ToArray());
            }
            result.Add(new AccessListEntry(new EthAddress(address), keys));
        }
        return result;
    }

    /// <summary>r or s as the minimal big-endian integer RLP carries.</summary>
    public static byte[] EncodeScalar(ReadOnlySpan<byte> scalar)
    {
        var start = 0;
        while (start < scalar.Length && scalar[start] == 0)
        {
            start++;
        }
        return Rlp.EncodeBytes(scalar[start..]);
    }

    public static EthSignature DecodeSignature(RlpItem r, RlpItem s, int recoveryId)
    {
        Span<byte> rWord = stackalloc byte[32];
        Span<byte> sWord = stackalloc byte[32];
        Uint256.WritePadded(r.ToUnsigned("r"), rWord);
        Uint256.WritePadded(s.ToUnsigned("s"), sWord);
        return EthSignature.Create(rWord, sWord, (byte)(27 + recoveryId));
    }

    public static Wei ToWei(RlpItem item, string field) => new(item.ToUnsigned(field));

    public static EthereumFormatException Invalid(string message) => new(ProtocolErrorCode.InvalidTransaction, message);
}

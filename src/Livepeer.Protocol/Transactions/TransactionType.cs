namespace Livepeer.Protocol;

/// <summary>The EIP-2718 envelope type of a transaction.</summary>
public enum TransactionType
{
    /// <summary>A legacy transaction (EIP-155 replay-protected when it carries a chain id).</summary>
    Legacy = 0,
    /// <summary>An EIP-1559 dynamic-fee transaction (type 2).</summary>
    Eip1559 = 2,
}

/// <summary>One entry of an EIP-2930 access list: an address and the storage slots the transaction will touch.</summary>
/// <param name="Address">The account.</param>
/// <param name="StorageKeys">32-byte storage slots.</param>
public sealed record AccessListEntry(EthAddress Address, IReadOnlyList<byte[]> StorageKeys);

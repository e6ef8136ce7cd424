using Livepeer.Protocol;

namespace Livepeer.Devnet;

/// <summary>
/// One of anvil's default dev accounts. Its key derives from the public "test test … junk" mnemonic, so it
/// is known to everyone: never send anything of value to it on a real network.
/// </summary>
/// <param name="Index">The account's index, 0 to 9 (account 0 deploys the devnet).</param>
/// <param name="Address">The account's address.</param>
/// <param name="PrivateKey">The account's private key as 0x-prefixed hex.</param>
public sealed record DevnetAccount(int Index, EthAddress Address, string PrivateKey)
{
    /// <summary>A signer for this account; the caller disposes it.</summary>
    public PrivateKeySigner CreateSigner() => PrivateKeySigner.FromHex(PrivateKey);

    /// <inheritdoc/>
    public override string ToString() => $"dev account {Index} ({Address})";
}

namespace Livepeer.Payments;

/// <summary>
/// Reads the Ethereum L1 block number that ticket expiry is measured in. On Arbitrum this is the
/// <c>l1BlockNumber</c> field of the chain's own block; on a plain chain (a devnet) it is the block number itself.
/// </summary>
public interface IL1BlockSource
{
    /// <summary>The L1 block number as of the chain's latest block.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<ulong> GetLatestL1BlockAsync(CancellationToken cancellationToken = default);
}

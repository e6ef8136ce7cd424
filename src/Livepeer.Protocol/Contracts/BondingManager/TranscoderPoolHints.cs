using System.Numerics;

namespace Livepeer.Protocol;

/// <summary>
/// Computes the neighbour hints of the BondingManager's <c>…WithHint</c> functions from a snapshot of the
/// transcoder pool (a list sorted by stake, highest first, as <see cref="BondingManagerClient.GetTranscoderPoolAsync"/>
/// returns it).
/// </summary>
public static class TranscoderPoolHints
{
    /// <summary>
    /// The neighbours <paramref name="address"/> will have once its total stake is <paramref name="newStake"/>:
    /// the member just above and the member just below, the zero address at either end. Members with the same
    /// stake stay above it. When <paramref name="address"/> is not in a pool that is already at
    /// <paramref name="maxSize"/>, the last member is evicted first, as the contract does; if its stake is not
    /// above the last member's it does not join, and the hint is <see cref="TranscoderPoolHint.None"/>.
    /// </summary>
    /// <param name="pool">The pool, highest stake first.</param>
    /// <param name="address">The transcoder whose stake changes (or that joins).</param>
    /// <param name="newStake">Its total stake after the change.</param>
    /// <param name="maxSize">The pool's maximum size (<c>getTranscoderPoolMaxSize</c>); unlimited by default.</param>
    public static TranscoderPoolHint Compute(IReadOnlyList<TranscoderPoolMember> pool, EthAddress address, BigInteger newStake, int maxSize = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var others = Without(pool, address, out var wasMember);
        if (!wasMember && others.Count >= maxSize)
        {
            if (others.Count == 0 || newStake <= others[^1].TotalStake.Value)
            {
                return TranscoderPoolHint.None;
            }
            others.RemoveAt(others.Count - 1);
        }
        var at = InsertionIndex(others, newStake);
        return new TranscoderPoolHint(
            at > 0 ? others[at - 1].Address : EthAddress.Zero,
            at < others.Count ? others[at].Address : EthAddress.Zero);
    }

    /// <summary>
    /// The pool after <paramref name="address"/>'s stake becomes <paramref name="newStake"/> (with the same
    /// eviction rule as <see cref="Compute"/>), for hints of a second change in the same transaction.
    /// </summary>
    internal static List<TranscoderPoolMember> Apply(IReadOnlyList<TranscoderPoolMember> pool, EthAddress address, BigInteger newStake, int maxSize = int.MaxValue)
    {
        var others = Without(pool, address, out var wasMember);
        if (!wasMember && others.Count >= maxSize)
        {
            if (others.Count == 0 || newStake <= others[^1].TotalStake.Value)
            {
                return others;
            }
            others.RemoveAt(others.Count - 1);
        }
        others.Insert(InsertionIndex(others, newStake), new TranscoderPoolMember(address, new Wei(newStake)));
        return others;
    }

    private static List<TranscoderPoolMember> Without(IReadOnlyList<TranscoderPoolMember> pool, EthAddress address, out bool wasMember)
    {
        var others = new List<TranscoderPoolMember>(pool.Count + 1);
        wasMember = false;
        foreach (var member in pool)
        {
            if (member.Address == address)
            {
                wasMember = true;
            }
            else
            {
                others.Add(member);
            }
        }
        return others;
    }

    private static int InsertionIndex(List<TranscoderPoolMember> sorted, BigInteger stake)
    {
        var at = 0;
        while (at < sorted.Count && sorted[at].TotalStake.Value >= stake)
        {
            at++;
        }
        return at;
    }
}

using Livepeer.Protocol;

namespace Livepeer.Payments;

/// <summary>
/// Tells the recipient whether a ticket recipient is an orchestrator active in a round. An on-chain orchestrator
/// refuses payments while it is not active (go-livepeer: <c>orchestrator 0x… is inactive in round N, cannot process
/// payments</c>); an off-chain one has no such check.
/// </summary>
public interface IRecipientActivityCheck
{
    /// <summary>True when <paramref name="recipient"/> is in the active set of <paramref name="round"/>.</summary>
    /// <param name="recipient">The ticket recipient.</param>
    /// <param name="round">The last initialised round, as the payment clock sees it.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    Task<bool> IsActiveAsync(EthAddress recipient, ulong round, CancellationToken cancellationToken = default);
}

/// <summary>Ready-made <see cref="IRecipientActivityCheck"/>s.</summary>
public static class RecipientActivity
{
    /// <summary>
    /// Asks the BondingManager's <c>isActiveTranscoder</c> once per recipient and round and remembers the answer for that
    /// round; a failed read is not remembered.
    /// </summary>
    /// <param name="bondingManager">The BondingManager client.</param>
    public static IRecipientActivityCheck FromBondingManager(BondingManagerClient bondingManager)
    {
        ArgumentNullException.ThrowIfNull(bondingManager);
        return new CachedActivityCheck((recipient, cancellationToken) => bondingManager.IsActiveTranscoderAsync(recipient, cancellationToken));
    }

    /// <summary>Wraps a function, remembering its answers per recipient and round.</summary>
    /// <param name="isActive">Reads whether the recipient is active in the chain's current round.</param>
    public static IRecipientActivityCheck Cached(Func<EthAddress, CancellationToken, Task<bool>> isActive)
    {
        ArgumentNullException.ThrowIfNull(isActive);
        return new CachedActivityCheck(isActive);
    }
}

/// <summary>Per-round cache: a new round forgets every answer of the previous one.</summary>
internal sealed class CachedActivityCheck(Func<EthAddress, CancellationToken, Task<bool>> isActive) : IRecipientActivityCheck
{
    private readonly Dictionary<EthAddress, bool> _answers = [];
    private readonly Lock _gate = new();
    private ulong _round;

    public async Task<bool> IsActiveAsync(EthAddress recipient, ulong round, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_round == round && _answers.TryGetValue(recipient, out var known))
            {
                return known;
            }
        }
        var active = await isActive(recipient, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (round > _round)
            {
                _answers.Clear();
                _round = round;
            }
            if (round == _round)
            {
                _answers[recipient] = active;
            }
        }
        return active;
    }
}

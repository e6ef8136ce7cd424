namespace Livepeer.Payments;

/// <summary>
/// The protocol time the payment engine runs on: the last L1 block seen, the last initialised round with its block
/// hash, and the active pool size. An implementation keeps these current (by polling the chain) and raises the events
/// when they advance; tests supply their own.
/// </summary>
public interface IPaymentClock
{
    /// <summary>The last L1 block number seen (see <see cref="IL1BlockSource"/>).</summary>
    ulong LastSeenL1Block { get; }

    /// <summary>
    /// The last initialised round and the hash of the L1 block it was initialised in, as tickets should carry them.
    /// When that hash is all zeros (an Arbitrum quirk), the previous round and its block hash.
    /// </summary>
    TicketExpirationParams LastInitializedRound { get; }

    /// <summary>The number of orchestrators in the active set of the current round.</summary>
    int ActivePoolSize { get; }

    /// <summary>Raised with the new number after <see cref="LastSeenL1Block"/> advanced.</summary>
    event Action<ulong>? L1BlockAdvanced;

    /// <summary>Raised with the new round after a new round was initialised.</summary>
    event Action<ulong>? RoundAdvanced;
}

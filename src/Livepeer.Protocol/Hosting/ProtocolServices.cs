namespace Livepeer.Protocol;

/// <summary>Settings for the round initializer service.</summary>
public sealed class RoundInitializerOptions
{
    /// <summary>How often the current round is checked. Default 30 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most a node waits, at random, before initialising a round it found uninitialised, so that many nodes
    /// do not all pay gas for the same call. Default 2 minutes.
    /// </summary>
    public TimeSpan MaxRandomDelay { get; set; } = TimeSpan.FromMinutes(2);

    internal void Validate()
    {
        if (PollInterval <= TimeSpan.Zero || MaxRandomDelay < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), "PollInterval must be positive and MaxRandomDelay not negative.");
        }
    }
}

/// <summary>Settings for the reward service.</summary>
public sealed class RewardServiceOptions
{
    /// <summary>How often the service checks whether this round's reward is due. Default 60 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(60);

    internal void Validate()
    {
        if (PollInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(PollInterval), "PollInterval must be positive.");
        }
    }
}

/// <summary>What one pass of the round initializer did.</summary>
public enum RoundInitializationOutcome
{
    /// <summary>The current round was already initialised.</summary>
    AlreadyInitialized,
    /// <summary>This node initialised the round.</summary>
    Initialized,
    /// <summary>Another node initialised it during the random wait, or won the race for the same block.</summary>
    InitializedByOther,
}

/// <summary>What one pass of the reward service did.</summary>
public enum RewardOutcome
{
    /// <summary>The current round is not initialised yet; reward waits for it.</summary>
    RoundNotInitialized,
    /// <summary>The orchestrator is not in the current active set.</summary>
    NotActive,
    /// <summary>Reward was already called for this round (by this or another host with the same key).</summary>
    AlreadyRewarded,
    /// <summary>This pass called reward.</summary>
    Rewarded,
}

/// <summary>The result of a reward pass: what happened, the round, and the LPT minted when it called reward.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Round">The current round.</param>
/// <param name="Minted">The LPT minted to the orchestrator's pool by this call (zero unless <see cref="RewardOutcome.Rewarded"/>).</param>
/// <param name="TransactionHash">The reward transaction, when one was sent.</param>
public sealed record RewardResult(RewardOutcome Outcome, ulong Round, Wei Minted, string? TransactionHash = null);

using Livepeer.Protocol;

namespace Livepeer.Devnet;

/// <summary>
/// Settings for <see cref="LocalDevnet"/>. The protocol parameters default to the test values in the
/// protocol's own deploy scripts: short rounds and periods, so that tests can move through them quickly.
/// </summary>
public sealed class LocalDevnetOptions
{
    /// <summary>The largest percentage the contracts accept: they count in millionths (<c>PERC_DIVISOR</c>).</summary>
    private const long PercentDivisor = 1_000_000;

    /// <summary>The Minter counts its rates in billionths.</summary>
    private const long MinterRateDivisor = 1_000_000_000;

    /// <summary>
    /// The anvil binary. When null: <c>$LIVEPEER_ANVIL</c>, else the copy that <c>scripts/bootstrap-test-deps.sh</c>
    /// installs under <c>~/.cache/livepeer-sdk</c> (or <c>$LIVEPEER_SDK_CACHE</c>).
    /// </summary>
    public string? AnvilPath { get; set; }

    /// <summary>
    /// The <c>abis/contracts</c> folder of npm <c>@livepeer/sdk@1.0.1-alpha.10</c>. When null:
    /// <c>$LIVEPEER_CONTRACT_ABIS</c>, else the copy the bootstrap script installs in its cache.
    /// </summary>
    public string? ArtifactsPath { get; set; }

    /// <summary>The chain id. Default 31337.</summary>
    public ulong ChainId { get; set; } = AnvilNode.DefaultChainId;

    /// <summary>Blocks per round (RoundsManager <c>roundLength</c>). Default 50.</summary>
    public ulong RoundLength { get; set; } = 50;

    /// <summary>
    /// The locked share at the end of each round, in millionths of <see cref="RoundLength"/> (RoundsManager
    /// <c>roundLockAmount</c>). Default 100000: the last 5 blocks of a 50-block round.
    /// </summary>
    public ulong RoundLockAmount { get; set; } = 100_000;

    /// <summary>Rounds before unbonded stake can be withdrawn (BondingManager <c>unbondingPeriod</c>). Default 2.</summary>
    public ulong UnbondingPeriod { get; set; } = 2;

    /// <summary>The size of the active set (BondingManager <c>setNumActiveTranscoders</c>). Default 10.</summary>
    public ulong NumActiveTranscoders { get; set; } = 10;

    /// <summary>Rounds before a sender's unlocked deposit can be withdrawn (TicketBroker <c>unlockPeriod</c>). Default 2.</summary>
    public ulong UnlockPeriod { get; set; } = 2;

    /// <summary>Rounds a ticket stays redeemable (TicketBroker <c>ticketValidityPeriod</c>). Default 2.</summary>
    public ulong TicketValidityPeriod { get; set; } = 2;

    /// <summary>The Minter's starting inflation per round, in billionths of the supply. Default 137.</summary>
    public ulong Inflation { get; set; } = 137;

    /// <summary>How much the inflation moves each round, in billionths. Default 3.</summary>
    public ulong InflationChange { get; set; } = 3;

    /// <summary>
    /// The bonding rate the Minter steers towards, in billionths. Default 500000000 (50%). The protocol's test
    /// scripts pass 500000, which is 0.05% because the Minter divides by 1e9: any bonded stake then lies above
    /// the target and inflation falls by <see cref="InflationChange"/> every round, to zero after about 46 rounds,
    /// after which <c>reward()</c> mints nothing. With 50%, a devnet's usual few percent bonded makes inflation rise.
    /// </summary>
    public ulong TargetBondingRate { get; set; } = 500_000_000;

    /// <summary>How many dev accounts, from account 0 on, receive <see cref="LptPerAccount"/>. Default 10 (all).</summary>
    public int FundedAccounts { get; set; } = 10;

    /// <summary>The LPT minted to each funded account. Default 10000 LPT.</summary>
    public Wei LptPerAccount { get; set; } = Wei.FromEther(10_000);

    /// <summary>How long anvil may take to start answering. Default 20 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the devnet waits for one of its own transactions to be mined. Default 30 s.</summary>
    public TimeSpan TransactionTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        RequirePositive(ChainId, nameof(ChainId));
        RequirePositive(RoundLength, nameof(RoundLength));
        RequirePositive(NumActiveTranscoders, nameof(NumActiveTranscoders));
        RequirePositive(TicketValidityPeriod, nameof(TicketValidityPeriod));
        if (RoundLockAmount > PercentDivisor)
        {
            throw new ArgumentOutOfRangeException(nameof(RoundLockAmount), RoundLockAmount, $"RoundLockAmount is in millionths of a round and must be at most {PercentDivisor}.");
        }
        if (RoundLockAmount * RoundLength / PercentDivisor >= RoundLength)
        {
            throw new ArgumentOutOfRangeException(nameof(RoundLockAmount), RoundLockAmount, $"RoundLockAmount locks the whole {RoundLength}-block round; nobody could ever call transcoder().");
        }
        if (TargetBondingRate > MinterRateDivisor)
        {
            throw new ArgumentOutOfRangeException(nameof(TargetBondingRate), TargetBondingRate, $"TargetBondingRate is in billionths and must be at most {MinterRateDivisor}.");
        }
        if (Inflation > MinterRateDivisor)
        {
            throw new ArgumentOutOfRangeException(nameof(Inflation), Inflation, $"Inflation is in billionths and must be at most {MinterRateDivisor}.");
        }
        if (FundedAccounts < 0 || FundedAccounts > AnvilNode.DevAccounts.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(FundedAccounts), FundedAccounts, $"FundedAccounts must be between 0 and {AnvilNode.DevAccounts.Count}.");
        }
        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "StartTimeout must be positive.");
        }
        if (TransactionTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TransactionTimeout), TransactionTimeout, "TransactionTimeout must be positive.");
        }
    }

    private static void RequirePositive(ulong value, string name)
    {
        if (value == 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }
    }
}

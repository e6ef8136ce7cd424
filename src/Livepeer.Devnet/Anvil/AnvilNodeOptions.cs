namespace Livepeer.Devnet;

/// <summary>Settings for <see cref="AnvilNode"/>.</summary>
public sealed class AnvilNodeOptions
{
    /// <summary>
    /// The anvil binary. When null: <c>$LIVEPEER_ANVIL</c>, else the copy that <c>scripts/bootstrap-test-deps.sh</c>
    /// installs under <c>~/.cache/livepeer-sdk</c> (or <c>$LIVEPEER_SDK_CACHE</c>).
    /// </summary>
    public string? AnvilPath { get; set; }

    /// <summary>The chain id anvil reports and signs for. Default 31337, anvil's own default.</summary>
    public ulong ChainId { get; set; } = AnvilNode.DefaultChainId;

    /// <summary>How long anvil may take to answer its first request. Default 20 s.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate()
    {
        if (ChainId == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ChainId), ChainId, "ChainId must be positive.");
        }
        if (StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(StartTimeout), StartTimeout, "StartTimeout must be positive.");
        }
    }
}

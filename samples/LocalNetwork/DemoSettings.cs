using System.Diagnostics.CodeAnalysis;
using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace LocalNetwork;

/// <summary>The command line, and the numbers the demo network is built with.</summary>
internal sealed record DemoSettings(bool OffChain, string OutputDirectory)
{
    /// <summary>The whole run is cancelled after this; it normally takes well under two minutes.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    /// <summary>Small renditions, so that three orchestrators sharing two cores keep up with the clip.</summary>
    public static readonly IReadOnlyList<VideoProfile> Profiles =
        [VideoProfile.P144p30fps16x9, VideoProfile.P240p30fps16x9, VideoProfile.P360p30fps16x9];

    public static readonly Wei GatewayDeposit = Wei.FromEther(1);

    public static readonly Wei GatewayReserve = Wei.FromEther(1);

    // On the real network a ticket is worth a few gwei and wins about once in a hundred thousand. Here each ticket
    // is worth 0.0003 ETH, the face value is pinned near 0.0007 ETH (a 1 gwei gas floor times 350,000 redemption gas
    // times 2), and prices are high enough that each 2-second segment costs about one ticket: so a 20-second clip
    // sends about ten tickets and several of them win and are redeemed on the devnet while you watch.

    /// <summary>The expected value of one ticket, asked by every orchestrator.</summary>
    public static readonly Wei TicketEV = Wei.FromGwei(300_000);

    /// <summary>Gas prices below this count as this when the orchestrators price tickets (anvil's base fee falls to almost 0 on empty blocks).</summary>
    public static readonly Wei MinGasPrice = Wei.FromGwei(1);

    /// <summary>The face value is the redemption's gas cost times this.</summary>
    public const int TxCostMultiplier = 2;

    /// <summary>The gateway's per-ticket and per-payment EV limits, raised to admit <see cref="TicketEV"/>.</summary>
    public static readonly Wei MaxTicketEV = Wei.FromGwei(1_000_000);

    public static readonly Wei MaxTotalEV = Wei.FromGwei(10_000_000);

    public static bool TryParse(string[] args, [NotNullWhen(true)] out DemoSettings? settings, out string usage)
    {
        usage = "usage: LocalNetwork [--offchain] [--out <folder>]\n"
            + "  --offchain  the gateway runs without payments and is given the orchestrators' addresses\n"
            + "  --out       where the HLS ladder is written (default ./out)";
        var offChain = false;
        var output = "out";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--offchain":
                    offChain = true;
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "-h" or "--help":
                    settings = null;
                    return false;
                default:
                    usage = $"unknown argument '{args[i]}'\n{usage}";
                    settings = null;
                    return false;
            }
        }

        settings = new DemoSettings(offChain, Path.GetFullPath(output));
        return true;
    }
}

/// <summary>A failure the demo explains in one line.</summary>
internal sealed class DemoException(string message, Exception? innerException = null) : Exception(message, innerException);

using System.Numerics;

namespace Livepeer.Payments;

/// <summary>The gateway's limits on the tickets it signs (go-livepeer's <c>-maxTicketEV</c>, <c>-maxTotalEV</c>, <c>-depositMultiplier</c>).</summary>
public sealed class TicketSenderOptions
{
    /// <summary>The default <see cref="MaxTicketEv"/>: 3 000 000 000 000 wei.</summary>
    public static readonly BigInteger DefaultMaxTicketEv = 3_000_000_000_000;

    /// <summary>The default <see cref="MaxTotalEv"/>: 20 000 000 000 000 wei.</summary>
    public static readonly BigInteger DefaultMaxTotalEv = 20_000_000_000_000;

    /// <summary>The most EV in wei one ticket may carry.</summary>
    public BigInteger MaxTicketEv { get; set; } = DefaultMaxTicketEv;

    /// <summary>The most EV in wei the tickets of one payment may carry together.</summary>
    public BigInteger MaxTotalEv { get; set; } = DefaultMaxTotalEv;

    /// <summary>A ticket's face value may be at most the deposit divided by this (at least 1).</summary>
    public int DepositMultiplier { get; set; } = 1;

    /// <summary>How long the sender's own deposit and reserve, once read, are trusted before they are read again.</summary>
    public TimeSpan SenderInfoRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    internal void Validate()
    {
        if (MaxTicketEv.Sign < 0 || MaxTotalEv.Sign < 0)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "MaxTicketEv and MaxTotalEv cannot be negative.");
        }
        if (DepositMultiplier < 1)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "DepositMultiplier must be at least 1.");
        }
        if (SenderInfoRefreshInterval < TimeSpan.Zero)
        {
            throw new PaymentException(PaymentErrorCode.InvalidConfiguration, "SenderInfoRefreshInterval cannot be negative.");
        }
    }
}

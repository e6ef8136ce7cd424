using System.Numerics;

namespace Livepeer.Payments;

/// <summary>The gas price the payment engine prices redemptions with, kept current by polling the chain.</summary>
public interface IGasPriceSource
{
    /// <summary>The last polled gas price in wei, raised to any configured minimum; 0 while it is not known yet.</summary>
    BigInteger CurrentGasPrice { get; }
}

using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Redemption;

internal sealed class RedemptionOutcomeTests
{
    [TestCase("TicketBroker.redeemWinningTicket reverted: ticket is used", RedemptionErrorKind.AlreadyUsed)]
    [TestCase("ticket already used", RedemptionErrorKind.AlreadyUsed)]
    [TestCase("transaction failed txHash=0x12", RedemptionErrorKind.Final)]
    [TestCase("ticket creationRound does not have a block hash", RedemptionErrorKind.Final)]
    [TestCase("ticket is expired", RedemptionErrorKind.Final)]
    [TestCase("ticket did not win", RedemptionErrorKind.Retry)]
    [TestCase("current round is not initialized", RedemptionErrorKind.Retry)]
    [TestCase("invalid signature over ticket hash", RedemptionErrorKind.Retry)]
    [TestCase("connection refused", RedemptionErrorKind.Retry)]
    public void Classify_Message_FollowsGoLivepeersFinalErrors(string message, RedemptionErrorKind expected)
        => Assert.That(RedemptionOutcome.Classify(message), Is.EqualTo(expected));

    [Test]
    public void Classify_TransactionFailedWithoutReason_IsFinal()
    {
        var ex = new LivepeerProtocolException(ProtocolErrorCode.TransactionFailed, "Transaction 0x1 failed in block 9 (status 0); it most likely ran out of gas.");

        Assert.That(RedemptionOutcome.Classify(ex), Is.EqualTo(RedemptionErrorKind.Final));
    }

    [Test]
    public void Classify_TransportFailure_IsRetried()
    {
        var ex = new LivepeerProtocolException(ProtocolErrorCode.RpcTransport, "connection refused", isTransient: true);

        Assert.That(RedemptionOutcome.Classify(ex), Is.EqualTo(RedemptionErrorKind.Retry));
    }
}

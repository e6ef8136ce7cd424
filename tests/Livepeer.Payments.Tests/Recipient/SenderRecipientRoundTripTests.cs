using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Recipient;

/// <summary>A gateway's sender paying an orchestrator's recipient in memory, both built from the same seams.</summary>
[TestFixture]
public sealed class SenderRecipientRoundTripTests
{
    private static readonly PixelPrice Price = new(2400, 2);
    private const string Manifest = "stream-1";

    private FakeClock _clock = null!;
    private FakeMonitor _monitor = null!;
    private PrivateKeySigner _key = null!;
    private TicketRecipient _recipient = null!;
    private TicketSender _sender = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeClock { LastSeenL1Block = 1000 };
        _monitor = new FakeMonitor();
        _key = Keys.Broadcaster();
        _recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = 1000, RedeemGas = 10_000 },
            _clock, new FakeGasPrice { CurrentGasPrice = 100 }, _monitor);
        _sender = new TicketSender(_key, _clock, new FakeSenderInfo());
    }

    [TearDown]
    public void TearDown()
    {
        _recipient.Dispose();
        _key.Dispose();
    }

    private async Task<(TicketParams Params, string SessionId)> StartAsync()
    {
        var ticketParams = await _recipient.CreateTicketParamsAsync(_sender.Address, Price);
        Assert.That(await _sender.ValidateTicketParamsAsync(ticketParams, 1), Is.Null);
        return (ticketParams, _sender.StartSession(ticketParams, Price));
    }

    [Test]
    public async Task RoundTrip_BatchFromIssuedParams_AcceptedAndCredited()
    {
        var (_, sessionId) = await StartAsync();
        var batch = await _sender.CreateTicketBatchAsync(sessionId, 5);
        var result = await _recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsAccepted, Is.True, result.Rejection?.ToString());
            Assert.That(result.AcceptedTickets, Is.EqualTo(5));
            Assert.That(result.CreditedEv, Is.EqualTo(batch.ExpectedValue));
            Assert.That(result.CreditedEv, Is.GreaterThanOrEqualTo(new BigRational(5000)), "winProb rounds up, so EV ≥ the target");
            Assert.That(_recipient.GetBalance(_sender.Address, Manifest), Is.EqualTo(batch.ExpectedValue));
        });
    }

    [Test]
    public async Task RoundTrip_HighWinProbability_WinnersQueuedMatchOnChainRule()
    {
        _clock.LastSeenL1Block = 1000;
        _monitor.MaxFloat = 4000;
        var recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = 1000, RedeemGas = 10_000 },
            _clock, new FakeGasPrice(), _monitor);
        var ticketParams = await recipient.CreateTicketParamsAsync(_sender.Address, Price);
        var sessionId = _sender.StartSession(ticketParams, Price);
        var batch = await _sender.CreateTicketBatchAsync(sessionId, 40);
        var result = await recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        recipient.Dispose();

        var tickets = batch.ToTickets().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(result.AcceptedTickets, Is.EqualTo(40));
            Assert.That(result.WonTickets, Is.EqualTo(_monitor.Queued.Count));
            Assert.That(result.WonTickets, Is.InRange(1, 39), "win probability about 1/4");
            foreach (var winner in _monitor.Queued)
            {
                var ticket = tickets.Single(t => t.SenderNonce == winner.Ticket.SenderNonce);
                Assert.That(winner.Ticket, Is.EqualTo(ticket));
                Assert.That(TicketHashing.IsWinning(winner.Signature.ToArray(), winner.RecipientRand, ticket.WinProb), Is.True);
            }
        });
    }

    private static IEnumerable<TestCaseData> Tampering()
    {
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { TicketParams = p.TicketParams! with { Seed = p.TicketParams.Seed ^ 1 } })).SetName("RoundTrip_SeedTampered_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { TicketParams = p.TicketParams! with { FaceValue = p.TicketParams.FaceValue * 2 } })).SetName("RoundTrip_FaceValueTampered_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { ExpectedPrice = new PixelPrice(1199, 1) })).SetName("RoundTrip_PriceTampered_InvalidRecipientRand");
    }

    [TestCaseSource(nameof(Tampering))]
    public async Task RoundTrip_EchoTampered_InvalidRecipientRand(Func<TicketPayment, TicketPayment> tamper)
    {
        var (_, sessionId) = await StartAsync();
        var batch = await _sender.CreateTicketBatchAsync(sessionId, 2);
        var result = await _recipient.ReceivePaymentAsync(tamper(batch.ToPayment()), Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.InvalidRecipientRand));
            Assert.That(result.Rejection?.IsFatal, Is.True);
            Assert.That(result.CreditedEv, Is.EqualTo(BigRational.Zero));
        });
    }

    [Test]
    public async Task RoundTrip_PriceEchoedUnreduced_Accepted()
    {
        var (_, sessionId) = await StartAsync();
        var batch = await _sender.CreateTicketBatchAsync(sessionId, 1);
        var result = await _recipient.ReceivePaymentAsync(batch.ToPayment() with { ExpectedPrice = new PixelPrice(12000, 10) }, Manifest);
        Assert.That(result.AcceptedTickets, Is.EqualTo(1), result.Rejection?.ToString());
    }

    [Test]
    public async Task RoundTrip_DuplicateNonce_NonceAlreadySeen()
    {
        var (_, sessionId) = await StartAsync();
        var batch = await _sender.CreateTicketBatchAsync(sessionId, 2);
        await _recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        var replay = await _recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        Assert.That(replay.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.NonceAlreadySeen));
        Assert.That(replay.Rejection!.Message, Does.StartWith("invalid ticket senderNonce: already seen"));
    }

    [Test]
    public async Task RoundTrip_601stNonce_TooManyNonces()
    {
        var (ticketParams, sessionId) = await StartAsync();
        var sender = new TicketSender(_key, _clock, new FakeSenderInfo(), new TicketSenderOptions { MaxTotalEv = BigInteger.Pow(10, 18) });
        sessionId = sender.StartSession(ticketParams, Price);
        var first = await _recipient.ReceivePaymentAsync((await sender.CreateTicketBatchAsync(sessionId, 600)).ToPayment(), Manifest);
        var extra = await _recipient.ReceivePaymentAsync((await sender.CreateTicketBatchAsync(sessionId, 1)).ToPayment(), Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(first.AcceptedTickets, Is.EqualTo(600), first.Rejection?.ToString());
            Assert.That(extra.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.TooManyNonces));
            Assert.That(extra.AcceptedTickets, Is.Zero);
        });
    }

    [Test]
    public async Task RoundTrip_WrongSigner_InvalidSignature()
    {
        var (ticketParams, _) = await StartAsync();
        using var other = Keys.Other();
        var impostor = new TicketSender(other, _clock, new FakeSenderInfo());
        var batch = await impostor.CreateTicketBatchAsync(impostor.StartSession(ticketParams, Price), 1);
        var result = await _recipient.ReceivePaymentAsync(batch.ToPayment() with { Sender = _key.Address }, Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.InvalidSignature));
            Assert.That(result.Rejection?.IsFatal, Is.False);
            Assert.That(result.CreditedEv, Is.EqualTo(BigRational.Zero));
        });
    }

    [Test]
    public async Task RoundTrip_RecipientHeadPastExpiration_ParamsExpired()
    {
        var (ticketParams, sessionId) = await StartAsync();
        var batch = await _sender.CreateTicketBatchAsync(sessionId, 1);
        _clock.LastSeenL1Block = ticketParams.ExpirationBlock;
        var result = await _recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.ParamsExpired));
        var senderView = await _sender.ValidateTicketParamsAsync(ticketParams, 1);
        Assert.That(senderView?.Reason, Is.EqualTo(TicketRejectionReason.ParamsExpired), "the sender refuses them too");
    }

    [Test]
    public async Task RoundTrip_NewParams_NewSessionRestartsAtNonce1AndIsAccepted()
    {
        var (_, firstSession) = await StartAsync();
        await _recipient.ReceivePaymentAsync((await _sender.CreateTicketBatchAsync(firstSession, 3)).ToPayment(), Manifest);
        var (_, secondSession) = await StartAsync();
        var batch = await _sender.CreateTicketBatchAsync(secondSession, 2);
        var result = await _recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(secondSession, Is.Not.EqualTo(firstSession));
            Assert.That(batch.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 1, 2 }));
            Assert.That(result.AcceptedTickets, Is.EqualTo(2), result.Rejection?.ToString());
        });
    }

    [Test]
    public async Task RoundTrip_StagedBalance_TicketsCoverFeeAndSettle()
    {
        var (_, sessionId) = await StartAsync();
        var gatewayBalances = new PaymentBalances();
        var fee = FeeEstimator.EstimateFee([new OutputRendition(1, 1, 30)], TimeSpan.FromSeconds(2), new PixelPrice(100, 1));
        var ev = _sender.GetExpectedValue(sessionId);
        var update = gatewayBalances.StageUpdate(Keys.Orchestrator, Manifest, FeeEstimator.MinCredit(fee, ev), ev);
        var batch = await _sender.CreateTicketBatchAsync(sessionId, update.NumTickets);
        var result = await _recipient.ReceivePaymentAsync(batch.ToPayment(), Manifest);
        var debit = new PixelPrice(100, 1).Cost(60);
        _recipient.Debit(_sender.Address, Manifest, debit);
        gatewayBalances.CompleteUpdate(update, BalanceUpdateOutcome.Completed, debit);
        Assert.Multiple(() =>
        {
            Assert.That(update.NumTickets, Is.EqualTo((int)(fee / ev).Ceiling()));
            Assert.That(result.CreditedEv, Is.EqualTo(update.NewCredit));
            Assert.That(gatewayBalances.GetBalance(Keys.Orchestrator, Manifest), Is.EqualTo(_recipient.GetBalance(_sender.Address, Manifest)), "both sides agree to the wei");
        });
    }
}

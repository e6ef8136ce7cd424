using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Recipient;

/// <summary>The payment-level check that the recipient is an orchestrator active in the current round.</summary>
internal sealed class RecipientActivityTests
{
    private static readonly PixelPrice Price = new(1200, 1);
    private const string Manifest = "manifest-activity";

    private FakeClock _clock = null!;
    private FakeMonitor _monitor = null!;
    private PrivateKeySigner _key = null!;
    private ScriptedActivity _activity = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeClock { LastSeenL1Block = 100 };
        _monitor = new FakeMonitor();
        _key = Keys.Broadcaster();
        _activity = new ScriptedActivity();
    }

    [TearDown]
    public void TearDown() => _key.Dispose();

    private TicketRecipient Create(IRecipientActivityCheck? check)
        => new(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = 1000, RedeemGas = 10_000, Secret = Keys.Secret },
            _clock, new FakeGasPrice { CurrentGasPrice = 100 }, _monitor, activityCheck: check);

    [Test]
    public async Task ReceivePaymentAsync_RecipientInactive_RejectsFatallyNamingRoundAndCreditsNothing()
    {
        _activity.Active = false;
        using var recipient = Create(_activity);
        var ticketParams = await recipient.CreateTicketParamsAsync(_key.Address, Price);

        var result = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1, 2), Manifest);

        Assert.Multiple(() =>
        {
            Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.RecipientInactive));
            Assert.That(result.Rejection!.IsFatal, Is.True);
            Assert.That(result.Rejection.Message, Is.EqualTo($"orchestrator {Keys.Orchestrator} is inactive in round 7, cannot process payments"));
            Assert.That(result.AcceptedTickets, Is.Zero);
            Assert.That(recipient.GetBalance(_key.Address, Manifest), Is.EqualTo(BigRational.Zero));
            Assert.That(_monitor.ValidateCalls, Is.Zero, "refused before the sender is validated");
            Assert.That(_activity.Rounds, Is.EqualTo(new[] { 7UL }), "asked about the clock's last initialised round");
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_RecipientActive_CreditsAndAsksOncePerRound()
    {
        using var recipient = Create(RecipientActivity.Cached(_activity.IsActiveAsync));
        var ticketParams = await recipient.CreateTicketParamsAsync(_key.Address, Price);

        var first = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        var second = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 2), Manifest);
        _clock.LastInitializedRound = new TicketExpirationParams(8, new byte[32]);
        _clock.LastInitializedRound.CreationRoundBlockHash[0] = 1;
        var third = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 3), Manifest);

        Assert.Multiple(() =>
        {
            Assert.That(first.IsAccepted && second.IsAccepted && third.IsAccepted, Is.True);
            Assert.That(_activity.Calls, Is.EqualTo(2), "one read in round 7, one in round 8");
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_NoActivityCheck_OffChainRecipientSkipsIt()
    {
        using var recipient = Create(check: null);
        var ticketParams = await recipient.CreateTicketParamsAsync(_key.Address, Price);

        var result = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);

        Assert.That(result.IsAccepted, Is.True);
    }

    [Test]
    public async Task ReceivePaymentAsync_ActivityReadFails_RejectsFatallyWithoutCredit()
    {
        _activity.Failure = new PaymentException(PaymentErrorCode.ChainUnavailable, "node down", isTransient: true);
        using var recipient = Create(RecipientActivity.Cached(_activity.IsActiveAsync));
        var ticketParams = await recipient.CreateTicketParamsAsync(_key.Address, Price);

        var result = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        _activity.Failure = null;
        var retried = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 2), Manifest);

        Assert.Multiple(() =>
        {
            Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.RecipientActivityUnavailable));
            Assert.That(result.Rejection!.Message, Does.Contain("node down"));
            Assert.That(result.AcceptedTickets, Is.Zero);
            Assert.That(retried.IsAccepted, Is.True, "a failed read is not remembered");
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_ParamsForAnotherRecipient_RefusedAsInvalidRecipientWithoutAChainRead()
    {
        _activity.Active = false;
        using var other = Keys.Other();
        using var recipient = Create(RecipientActivity.Cached(_activity.IsActiveAsync));
        var ticketParams = await recipient.CreateTicketParamsAsync(_key.Address, Price) with { Recipient = other.Address };

        var result = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);

        Assert.Multiple(() =>
        {
            Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.InvalidRecipient));
            Assert.That(_activity.Calls, Is.Zero);
        });
    }

    private sealed class ScriptedActivity : IRecipientActivityCheck
    {
        public bool Active { get; set; } = true;

        public Exception? Failure { get; set; }

        public int Calls;

        public List<ulong> Rounds { get; } = [];

        public Task<bool> IsActiveAsync(EthAddress recipient, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return Failure is null ? Task.FromResult(Active) : Task.FromException<bool>(Failure);
        }

        public Task<bool> IsActiveAsync(EthAddress recipient, ulong round, CancellationToken cancellationToken = default)
        {
            lock (Rounds)
            {
                Rounds.Add(round);
            }
            return IsActiveAsync(recipient, cancellationToken);
        }
    }
}

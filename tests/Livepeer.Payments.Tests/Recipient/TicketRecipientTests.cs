using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Recipient;

[TestFixture]
public sealed class TicketRecipientTests
{
    private static readonly PixelPrice Price = new(2400, 2);
    private const string Manifest = "manifest-1";

    private FakeClock _clock = null!;
    private FakeGasPrice _gas = null!;
    private FakeMonitor _monitor = null!;
    private PrivateKeySigner _key = null!;
    private TicketRecipient _recipient = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeClock { LastSeenL1Block = 100 };
        _gas = new FakeGasPrice { CurrentGasPrice = 100 };
        _monitor = new FakeMonitor();
        _key = Keys.Broadcaster();
        _recipient = CreateRecipient();
    }

    [TearDown]
    public void TearDown()
    {
        _recipient.Dispose();
        _key.Dispose();
    }

    private TicketRecipient CreateRecipient(BigInteger? ev = null)
        => new(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = ev ?? 1000, RedeemGas = 10_000, Secret = Keys.Secret },
            _clock, _gas, _monitor, balances: null, logger: null, timeProvider: null, fillRandom: Keys.CountingRandom());

    private Task<TicketParams> IssueAsync(PixelPrice? price = null) => _recipient.CreateTicketParamsAsync(_key.Address, price ?? Price);

    /// <summary>Face value equal to the EV: every ticket wins (win probability 2^256−1).</summary>
    private async Task<TicketParams> IssueCertainWinAsync()
    {
        _gas.CurrentGasPrice = 0;
        _monitor.MaxFloat = 1000;
        return await IssueAsync();
    }

    [Test]
    public async Task CreateTicketParamsAsync_GasAndEv_FollowsFaceValueRuleAndHashesSecret()
    {
        var ticketParams = await IssueAsync();
        var expectedRand = RecipientRandom.Compute(Keys.Secret, ticketParams.Seed, _key.Address, 100_000_000, ticketParams.WinProb, 140, new PixelPrice(1200, 1), _clock.LastInitializedRound.ToAuxData());
        Assert.Multiple(() =>
        {
            Assert.That(ticketParams.Recipient, Is.EqualTo(Keys.Orchestrator));
            Assert.That(ticketParams.FaceValue, Is.EqualTo(new Wei(100_000_000)));
            Assert.That(ticketParams.WinProb, Is.EqualTo(TicketMath.WinProbForExpectedValue(100_000_000, 1000)));
            Assert.That(ticketParams.ExpirationBlock, Is.EqualTo(140ul));
            Assert.That(ticketParams.ExpirationParams, Is.EqualTo(_clock.LastInitializedRound));
            Assert.That(ticketParams.RecipientRandHash, Is.EqualTo(Ticket.HashRecipientRand(expectedRand)));
        });
    }

    [Test]
    public async Task CreateTicketParamsAsync_TwoCalls_FreshSeedAndHash()
    {
        var a = await IssueAsync();
        var b = await IssueAsync();
        Assert.Multiple(() =>
        {
            Assert.That(a.Seed, Is.Not.EqualTo(b.Seed));
            Assert.That(a.RecipientRandHash, Is.Not.EqualTo(b.RecipientRandHash));
        });
    }

    [TestCase(0)]
    [TestCase(-5)]
    public async Task CreateTicketParamsAsync_PriceNotPositive_ZeroFaceValueAndWinProb(int pricePerUnit)
    {
        _monitor.MaxFloat = 0;
        var ticketParams = await IssueAsync(new PixelPrice(pricePerUnit, 1));
        Assert.Multiple(() =>
        {
            Assert.That(ticketParams.FaceValue, Is.EqualTo(Wei.Zero));
            Assert.That(ticketParams.WinProb, Is.EqualTo(BigInteger.Zero));
        });
    }

    [Test]
    public async Task CreateTicketParamsAsync_MaxFloatBelowEv_ThrowsMaxFloatBelowEv()
    {
        _monitor.MaxFloat = 999;
        var e = await Assert.ThrowsAsync<PaymentException>(() => IssueAsync());
        Assert.Multiple(() =>
        {
            Assert.That(e!.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.MaxFloatBelowEv));
            Assert.That(e.Message, Does.StartWith("insufficient sender reserve"));
        });
    }

    [Test]
    public async Task CreateTicketParamsAsync_FaceValueBelowTxCost_ThrowsFaceValueBelowTxCost()
    {
        _gas.CurrentGasPrice = 4_000_000_000;
        _monitor.MaxFloat = (10_000 * new BigInteger(3_000_000_000)) - 1;
        var e = await Assert.ThrowsAsync<PaymentException>(() => IssueAsync());
        Assert.That(e!.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.FaceValueBelowTxCost));
    }

    [Test]
    public async Task CreateTicketParamsAsync_MaxFaceValueSet_Capped()
    {
        _gas.CurrentGasPrice = 0;
        _recipient.MaxFaceValue = 50_000;
        var ticketParams = await IssueAsync();
        Assert.That(ticketParams.FaceValue, Is.EqualTo(new Wei(50_000)), "EV × 100 = 100 000, capped");
    }

    [Test]
    public async Task GetTxCostMultiplierAsync_FaceValueOverTxCost()
    {
        var multiplier = await _recipient.GetTxCostMultiplierAsync(_key.Address);
        _gas.CurrentGasPrice = 0;
        var unknownGas = await _recipient.GetTxCostMultiplierAsync(_key.Address);
        Assert.Multiple(() =>
        {
            Assert.That(multiplier, Is.EqualTo(new BigRational(100)));
            Assert.That(unknownGas, Is.EqualTo(BigRational.Zero));
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_ValidTickets_CreditsEvOfEach()
    {
        var ticketParams = await IssueAsync();
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1, 2, 3), Manifest);
        var ev = TicketMath.ExpectedValue(ticketParams.FaceValue, ticketParams.WinProb);
        Assert.Multiple(() =>
        {
            Assert.That(result.IsAccepted, Is.True, result.Rejection?.ToString());
            Assert.That(result.AcceptedTickets, Is.EqualTo(3));
            Assert.That(result.CreditedEv, Is.EqualTo(ev * 3));
            Assert.That(_recipient.GetBalance(_key.Address, Manifest), Is.EqualTo(ev * 3));
            Assert.That(_recipient.SufficientBalance(_key.Address, Manifest), Is.True);
            Assert.That(_recipient.GetSessionPrice(_key.Address, Manifest), Is.EqualTo(Price));
            Assert.That(_monitor.ValidateCalls, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_NoTicketParams_AcceptedFreeWithoutCredit()
    {
        var result = await _recipient.ReceivePaymentAsync(new TicketPayment(_key.Address, null, null, null, []), Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(result, Is.EqualTo(new PaymentResult(0, 0, BigRational.Zero, null)));
            Assert.That(_recipient.GetSessionPrice(_key.Address, Manifest), Is.EqualTo(PixelPrice.Zero));
            Assert.That(_recipient.SufficientBalance(_key.Address, Manifest), Is.True, "a free session needs no balance");
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_NoSender_MissingSenderFatal()
    {
        var ticketParams = await IssueAsync();
        var payment = PaymentBuilder.Build(_key, ticketParams, Price, 1) with { Sender = null };
        var result = await _recipient.ReceivePaymentAsync(payment, Manifest);
        AssertRejected(result, TicketRejectionReason.MissingSender, "Could not find Sender for payment", fatal: true);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ReceivePaymentAsync_BadExpectedPrice_InvalidExpectedPriceFatal(bool missing)
    {
        var ticketParams = await IssueAsync();
        var payment = PaymentBuilder.Build(_key, ticketParams, Price, 1) with { ExpectedPrice = missing ? null : new PixelPrice(1200, 0) };
        var result = await _recipient.ReceivePaymentAsync(payment, Manifest);
        AssertRejected(result, TicketRejectionReason.InvalidExpectedPrice, "invalid expected price sent with payment", fatal: true);
    }

    [Test]
    public async Task ReceivePaymentAsync_ShortRecipientRandHash_MalformedFatal()
    {
        var ticketParams = await IssueAsync();
        var payment = PaymentBuilder.Build(_key, ticketParams, Price, 1) with { TicketParams = ticketParams with { RecipientRandHash = new byte[31] } };
        AssertRejected(await _recipient.ReceivePaymentAsync(payment, Manifest), TicketRejectionReason.Malformed, string.Empty, fatal: true);
    }

    [Test]
    public async Task ReceivePaymentAsync_SenderUnlocking_SenderUnlockingFatal()
    {
        var ticketParams = await IssueAsync();
        _monitor.SenderRejection = new TicketRejection(TicketRejectionReason.SenderUnlocking, $"deposit and reserve for sender {_key.Address} is set to unlock soon");
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        AssertRejected(result, TicketRejectionReason.SenderUnlocking, "deposit and reserve for sender", fatal: true);
    }

    [Test]
    public async Task ReceivePaymentAsync_MonitorThrows_SenderInfoUnavailableFatal()
    {
        var ticketParams = await IssueAsync();
        _monitor.ValidateFailure = new PaymentException(PaymentErrorCode.ChainUnavailable, "rpc down", isTransient: true);
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        AssertRejected(result, TicketRejectionReason.SenderInfoUnavailable, string.Empty, fatal: true);
    }

    [Test]
    public async Task ReceivePaymentAsync_OtherRecipient_InvalidRecipientFatal()
    {
        var ticketParams = await IssueAsync() with { Recipient = EthAddress.Parse("0x73AEd7b5dEb30222fa896f399d46cC99c7BEe57F") };
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        AssertRejected(result, TicketRejectionReason.InvalidRecipient, "invalid ticket recipient", fatal: true);
    }

    [Test]
    public async Task ReceivePaymentAsync_ZeroSender_InvalidSenderFatal()
    {
        var ticketParams = await _recipient.CreateTicketParamsAsync(EthAddress.Zero, Price);
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, EthAddress.Zero, ticketParams, Price, 1), Manifest);
        AssertRejected(result, TicketRejectionReason.InvalidSender, "invalid ticket sender", fatal: true);
    }

    private static IEnumerable<TestCaseData> Tampering()
    {
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { TicketParams = p.TicketParams! with { Seed = p.TicketParams.Seed + 1 } })).SetName("ReceivePaymentAsync_SeedChanged_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { TicketParams = p.TicketParams! with { FaceValue = p.TicketParams.FaceValue + 1 } })).SetName("ReceivePaymentAsync_FaceValueChanged_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { TicketParams = p.TicketParams! with { WinProb = p.TicketParams.WinProb - 1 } })).SetName("ReceivePaymentAsync_WinProbChanged_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { TicketParams = p.TicketParams! with { ExpirationBlock = 1000 } })).SetName("ReceivePaymentAsync_ExpirationBlockChanged_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { ExpectedPrice = new PixelPrice(1201, 1) })).SetName("ReceivePaymentAsync_PriceChanged_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { ExpirationParams = new TicketExpirationParams(8, new byte[32]) })).SetName("ReceivePaymentAsync_ExpirationParamsChanged_InvalidRecipientRand");
        yield return new TestCaseData((Func<TicketPayment, TicketPayment>)(p => p with { ExpirationParams = null })).SetName("ReceivePaymentAsync_ExpirationParamsDropped_InvalidRecipientRand");
    }

    [TestCaseSource(nameof(Tampering))]
    public async Task ReceivePaymentAsync_EchoedFieldChanged_InvalidRecipientRandFatal(Func<TicketPayment, TicketPayment> tamper)
    {
        var ticketParams = await IssueAsync();
        var result = await _recipient.ReceivePaymentAsync(tamper(PaymentBuilder.Build(_key, ticketParams, Price, 1, 2)), Manifest);
        AssertRejected(result, TicketRejectionReason.InvalidRecipientRand, "invalid recipientRand for ticket recipientRandHash", fatal: true);
        Assert.Multiple(() =>
        {
            Assert.That(_recipient.GetBalance(_key.Address, Manifest), Is.EqualTo(BigRational.Zero));
            Assert.That(_recipient.GetSessionPrice(_key.Address, Manifest), Is.Null, "a forged payment fixes no price");
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_ReducedPriceEchoed_Accepted()
    {
        var ticketParams = await IssueAsync();
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, new PixelPrice(1200, 1), 1), Manifest);
        Assert.That(result.AcceptedTickets, Is.EqualTo(1), result.Rejection?.ToString());
    }

    [Test]
    public async Task ReceivePaymentAsync_WrongSignerInMiddle_NonFatalCreditsOnlyBeforeAndRecordsLaterNonces()
    {
        var ticketParams = await IssueAsync();
        using var other = Keys.Other();
        var good = PaymentBuilder.Build(_key, ticketParams, Price, 1, 3);
        var forged = PaymentBuilder.Sign(other, _key.Address, ticketParams, ticketParams.ExpirationParams, 2);
        var payment = good with { Tickets = [good.Tickets[0], forged, good.Tickets[1]] };

        var result = await _recipient.ReceivePaymentAsync(payment, Manifest);
        var again = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 3), Manifest);
        Assert.Multiple(() =>
        {
            AssertRejected(result, TicketRejectionReason.InvalidSignature, "invalid ticket signature", fatal: false, accepted: 1);
            Assert.That(again.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.NonceAlreadySeen), "the ticket after the error was still checked and its nonce recorded");
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_MalformedSignatureBytes_InvalidSignature()
    {
        var ticketParams = await IssueAsync();
        var payment = PaymentBuilder.Build(_key, ticketParams, Price, 1);
        var bytes = payment.Tickets[0].Signature.ToArray();
        payment = payment with { Tickets = [TicketPayment.CreateSenderParams(1, bytes.AsSpan(0, 64))] };
        AssertRejected(await _recipient.ReceivePaymentAsync(payment, Manifest), TicketRejectionReason.InvalidSignature, "invalid ticket signature", fatal: false);
    }

    [Test]
    public async Task ReceivePaymentAsync_SamePaymentTwice_NonceAlreadySeen()
    {
        var ticketParams = await IssueAsync();
        var payment = PaymentBuilder.Build(_key, ticketParams, Price, 1, 2);
        var first = await _recipient.ReceivePaymentAsync(payment, Manifest);
        var second = await _recipient.ReceivePaymentAsync(payment, Manifest);
        Assert.That(first.AcceptedTickets, Is.EqualTo(2));
        AssertRejected(second, TicketRejectionReason.NonceAlreadySeen, $"invalid ticket senderNonce: already seen sender={_key.Address} nonce=2", fatal: false);
        Assert.That(_recipient.GetBalance(_key.Address, Manifest), Is.EqualTo(first.CreditedEv));
    }

    [Test]
    public async Task ReceivePaymentAsync_DuplicateFirst_NothingCreditedAfterIt()
    {
        var ticketParams = await IssueAsync();
        await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1, 2, 3), Manifest);
        AssertRejected(result, TicketRejectionReason.NonceAlreadySeen, "invalid ticket senderNonce: already seen", fatal: false);
    }

    [Test]
    public async Task ReceivePaymentAsync_601stNonce_TooManyNonces()
    {
        var ticketParams = await IssueAsync();
        var first = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, PaymentBuilder.Range(1, 600)), Manifest);
        var last = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 601), Manifest);
        Assert.That(first.AcceptedTickets, Is.EqualTo(600), first.Rejection?.ToString());
        AssertRejected(last, TicketRejectionReason.TooManyNonces, "invalid ticket senderNonce: too many values", fatal: false);
    }

    [Test]
    public async Task ReceivePaymentAsync_L1BlockReachedExpiration_ParamsExpired()
    {
        var ticketParams = await IssueAsync();
        _clock.LastSeenL1Block = ticketParams.ExpirationBlock;
        AssertRejected(await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest), TicketRejectionReason.ParamsExpired, "TicketParams expired", fatal: false);
        _clock.LastSeenL1Block = ticketParams.ExpirationBlock - 1;
        Assert.That((await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 2), Manifest)).AcceptedTickets, Is.EqualTo(1));
    }

    [Test]
    public async Task ReceivePaymentAsync_CertainWin_QueuesRedeemableWinners()
    {
        var ticketParams = await IssueCertainWinAsync();
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1, 2), Manifest);
        Assert.That(result.WonTickets, Is.EqualTo(2));
        Assert.That(_monitor.Queued, Has.Count.EqualTo(2));
        var winner = _monitor.Queued[0];
        Assert.Multiple(() =>
        {
            Assert.That(Ticket.HashRecipientRand(winner.RecipientRand), Is.EqualTo(ticketParams.RecipientRandHash));
            Assert.That(winner.Ticket.Sender, Is.EqualTo(_key.Address));
            Assert.That(winner.Ticket.Recipient, Is.EqualTo(Keys.Orchestrator));
            Assert.That(winner.Ticket.SenderNonce, Is.EqualTo(BigInteger.One));
            Assert.That(winner.Ticket.AuxData, Has.Length.EqualTo(64));
            Assert.That(winner.CreationRound, Is.EqualTo(7ul));
            Assert.That(winner.ParamsExpirationBlock, Is.EqualTo(ticketParams.ExpirationBlock));
            Assert.That(Eip191.RecoverSigner(winner.Ticket.ComputeHash(), winner.Signature), Is.EqualTo(_key.Address));
            Assert.That(TicketHashing.IsWinning(winner.Signature.ToArray(), winner.RecipientRand, winner.Ticket.WinProb), Is.True);
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_WinnerWithDuplicateNonce_StillQueued()
    {
        var ticketParams = await IssueCertainWinAsync();
        var payment = PaymentBuilder.Build(_key, ticketParams, Price, 1);
        await _recipient.ReceivePaymentAsync(payment, Manifest);
        var again = await _recipient.ReceivePaymentAsync(payment, Manifest);
        Assert.Multiple(() =>
        {
            Assert.That(again.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.NonceAlreadySeen));
            Assert.That(again.WonTickets, Is.EqualTo(1));
            Assert.That(again.AcceptedTickets, Is.Zero);
            Assert.That(_monitor.Queued, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_QueueFails_WinningTicketNotQueuedAndNotCredited()
    {
        var ticketParams = await IssueCertainWinAsync();
        _monitor.QueueFailure = new PaymentException(PaymentErrorCode.StoreUnavailable, "disk full");
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        AssertRejected(result, TicketRejectionReason.WinningTicketNotQueued, string.Empty, fatal: false);
        Assert.That(result.WonTickets, Is.Zero);
    }

    [Test]
    public async Task L1BlockAdvanced_ReachesExpiration_DropsNonceSet()
    {
        var ticketParams = await IssueAsync();
        await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        _clock.AdvanceTo(ticketParams.ExpirationBlock - 1);
        var kept = _recipient.TrackedParamSets;
        _clock.AdvanceTo(ticketParams.ExpirationBlock);
        Assert.Multiple(() =>
        {
            Assert.That(kept, Is.EqualTo(1));
            Assert.That(_recipient.TrackedParamSets, Is.Zero);
        });
    }

    [Test]
    public async Task Dispose_StopsFollowingTheClock()
    {
        var ticketParams = await IssueAsync();
        await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        _recipient.Dispose();
        _clock.AdvanceTo(ticketParams.ExpirationBlock);
        Assert.That(_recipient.TrackedParamSets, Is.EqualTo(1));
    }

    [Test]
    public async Task DebitPixels_AtSessionPrice_LowersBalanceBelowEv()
    {
        var ticketParams = await IssueAsync();
        var result = await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, ticketParams, Price, 1), Manifest);
        var debited = _recipient.DebitPixels(_key.Address, Manifest, 1);
        Assert.Multiple(() =>
        {
            Assert.That(debited, Is.EqualTo(new BigRational(1200)));
            Assert.That(_recipient.GetBalance(_key.Address, Manifest), Is.EqualTo(result.CreditedEv - 1200));
            Assert.That(_recipient.SufficientBalance(_key.Address, Manifest), Is.False);
        });
        Assert.Throws<InvalidOperationException>(() => _recipient.DebitPixels(_key.Address, "unknown", 1));
    }

    [Test]
    public async Task ReceivePaymentAsync_SecondPaymentOtherPrice_SessionPriceStaysFirst()
    {
        var first = await IssueAsync();
        await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, first, Price, 1), Manifest);
        var second = await IssueAsync(new PixelPrice(5000, 1));
        await _recipient.ReceivePaymentAsync(PaymentBuilder.Build(_key, second, new PixelPrice(5000, 1), 1), Manifest);
        Assert.That(_recipient.GetSessionPrice(_key.Address, Manifest), Is.EqualTo(Price));
    }

    [Test]
    public async Task ReceivePaymentAsync_ManySendersConcurrently_CreditsExactly()
    {
        var keys = Livepeer.Devnet.AnvilNode.DevAccounts.Skip(4).Select(a => a.CreateSigner()).ToList();
        try
        {
            var payments = new List<TicketPayment>();
            foreach (var key in keys)
            {
                for (var p = 0; p < 3; p++)
                {
                    var ticketParams = await _recipient.CreateTicketParamsAsync(key.Address, Price);
                    payments.Add(PaymentBuilder.Build(key, ticketParams, Price, PaymentBuilder.Range(1, 4)));
                    payments.Add(PaymentBuilder.Build(key, ticketParams, Price, PaymentBuilder.Range(5, 4)));
                }
            }
            var results = await Task.WhenAll(payments.Select(p => Task.Run(() => _recipient.ReceivePaymentAsync(p, Manifest))));
            var ev = TicketMath.ExpectedValue(100_000_000, TicketMath.WinProbForExpectedValue(100_000_000, 1000));
            Assert.Multiple(() =>
            {
                Assert.That(results.Select(r => r.AcceptedTickets), Is.All.EqualTo(4));
                foreach (var key in keys)
                {
                    Assert.That(_recipient.GetBalance(key.Address, Manifest), Is.EqualTo(ev * 24));
                }
            });
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }

    [Test]
    public void Constructor_NoRecipient_InvalidConfiguration()
    {
        var e = Assert.Throws<PaymentException>(() => _ = new TicketRecipient(new TicketRecipientOptions(), _clock, _gas, _monitor));
        Assert.That(e!.ErrorCode, Is.EqualTo(PaymentErrorCode.InvalidConfiguration));
    }

    private static void AssertRejected(PaymentResult result, TicketRejectionReason reason, string messageStart, bool fatal, int accepted = 0)
    {
        Assert.That(result.Rejection, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(result.Rejection!.Reason, Is.EqualTo(reason));
            Assert.That(result.Rejection.Message, Does.StartWith(messageStart));
            Assert.That(result.Rejection.IsFatal, Is.EqualTo(fatal));
            Assert.That(result.AcceptedTickets, Is.EqualTo(accepted));
            Assert.That(result.IsAccepted, Is.False);
        });
    }
}

using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Sender;

[TestFixture]
public sealed partial class TicketSenderTests
{
    private static readonly BigInteger Max = TicketMath.MaxWinProb;

    private FakeClock _clock = null!;
    private FakeSenderInfo _info = null!;
    private PrivateKeySigner _key = null!;

    [SetUp]
    public void SetUp()
    {
        _clock = new FakeClock { LastSeenL1Block = 100 };
        _info = new FakeSenderInfo();
        _key = Keys.Broadcaster();
    }

    [TearDown]
    public void TearDown() => _key.Dispose();

    private TicketSender CreateSender(TicketSenderOptions? options = null, TimeProvider? time = null)
        => new(_key, _clock, _info, options, timeProvider: time);

    private static TicketParams Params(BigInteger faceValue, BigInteger winProb, ulong expirationBlock = 140, byte hashByte = 0x11, TicketExpirationParams? expiration = null)
        => new(Keys.Orchestrator, new Wei(faceValue), winProb, Enumerable.Repeat(hashByte, 32).ToArray(), 42, expirationBlock, expiration ?? new TicketExpirationParams(9, Enumerable.Repeat((byte)0xcd, 32).ToArray()));

    private static SenderInfo Info(BigInteger deposit, BigInteger reserve, ulong withdrawRound = 0)
        => new(new Wei(deposit), withdrawRound, new ReserveInfo(new Wei(reserve), Wei.Zero));

    [Category("Vectors")]
    [Test]
    public async Task CreateTicketBatchAsync_FirstBatch_HasNonces1To4AndSignaturesRecoverToSender()
    {
        var sender = CreateSender();
        var ticketParams = Params(1000, Max / 1000);
        var sessionId = sender.StartSession(ticketParams, new PixelPrice(2400, 2));

        var batch = await sender.CreateTicketBatchAsync(sessionId, 4);
        var second = await sender.CreateTicketBatchAsync(sessionId, 2);

        var tickets = batch.ToTickets().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batch.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 1, 2, 3, 4 }));
            Assert.That(second.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 5, 6 }));
            Assert.That(sender.GetNonce(sessionId), Is.EqualTo(6u));
            Assert.That(batch.Sender, Is.EqualTo(_key.Address));
            Assert.That(batch.Price, Is.EqualTo(new PixelPrice(2400, 2)), "echoed as quoted");
            Assert.That(batch.ExpirationParams, Is.EqualTo(ticketParams.ExpirationParams));
            Assert.That(batch.ExpectedValue, Is.EqualTo(TicketMath.ExpectedValue(1000, Max / 1000) * 4));
            for (var i = 0; i < 4; i++)
            {
                Assert.That(Eip191.RecoverSigner(tickets[i].ComputeHash(), batch.SenderParams[i].Signature), Is.EqualTo(_key.Address));
            }
        });
    }

    [Test]
    public void StartSession_SessionId_IsLowercaseHexOfRecipientRandHash()
    {
        var sender = CreateSender();
        var ticketParams = Params(1000, Max / 1000, hashByte: 0xAB);
        var sessionId = sender.StartSession(ticketParams, PixelPrice.Zero);
        Assert.Multiple(() =>
        {
            Assert.That(sessionId, Is.EqualTo("0x" + string.Concat(Enumerable.Repeat("ab", 32))));
            Assert.That(TicketSender.GetSessionId(ticketParams), Is.EqualTo(sessionId));
            Assert.That(sender.GetNonce(sessionId), Is.Zero);
        });
    }

    [Test]
    public async Task StartSessionWithNonce_Nonce10_NextTicketHasNonce11()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSessionWithNonce(Params(1000, Max / 1000), PixelPrice.Zero, 10);
        var batch = await sender.CreateTicketBatchAsync(sessionId, 1);
        Assert.That(batch.SenderParams[0].SenderNonce, Is.EqualTo(11u));
    }

    [Test]
    public async Task CleanupSession_ThenCreateBatch_ThrowsUnknownSession()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);
        Assert.That(sender.CleanupSession(sessionId), Is.True);
        var e = await Assert.ThrowsAsync<PaymentException>(() => sender.CreateTicketBatchAsync(sessionId, 1));
        Assert.Multiple(() =>
        {
            Assert.That(e!.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.UnknownSession));
            Assert.That(sender.CleanupSession(sessionId), Is.False);
        });
    }

    [Test]
    public async Task CreateTicketBatchAsync_ConcurrentBatches_GetDistinctConsecutiveNonces()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);
        var batches = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => sender.CreateTicketBatchAsync(sessionId, 3))));
        var nonces = batches.SelectMany(b => b.SenderParams.Select(p => p.SenderNonce)).Order().ToArray();
        Assert.That(nonces, Is.EqualTo(Enumerable.Range(1, 24).Select(i => (uint)i).ToArray()));
    }

    [TestCase(0ul, (byte)0)]
    [TestCase(9ul, (byte)0)]
    [TestCase(0ul, (byte)0xee)]
    public async Task CreateTicketBatchAsync_NoUsableExpirationParams_UsesClockRound(ulong round, byte hashByte)
    {
        var sender = CreateSender();
        var expiration = new TicketExpirationParams(round, Enumerable.Repeat(hashByte, 32).ToArray());
        var sessionId = sender.StartSession(Params(1000, Max / 1000, expiration: expiration), PixelPrice.Zero);
        var batch = await sender.CreateTicketBatchAsync(sessionId, 1);
        Assert.That(batch.ExpirationParams, Is.EqualTo(_clock.LastInitializedRound));
    }

    [Test]
    public async Task CreateTicketBatchAsync_NullExpirationParams_UsesClockRound()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000) with { ExpirationParams = null! }, PixelPrice.Zero);
        var batch = await sender.CreateTicketBatchAsync(sessionId, 1);
        Assert.That(batch.ExpirationParams, Is.EqualTo(_clock.LastInitializedRound));
    }

    [Test]
    public async Task CreateTicketBatchAsync_InvalidParams_ThrowsWithRejectionAndKeepsNonce()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000, expirationBlock: 101), PixelPrice.Zero);
        var e = await Assert.ThrowsAsync<PaymentException>(() => sender.CreateTicketBatchAsync(sessionId, 1));
        Assert.Multiple(() =>
        {
            Assert.That(e!.ErrorCode, Is.EqualTo(PaymentErrorCode.TicketRejected));
            Assert.That(e.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.ParamsExpired));
            Assert.That(sender.GetNonce(sessionId), Is.Zero);
        });
    }

    [Category("Vectors")]
    [TestCase(1ul, TicketRejectionReason.ParamsExpired)]
    [TestCase(99ul, TicketRejectionReason.ParamsExpired)]
    [TestCase(100ul, TicketRejectionReason.ParamsExpired)]
    [TestCase(101ul, TicketRejectionReason.ParamsExpired)]
    [TestCase(0ul, TicketRejectionReason.ExpirationBlockZero)]
    public async Task ValidateTicketParamsAsync_ExpirationVectors_Rejected(ulong expirationBlock, TicketRejectionReason reason)
    {
        var rejection = await CreateSender().ValidateTicketParamsAsync(Params(1000, Max / 1000, expirationBlock), 1);
        Assert.That(rejection?.Reason, Is.EqualTo(reason));
        Assert.That(rejection!.Message, Does.StartWith(reason == TicketRejectionReason.ParamsExpired ? "TicketParams expired" : "ticketParams expiration block is 0"));
    }

    [Category("Vectors")]
    [TestCase(102ul)]
    [TestCase(105ul)]
    public async Task ValidateTicketParamsAsync_ExpirationBeyondBuffer_Accepted(ulong expirationBlock)
        => Assert.That(await CreateSender().ValidateTicketParamsAsync(Params(1000, Max / 1000, expirationBlock), 1), Is.Null);

    [Test]
    public async Task ValidateTicketParamsAsync_Null_ParamsMissing()
        => Assert.That((await CreateSender().ValidateTicketParamsAsync(null))?.Reason, Is.EqualTo(TicketRejectionReason.ParamsMissing));

    [Category("Vectors")]
    [Test]
    public async Task ValidateTicketParamsAsync_GoSenderDepositVectors_AcceptedAndRejected()
    {
        var options = new TicketSenderOptions { DepositMultiplier = 2, MaxTicketEv = 100, SenderInfoRefreshInterval = TimeSpan.Zero };
        var sender = CreateSender(options);

        _info.Info = Info(300, 1000);
        var ok149 = await sender.ValidateTicketParamsAsync(Params(149, Max / 2), 1);

        _info.Info = Info(400, 1000);
        var ok200 = await sender.ValidateTicketParamsAsync(Params(200, Max / 2), 1);

        var tooLow = await sender.ValidateTicketParamsAsync(Params(1000, Max), 1);
        Assert.Multiple(() =>
        {
            Assert.That(ok149, Is.Null);
            Assert.That(ok200, Is.Null, "EV just below 100 = max ticket EV");
            Assert.That(tooLow?.Reason, Is.EqualTo(TicketRejectionReason.FaceValueTooLow));
            Assert.That(tooLow?.Message, Does.StartWith("ticket faceValue too low faceValue=1000"));
        });
    }

    [Test]
    public async Task ValidateTicketParamsAsync_EvAboveMaxTicketEv_TicketEvTooHigh()
    {
        var sender = CreateSender(new TicketSenderOptions { MaxTicketEv = 100 });
        var rejection = await sender.ValidateTicketParamsAsync(Params(202, Max / 2 + 1), 1);
        Assert.That(rejection?.Reason, Is.EqualTo(TicketRejectionReason.TicketEvTooHigh));
        Assert.That(rejection!.Message, Does.StartWith("ticket EV ").And.Contain("> max ticket EV 100"));
    }

    [TestCase(0ul, false)]
    [TestCase(7ul, true)]
    [TestCase(8ul, true)]
    [TestCase(9ul, false)]
    public async Task ValidateTicketParamsAsync_WithdrawRound_UnlockingSoonRejected(ulong withdrawRound, bool rejected)
    {
        _info.Info = Info(BigInteger.Pow(10, 20), BigInteger.Pow(10, 20), withdrawRound);
        var rejection = await CreateSender().ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        Assert.That(rejection?.Reason, Is.EqualTo(rejected ? TicketRejectionReason.OwnFundsUnlocking : (TicketRejectionReason?)null));
        if (rejected)
        {
            Assert.That(rejection!.Message, Does.StartWith("unable to validate sender: deposit and reserve is set to unlock soon"));
        }
    }

    [Test]
    public async Task ValidateTicketParamsAsync_NoReserve_NoSenderReserve()
    {
        _info.Info = Info(1000, 0);
        var rejection = await CreateSender().ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        Assert.That(rejection, Is.EqualTo(new TicketRejection(TicketRejectionReason.NoSenderReserve, "no sender reserve")));
    }

    [Test]
    public async Task ValidateTicketParamsAsync_NoDeposit_NoSenderDeposit()
    {
        _info.Info = Info(0, 1000);
        var rejection = await CreateSender().ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        Assert.That(rejection, Is.EqualTo(new TicketRejection(TicketRejectionReason.NoSenderDeposit, "no sender deposit")));
    }

    [Test]
    public async Task ValidateTicketParamsAsync_SenderInfoReadFails_SenderInfoUnavailable()
    {
        _info.Failure = new HttpRequestException("connection refused");
        var rejection = await CreateSender().ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        Assert.That(rejection?.Reason, Is.EqualTo(TicketRejectionReason.SenderInfoUnavailable));
        Assert.That(rejection!.Message, Does.StartWith("unable to validate sender").And.Contain("connection refused"));
    }

    [Test]
    public async Task ValidateTicketParamsAsync_TotalEvAboveMax_TotalEvTooHigh()
    {
        var sender = CreateSender(new TicketSenderOptions { MaxTicketEv = 100, MaxTotalEv = 250 });
        var single = Params(100, Max / 2);
        var ok = await sender.ValidateTicketParamsAsync(single, 5);
        var rejection = await sender.ValidateTicketParamsAsync(single, 6);
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.Null, "5 × 49.99… < 250");
            Assert.That(rejection?.Reason, Is.EqualTo(TicketRejectionReason.TotalEvTooHigh));
            Assert.That(rejection?.Message, Does.StartWith("total ticket EV ").And.Contain("for 6 tickets > max total ticket EV 250"));
        });
    }

    [Test]
    public async Task ValidateTicketParamsAsync_FaceValueAboveDepositOverMultiplier_FaceValueAboveDeposit()
    {
        _info.Info = Info(300, 1000);
        var sender = CreateSender(new TicketSenderOptions { DepositMultiplier = 2, MaxTicketEv = 100 });
        var rejection = await sender.ValidateTicketParamsAsync(Params(151, Max / 2), 1);
        Assert.That(rejection, Is.EqualTo(new TicketRejection(TicketRejectionReason.FaceValueAboveDeposit, "ticket faceValue 151 > max faceValue 150")));
    }

    [Test]
    public async Task ValidateTicketParamsAsync_FreeTicket_AcceptedWithoutReadingFunds()
    {
        _info.Info = Info(0, 0);
        var rejection = await CreateSender().ValidateTicketParamsAsync(Params(0, 0), 1);
        Assert.Multiple(() =>
        {
            Assert.That(rejection, Is.Null);
            Assert.That(_info.Reads, Is.Zero);
        });
    }

    [Test]
    public async Task ValidateTicketParamsAsync_SenderInfo_CachedUntilRefreshInterval()
    {
        var time = new ManualTimeProvider();
        var sender = CreateSender(new TicketSenderOptions { SenderInfoRefreshInterval = TimeSpan.FromMinutes(1) }, time);
        await sender.ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        _info.Info = Info(0, 1000);
        var cached = await sender.ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        time.Advance(TimeSpan.FromMinutes(2));
        var refreshed = await sender.ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        Assert.Multiple(() =>
        {
            Assert.That(cached, Is.Null);
            Assert.That(refreshed?.Reason, Is.EqualTo(TicketRejectionReason.NoSenderDeposit));
            Assert.That(_info.Reads, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task InvalidateSenderInfo_NextCheck_ReadsAgain()
    {
        var sender = CreateSender();
        await sender.ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        sender.InvalidateSenderInfo();
        await sender.ValidateTicketParamsAsync(Params(1000, Max / 1000), 1);
        Assert.That(_info.Reads, Is.EqualTo(2));
    }

    [TestCase(1000, 1, 2000, 1, false)]
    [TestCase(1000, 1, 2001, 1, true)]
    [TestCase(1, 2, 3, 2, true)]
    [TestCase(1, 2, 1, 1, false)]
    public void CheckPriceIncrease_AboveTwiceInitial_PriceMoreThanDoubled(long initialPrice, long initialPixels, long price, long pixels, bool rejected)
    {
        var rejection = TicketSender.CheckPriceIncrease(new PixelPrice(initialPrice, initialPixels), new PixelPrice(price, pixels));
        Assert.That(rejection?.Reason, Is.EqualTo(rejected ? TicketRejectionReason.PriceMoreThanDoubled : (TicketRejectionReason?)null));
        if (rejected)
        {
            Assert.That(rejection!.Message, Does.StartWith("Orchestrator price has more than doubled"));
        }
    }

    [Test]
    public void GetExpectedValue_Session_IsFaceValueTimesWinProbOverMax()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 2), PixelPrice.Zero);
        Assert.That(sender.GetExpectedValue(sessionId), Is.EqualTo(new BigRational(1000 * (Max / 2), Max)));
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsInvalidConfiguration()
    {
        var e = Assert.Throws<PaymentException>(() => CreateSender(new TicketSenderOptions { DepositMultiplier = 0 }));
        Assert.That(e!.ErrorCode, Is.EqualTo(PaymentErrorCode.InvalidConfiguration));
    }
}

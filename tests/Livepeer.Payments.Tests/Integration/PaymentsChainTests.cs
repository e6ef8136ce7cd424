using System.Numerics;
using Livepeer.Payments.Tests.Chain;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Integration;

/// <summary>
/// The engine end to end against the genuine contracts: the SDK's ticket hash against the TicketBroker's, a gateway
/// and an orchestrator exchanging tickets until winners are redeemed on chain, and every payment rejection with the
/// chain behind it.
/// </summary>
internal sealed class PaymentsChainTests : PaymentsDevnetTestBase
{
    private const string Manifest = "manifest-chain";
    private static readonly PixelPrice Price = new(1200, 1);
    private static readonly byte[] Secret = [.. Enumerable.Range(7, 32).Select(i => (byte)i)];

    [Test]
    public async Task ComputeHash_RandomTickets_EqualsTicketBrokerGetTicketHash()
    {
        var random = new Random(20_250_611);
        var mismatches = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var ticket = RandomTicket(random, withAuxData: i % 2 == 1);
            var onChain = await Broadcaster.TicketBroker.GetTicketHashAsync(ticket);
            var hotPath = new byte[32];
            TicketHashing.ComputeHash(ticket.Recipient, ticket.Sender, ticket.FaceValue.Value, ticket.WinProb, (uint)ticket.SenderNonce, ticket.RecipientRandHash, ticket.AuxData, hotPath);
            if (!hotPath.AsSpan().SequenceEqual(onChain) || !ticket.ComputeHash().AsSpan().SequenceEqual(onChain))
            {
                mismatches.Add($"ticket {i} ({ticket.AuxData.Length}-byte auxData): chain {Hex.Encode(onChain)}, SDK {Hex.Encode(hotPath)}");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task ReceivePaymentAsync_ThousandTicketsFromASender_WinnersRedeemedForExactlyTheirFaceValue()
    {
        var face = Wei.FromEther(0.01m);
        var ev = face.Value / 50;
        var redemption = RedemptionOptions();
        redemption.MinimumGasPrice = Wei.FromGwei(1);
        var redeemer = await LocalTicketRedeemer.CreateAsync(Orchestrator, redemption);
        DisposeAfterTest(redeemer);
        await redeemer.StartAsync();
        using var stopSenderClock = new CancellationTokenSource();
        var senderClock = await PaymentChain.StartClockAsync(Broadcaster, PaymentChain.Chain(Broadcaster.Rpc), TimeSpan.FromMilliseconds(100), stopSenderClock.Token);
        var sender = new TicketSender(
            Broadcaster.Sender!.Signer,
            senderClock,
            SenderInfoSource.FromTicketBroker(Broadcaster.TicketBroker),
            new TicketSenderOptions { MaxTicketEv = ev * 2, MaxTotalEv = ev * 100 });
        using var recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = OrchestratorAddress, ExpectedValue = ev, MaxFaceValue = face.Value, RedeemGas = TicketRedemptionOptions.L1RedeemGas, Secret = Secret },
            redeemer.Clock,
            redeemer.GasPrice,
            redeemer,
            activityCheck: RecipientActivity.FromBondingManager(Orchestrator.BondingManager));
        var head = await Devnet.Rpc.GetBlockNumberAsync();
        var depositBefore = (await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress)).Deposit;
        var feesBefore = await Orchestrator.BondingManager.GetPendingFeesAsync(OrchestratorAddress);

        var accepted = 0;
        var won = 0;
        var expiration = 0UL;
        for (var set = 0; set < 10; set++)
        {
            var ticketParams = await recipient.CreateTicketParamsAsync(BroadcasterAddress, Price);
            Assert.That(ticketParams.FaceValue, Is.EqualTo(face), "the cap sets the face value, so about 2% of tickets win");
            expiration = Math.Max(expiration, ticketParams.ExpirationBlock);
            var session = sender.StartSession(ticketParams, Price);
            for (var batch = 0; batch < 4; batch++)
            {
                var tickets = await sender.CreateTicketBatchAsync(session, 25);
                var result = await recipient.ReceivePaymentAsync(tickets.ToPayment(), Manifest);
                Assert.That(result.Rejection, Is.Null, $"set {set} batch {batch}");
                accepted += result.AcceptedTickets;
                won += result.WonTickets;
            }
        }
        await stopSenderClock.CancelAsync();
        Assert.That(accepted, Is.EqualTo(1000));
        Assert.That(won, Is.GreaterThanOrEqualTo(5), "enough winners to redeem several");

        await MineUntilAsync(expiration);
        await WaitUntilAsync(async () => await redeemer.CountUnredeemedAsync() == 0, "every winning ticket redeemed", seconds: 60);

        var stored = await redeemer.Store.SelectAllAsync();
        var winnersFace = stored.Aggregate(BigInteger.Zero, (sum, t) => sum + t.Ticket.Ticket.FaceValue.Value);
        var depositAfter = (await Broadcaster.TicketBroker.GetSenderInfoAsync(BroadcasterAddress)).Deposit;
        var feesAfter = await Orchestrator.BondingManager.GetPendingFeesAsync(OrchestratorAddress);
        var events = await RedeemedEventsAsync(head + 1);
        Assert.Multiple(() =>
        {
            Assert.That(stored, Has.Count.EqualTo(won), "every winner was stored once");
            Assert.That(stored.Select(t => t.Status), Is.All.EqualTo(StoredTicketStatus.Redeemed));
            Assert.That(winnersFace, Is.EqualTo(face.Value * won));
            Assert.That((depositBefore - depositAfter).Value, Is.EqualTo(winnersFace), "the deposit fell by exactly the winners' face values");
            Assert.That((feesAfter - feesBefore).Value, Is.EqualTo(winnersFace), "the sole staker's pending fees rose by exactly the same");
            Assert.That(events, Has.Count.EqualTo(won), "one WinningTicketRedeemed event per winner");
            Assert.That(recipient.GetBalance(BroadcasterAddress, Manifest), Is.EqualTo(TicketMath.ExpectedValue(face.Value, TicketMath.WinProbForExpectedValue(face.Value, ev)) * 1000));
        });
    }

    [Test]
    public async Task ReceivePaymentAsync_SenderUnlocking_RejectedWithNothingCredited()
    {
        await Broadcaster.TicketBroker.UnlockAsync();
        await Devnet.AdvanceRoundAsync();
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1);

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.SenderUnlocking, $"deposit and reserve for sender {BroadcasterAddress} is set to unlock soon");
    }

    [Test]
    public async Task ReceivePaymentAsync_TicketForAnotherRecipient_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var ticketParams = await recipient.CreateTicketParamsAsync(BroadcasterAddress, Price) with { Recipient = Devnet.Accounts[5].Address };
        using var key = BroadcasterAccount.CreateSigner();

        await AssertRejectedAsync(recipient, redeemer, PaymentBuilder.Build(key, ticketParams, Price, 1), TicketRejectionReason.InvalidRecipient, "invalid ticket recipient");
    }

    [Test]
    public async Task ReceivePaymentAsync_ZeroSender_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1) with { Sender = EthAddress.Zero };

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.InvalidSender, "invalid ticket sender", sender: EthAddress.Zero);
    }

    [Test]
    public async Task ReceivePaymentAsync_EchoedSeedChanged_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1);
        payment = payment with { TicketParams = payment.TicketParams! with { Seed = payment.TicketParams.Seed + 1 } };

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.InvalidRecipientRand, "invalid recipientRand for ticket recipientRandHash");
    }

    [Test]
    public async Task ReceivePaymentAsync_SignedByAnotherKey_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var ticketParams = await recipient.CreateTicketParamsAsync(BroadcasterAddress, Price);
        using var other = Devnet.Accounts[4].CreateSigner();

        await AssertRejectedAsync(recipient, redeemer, PaymentBuilder.Build(other, BroadcasterAddress, ticketParams, Price, 1), TicketRejectionReason.InvalidSignature, "invalid ticket signature");
    }

    [Test]
    public async Task ReceivePaymentAsync_NonceAlreadySeen_SecondPaymentCreditsNothing()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1);
        var first = await recipient.ReceivePaymentAsync(payment, Manifest);
        Assert.That(first.IsAccepted, Is.True);

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.NonceAlreadySeen, "invalid ticket senderNonce: already seen", alreadyCredited: first.CreditedEv);
    }

    [Test]
    public async Task ReceivePaymentAsync_MoreThan600Nonces_TheExtraPaymentCreditsNothing()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var ticketParams = await recipient.CreateTicketParamsAsync(BroadcasterAddress, Price);
        using var key = BroadcasterAccount.CreateSigner();
        var first = await recipient.ReceivePaymentAsync(PaymentBuilder.Build(key, ticketParams, Price, PaymentBuilder.Range(1, TicketRecipient.MaxSenderNonces)), Manifest);
        Assert.That(first.AcceptedTickets, Is.EqualTo(TicketRecipient.MaxSenderNonces));

        await AssertRejectedAsync(recipient, redeemer, PaymentBuilder.Build(key, ticketParams, Price, 601), TicketRejectionReason.TooManyNonces, "invalid ticket senderNonce: too many values", alreadyCredited: first.CreditedEv);
    }

    [Test]
    public async Task ReceivePaymentAsync_ParamsExpiredAfter40Blocks_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1);
        await Devnet.MineAsync(TicketRecipient.ParamsExpirationBlocks);
        await redeemer.PollingClock.PollOnceAsync();

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.ParamsExpired, "TicketParams expired");
    }

    [Test]
    public async Task ReceivePaymentAsync_RecipientNotAnActiveOrchestrator_RejectedWithNothingCredited()
    {
        var inactive = Devnet.Accounts[5].Address;
        var (recipient, redeemer) = await CreateRecipientAsync(inactive);
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1);
        var round = await Orchestrator.RoundsManager.GetLastInitializedRoundAsync();

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.RecipientInactive, $"orchestrator {inactive} is inactive in round {round}, cannot process payments");
    }

    [Test]
    public async Task ReceivePaymentAsync_NoSender_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1) with { Sender = null };

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.MissingSender, "Could not find Sender for payment");
    }

    [Test]
    public async Task ReceivePaymentAsync_ExpectedPriceWithoutPixels_RejectedWithNothingCredited()
    {
        var (recipient, redeemer) = await CreateRecipientAsync();
        using var _ = recipient;
        var payment = await PayAsync(recipient, 1) with { ExpectedPrice = new PixelPrice(1200, 0) };

        await AssertRejectedAsync(recipient, redeemer, payment, TicketRejectionReason.InvalidExpectedPrice, "invalid expected price sent with payment");
    }

    /// <summary>An orchestrator-side recipient on the devnet: the real sender monitor, clock and activity check.</summary>
    private async Task<(TicketRecipient Recipient, LocalTicketRedeemer Redeemer)> CreateRecipientAsync(EthAddress? address = null)
    {
        var options = RedemptionOptions();
        options.Recipient = address;
        var redeemer = await CreateRedeemerAsync(options);
        var recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = address ?? OrchestratorAddress, ExpectedValue = 1_000_000_000, RedeemGas = TicketRedemptionOptions.L1RedeemGas, Secret = Secret },
            redeemer.Clock,
            redeemer.GasPrice,
            redeemer,
            activityCheck: RecipientActivity.FromBondingManager(Orchestrator.BondingManager));
        return (recipient, redeemer);
    }

    private async Task<TicketPayment> PayAsync(TicketRecipient recipient, params uint[] nonces)
    {
        var ticketParams = await recipient.CreateTicketParamsAsync(BroadcasterAddress, Price);
        using var key = BroadcasterAccount.CreateSigner();
        return PaymentBuilder.Build(key, ticketParams, Price, nonces);
    }

    private static async Task AssertRejectedAsync(
        TicketRecipient recipient,
        LocalTicketRedeemer redeemer,
        TicketPayment payment,
        TicketRejectionReason reason,
        string message,
        EthAddress? sender = null,
        BigRational alreadyCredited = default)
    {
        var before = recipient.GetBalance(sender ?? payment.Sender ?? EthAddress.Zero, Manifest);
        Assert.That(before, Is.EqualTo(alreadyCredited));

        var result = await recipient.ReceivePaymentAsync(payment, Manifest);

        Assert.Multiple(async () =>
        {
            Assert.That(result.Rejection?.Reason, Is.EqualTo(reason), result.Rejection?.ToString());
            Assert.That(result.Rejection?.Message, Does.StartWith(message));
            Assert.That(result.AcceptedTickets, Is.Zero);
            Assert.That(result.WonTickets, Is.Zero);
            Assert.That(result.CreditedEv, Is.EqualTo(BigRational.Zero));
            Assert.That(recipient.GetBalance(sender ?? payment.Sender ?? EthAddress.Zero, Manifest), Is.EqualTo(before), "nothing was credited");
            Assert.That(await redeemer.CountUnredeemedAsync(), Is.Zero, "nothing was queued for redemption");
        });
    }

    /// <summary>
    /// Mines until the head reaches <paramref name="block"/>. The 40-block expiry can cross one round boundary; the new
    /// round is initialised at the boundary, before any ticket falls due, so that redemption never meets an
    /// uninitialised round.
    /// </summary>
    private async Task MineUntilAsync(ulong block)
    {
        const ulong roundLength = 50;
        var head = await Devnet.Rpc.GetBlockNumberAsync();
        if (block >= (head / roundLength + 1) * roundLength)
        {
            await Devnet.AdvanceRoundAsync();
            head = await Devnet.Rpc.GetBlockNumberAsync();
        }
        if (block > head)
        {
            await Devnet.MineAsync(block - head);
        }
    }

    private static Ticket RandomTicket(Random random, bool withAuxData)
    {
        var recipient = new byte[20];
        var sender = new byte[20];
        var randHash = new byte[32];
        random.NextBytes(recipient);
        random.NextBytes(sender);
        random.NextBytes(randHash);
        byte[] auxData = [];
        if (withAuxData)
        {
            auxData = new byte[Ticket.AuxDataLength];
            random.NextBytes(auxData);
        }
        return new Ticket(
            new EthAddress(recipient),
            new EthAddress(sender),
            new Wei(RandomUint(random)),
            RandomUint(random),
            (uint)random.NextInt64(0, uint.MaxValue + 1L),
            randHash,
            auxData);
    }

    /// <summary>A uint256 of a random byte length, so that small, large and maximal values all occur.</summary>
    private static BigInteger RandomUint(Random random)
    {
        var bytes = new byte[random.Next(0, 33)];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }
}

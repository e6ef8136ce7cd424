using System.Diagnostics.Metrics;
using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Sender;

/// <summary><see cref="TicketSender.PrepareTicketsAsync"/>: tickets signed ahead, then taken by batches.</summary>
public sealed partial class TicketSenderTests
{
    [Test]
    public async Task PrepareTicketsAsync_ThenBatches_TakePreparedNoncesFirstAndSignTheRest()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);

        var ready = await sender.PrepareTicketsAsync(sessionId, 3);
        var nonceAfterPrepare = sender.GetNonce(sessionId);
        var first = await sender.CreateTicketBatchAsync(sessionId, 5);
        var second = await sender.CreateTicketBatchAsync(sessionId, 2);

        var tickets = first.ToTickets().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(ready, Is.EqualTo(3));
            Assert.That(nonceAfterPrepare, Is.EqualTo(3u), "prepared tickets take their nonces when they are signed");
            Assert.That(first.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 1, 2, 3, 4, 5 }));
            Assert.That(second.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 6, 7 }), "the prepared tickets are taken once");
            for (var i = 0; i < tickets.Count; i++)
            {
                Assert.That(Eip191.RecoverSigner(tickets[i].ComputeHash(), first.SenderParams[i].Signature), Is.EqualTo(_key.Address));
            }
        });
    }

    [Test]
    public async Task PrepareTicketsAsync_PreparedBatch_EqualsTheBatchSignedInLine()
    {
        // RFC 6979 signatures are deterministic, so a prepared ticket must be exactly the one signed when needed.
        var prepared = CreateSender();
        var inline = CreateSender();
        var preparedSession = prepared.StartSession(Params(1000, Max / 1000), new PixelPrice(7, 3));
        var inlineSession = inline.StartSession(Params(1000, Max / 1000), new PixelPrice(7, 3));

        await prepared.PrepareTicketsAsync(preparedSession, 4);
        var fromPrepared = await prepared.CreateTicketBatchAsync(preparedSession, 4);
        var signedInline = await inline.CreateTicketBatchAsync(inlineSession, 4);

        Assert.Multiple(() =>
        {
            Assert.That(fromPrepared.SenderParams, Is.EqualTo(signedInline.SenderParams));
            Assert.That(fromPrepared.ExpirationParams, Is.EqualTo(signedInline.ExpirationParams));
            Assert.That(fromPrepared.ExpectedValue, Is.EqualTo(signedInline.ExpectedValue));
            Assert.That(fromPrepared.Price, Is.EqualTo(new PixelPrice(7, 3)));
        });
    }

    [Test]
    public async Task PrepareTicketsAsync_ParamsThatWouldBeRefused_SignsNothing()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000, expirationBlock: 101), PixelPrice.Zero);

        var ready = await sender.PrepareTicketsAsync(sessionId, 3);

        Assert.Multiple(() =>
        {
            Assert.That(ready, Is.Zero);
            Assert.That(sender.GetNonce(sessionId), Is.Zero);
        });
    }

    [Test]
    public async Task PrepareTicketsAsync_MoreThanTheCap_KeepsAtMostMaxPreparedTickets()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);

        var first = await sender.PrepareTicketsAsync(sessionId, TicketSender.MaxPreparedTickets + 10);
        var again = await sender.PrepareTicketsAsync(sessionId, 5);
        var batch = await sender.CreateTicketBatchAsync(sessionId, 2);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(TicketSender.MaxPreparedTickets));
            Assert.That(again, Is.EqualTo(TicketSender.MaxPreparedTickets), "enough are ready: nothing more is signed");
            Assert.That(sender.GetNonce(sessionId), Is.EqualTo((uint)TicketSender.MaxPreparedTickets));
            Assert.That(batch.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 1, 2 }));
        });
    }

    [Test]
    public async Task PrepareTicketsAsync_RoundChangesBeforeTheBatch_PreparedTicketsAreDropped()
    {
        // Without usable expiration params from the orchestrator, tickets carry the clock's round, which can move on.
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000, expiration: new TicketExpirationParams(0, new byte[32])), PixelPrice.Zero);
        await sender.PrepareTicketsAsync(sessionId, 2);

        _clock.LastInitializedRound = new TicketExpirationParams(8, Enumerable.Repeat((byte)0x42, 32).ToArray());
        var batch = await sender.CreateTicketBatchAsync(sessionId, 2);

        var tickets = batch.ToTickets().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(batch.ExpirationParams, Is.EqualTo(_clock.LastInitializedRound));
            Assert.That(batch.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 3, 4 }), "the tickets of the old round are not sent");
            Assert.That(Eip191.RecoverSigner(tickets[0].ComputeHash(), batch.SenderParams[0].Signature), Is.EqualTo(_key.Address));
        });
    }

    [Test]
    public async Task CreateTicketBatchAsync_PreparedButFundsGone_StillRejected()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);
        await sender.PrepareTicketsAsync(sessionId, 2);

        _info.Info = new SenderInfo(new Wei(BigInteger.Pow(10, 20)), 0, new ReserveInfo(Wei.Zero, Wei.Zero));
        sender.InvalidateSenderInfo();
        var e = await Assert.ThrowsAsync<PaymentException>(() => sender.CreateTicketBatchAsync(sessionId, 2));

        Assert.That(e!.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.NoSenderReserve));
    }

    [Test]
    public async Task PrepareTicketsAsync_Metrics_CountSignedSentAndDroppedApartFromTicketsSent()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);
        var counts = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Livepeer.Payments" && instrument.Name is "livepeer.payments.tickets.sent" or "livepeer.payments.tickets.prepared")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name == "livepeer.payments.tickets.sent" ? "sent total" : $"prepared {tags[0].Value}";
            lock (counts)
            {
                counts[key] = counts.GetValueOrDefault(key) + value;
            }
        });
        listener.Start();

        await sender.PrepareTicketsAsync(sessionId, 4);
        long SentTotal()
        {
            lock (counts)
            {
                return counts.GetValueOrDefault("sent total");
            }
        }

        var sentAfterPrepare = SentTotal();
        await sender.CreateTicketBatchAsync(sessionId, 3);
        sender.CleanupSession(sessionId);

        Assert.Multiple(() =>
        {
            Assert.That(sentAfterPrepare, Is.Zero, "a prepared ticket is not sent");
            Assert.That(counts, Is.EquivalentTo(new Dictionary<string, long>
            {
                ["prepared signed"] = 4,
                ["prepared sent"] = 3,
                ["prepared dropped"] = 1,
                ["sent total"] = 3,
            }));
        });
    }

    [Test]
    public async Task PrepareTicketsAsync_SessionRestarted_OldPreparedTicketsAreNotTaken()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);
        await sender.PrepareTicketsAsync(sessionId, 3);

        // Starting the same parameters again resets the session (nonces from 1): its old tickets must not be reused.
        sender.StartSessionWithNonce(Params(1000, Max / 1000), PixelPrice.Zero, 100);
        var batch = await sender.CreateTicketBatchAsync(sessionId, 2);

        Assert.That(batch.SenderParams.Select(p => p.SenderNonce), Is.EqualTo(new uint[] { 101, 102 }));
    }

    [Test]
    public async Task PrepareTicketsAsync_WhileBatchesRun_EveryNonceIsUsedAtMostOnce()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);

        var work = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            i % 2 == 0
                ? (await sender.CreateTicketBatchAsync(sessionId, 3)).SenderParams.Select(p => p.SenderNonce).ToArray()
                : (await sender.PrepareTicketsAsync(sessionId, 3) >= 0 ? [] : Array.Empty<uint>())));
        var sentNonces = (await Task.WhenAll(work)).SelectMany(n => n).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(sentNonces, Has.Count.EqualTo(12));
            Assert.That(sentNonces, Is.Unique);
            Assert.That(sentNonces, Is.All.InRange(1u, sender.GetNonce(sessionId)));
        });
    }

    [Test]
    public async Task PrepareTicketsAsync_BadArguments_Throw()
    {
        var sender = CreateSender();
        var sessionId = sender.StartSession(Params(1000, Max / 1000), PixelPrice.Zero);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => sender.PrepareTicketsAsync(sessionId, 0));
        var e = await Assert.ThrowsAsync<PaymentException>(() => sender.PrepareTicketsAsync("0x1234", 1));
        Assert.That(e!.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.UnknownSession));
    }
}

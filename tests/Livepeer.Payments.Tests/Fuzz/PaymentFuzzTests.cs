using System.Diagnostics;
using System.Numerics;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Fuzz;

[TestFixture]
[Category("Fuzz")]
public sealed class PaymentFuzzTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    private static BigInteger RandomUnsigned(Random random, int maxBytes)
    {
        var bytes = new byte[random.Next(0, maxBytes + 1)];
        random.NextBytes(bytes);
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    [Test]
    public async Task ReceivePaymentAsync_RandomPayments_OnlyTypedRejectionsNeverCredit()
    {
        var random = new Random(20250101);
        var clock = new FakeClock();
        var monitor = new FakeMonitor();
        using var recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = 1000, RedeemGas = 10_000 },
            clock, new FakeGasPrice { CurrentGasPrice = 100 }, monitor);
        var stopwatch = Stopwatch.StartNew();
        var reasons = new HashSet<TicketRejectionReason>();
        for (var i = 0; i < 400 && stopwatch.Elapsed < Budget; i++)
        {
            var sender = random.Next(8) == 0 ? (EthAddress?)null : new EthAddress(RandomBytes(random, 20));
            var recipientAddress = random.Next(2) == 0 ? Keys.Orchestrator : new EthAddress(RandomBytes(random, 20));
            var ticketParams = new TicketParams(
                recipientAddress,
                new Wei(RandomUnsigned(random, 32)),
                random.Next(10) == 0 ? -RandomUnsigned(random, 33) - 1 : RandomUnsigned(random, 33),
                RandomBytes(random, random.Next(4) == 0 ? random.Next(0, 40) : 32),
                RandomUnsigned(random, 40),
                (ulong)random.NextInt64(),
                new TicketExpirationParams((ulong)random.Next(3), RandomBytes(random, random.Next(3) == 0 ? random.Next(0, 40) : 32)));
            var price = random.Next(6) == 0 ? (PixelPrice?)null : new PixelPrice(RandomUnsigned(random, 8) - 5, RandomUnsigned(random, 2));
            var tickets = Enumerable.Range(0, random.Next(0, 4))
                .Select(_ => TicketPayment.CreateSenderParams((uint)random.NextInt64(0, uint.MaxValue + 1L), RandomBytes(random, random.Next(3) == 0 ? random.Next(0, 80) : 65)))
                .ToList();
            var payment = new TicketPayment(sender, random.Next(10) == 0 ? null : ticketParams, random.Next(4) == 0 ? null : ticketParams.ExpirationParams, price, tickets);

            PaymentResult result = null!;
            await Assert.DoesNotThrowAsync(async () => result = await recipient.ReceivePaymentAsync(payment, "fuzz"), $"iteration {i}");
            Assert.That(result.CreditedEv, Is.EqualTo(BigRational.Zero), $"iteration {i}");
            Assert.That(result.AcceptedTickets, Is.Zero, $"iteration {i}");
            if (result.Rejection is { } rejection)
            {
                Assert.That(Enum.IsDefined(rejection.Reason), Is.True);
                reasons.Add(rejection.Reason);
            }
        }
        Assert.That(monitor.Queued, Is.Empty);
        Assert.That(recipient.Balances.Count, Is.Zero, "nothing was ever credited");
        Assert.That(reasons, Is.SupersetOf(new[] { TicketRejectionReason.InvalidRecipientRand, TicketRejectionReason.Malformed, TicketRejectionReason.MissingSender }));
    }

    [Test]
    public async Task ReceivePaymentAsync_ValidPaymentWithCorruptedSignature_NeverCredits()
    {
        var random = new Random(777);
        var clock = new FakeClock();
        var monitor = new FakeMonitor();
        using var key = Keys.Broadcaster();
        using var recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = 1000, RedeemGas = 10_000 },
            clock, new FakeGasPrice { CurrentGasPrice = 100 }, monitor);
        var price = new PixelPrice(3, 1);
        var ticketParams = await recipient.CreateTicketParamsAsync(key.Address, price);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 200 && stopwatch.Elapsed < Budget; i++)
        {
            var nonce = (uint)(i + 1);
            var signature = PaymentBuilder.Sign(key, key.Address, ticketParams, ticketParams.ExpirationParams, nonce).Signature.ToArray();
            var position = random.Next(signature.Length);
            signature[position] ^= (byte)(1 << random.Next(8));
            var payment = new TicketPayment(key.Address, ticketParams, ticketParams.ExpirationParams, price, [TicketPayment.CreateSenderParams(nonce, signature)]);

            var result = await recipient.ReceivePaymentAsync(payment, "fuzz");
            Assert.That(result.Rejection?.Reason, Is.EqualTo(TicketRejectionReason.InvalidSignature), $"iteration {i}, byte {position}");
            Assert.That(result.CreditedEv, Is.EqualTo(BigRational.Zero));
        }
        Assert.That(recipient.GetBalance(key.Address, "fuzz"), Is.EqualTo(BigRational.Zero));
    }

    [Test]
    public async Task ValidateTicketParamsAsync_RandomParams_NeverThrows()
    {
        var random = new Random(4242);
        using var key = Keys.Broadcaster();
        var sender = new TicketSender(key, new FakeClock(), new FakeSenderInfo());
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 500 && stopwatch.Elapsed < Budget; i++)
        {
            var ticketParams = new TicketParams(
                new EthAddress(RandomBytes(random, 20)),
                new Wei(RandomUnsigned(random, 32)),
                random.Next(8) == 0 ? -RandomUnsigned(random, 8) : RandomUnsigned(random, 40),
                RandomBytes(random, 32),
                RandomUnsigned(random, 32),
                (ulong)random.NextInt64(0, 300),
                new TicketExpirationParams(0, []));
            TicketRejection? rejection = null;
            await Assert.DoesNotThrowAsync(async () => rejection = await sender.ValidateTicketParamsAsync(ticketParams, random.Next(1, 1000)));
            if (rejection is not null)
            {
                Assert.That(Enum.IsDefined(rejection.Reason), Is.True);
            }
        }
    }

    [Test]
    public void TryRecoverSigner_RandomBytes_NeverThrows()
    {
        var random = new Random(31337);
        var hash = new byte[32];
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 500 && stopwatch.Elapsed < Budget; i++)
        {
            random.NextBytes(hash);
            var signature = RandomBytes(random, random.Next(3) == 0 ? random.Next(0, 100) : 65);
            if (random.Next(2) == 0 && signature.Length == 65)
            {
                signature[64] = (byte)(27 + random.Next(2));
                signature[32] &= 0x7f;
            }
            Assert.DoesNotThrow(() => TicketSignatures.TryRecoverSigner(hash, signature, out _, out _));
        }
    }
}

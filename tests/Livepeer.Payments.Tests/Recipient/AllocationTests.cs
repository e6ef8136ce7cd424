using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Recipient;

[TestFixture]
public sealed class AllocationTests
{
    [Test]
    public async Task ReceivePaymentAsync_PerTicketPath_AllocatesLittleBeyondTheNonceSet()
    {
        var clock = new FakeClock();
        using var key = Keys.Broadcaster();
        using var recipient = new TicketRecipient(
            new TicketRecipientOptions { Recipient = Keys.Orchestrator, ExpectedValue = 1000, RedeemGas = 10_000 },
            clock, new FakeGasPrice { CurrentGasPrice = 100 }, new FakeMonitor());
        var price = new PixelPrice(3, 1);

        async Task<long> MeasureAsync(int tickets)
        {
            var ticketParams = await recipient.CreateTicketParamsAsync(key.Address, price);
            var warm = PaymentBuilder.Build(key, ticketParams, price, 1);
            await recipient.ReceivePaymentAsync(warm, "m");
            var payment = PaymentBuilder.Build(key, ticketParams, price, PaymentBuilder.Range(2, tickets));
            var before = GC.GetAllocatedBytesForCurrentThread();
            var result = recipient.ReceivePaymentAsync(payment, "m").GetAwaiter().GetResult();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(result.AcceptedTickets, Is.EqualTo(tickets), result.Rejection?.ToString());
            return allocated;
        }

        var small = await MeasureAsync(8);
        var large = await MeasureAsync(520);
        var perTicket = (large - small) / 512.0;
        TestContext.Out.WriteLine($"8 tickets: {small} B, 520 tickets: {large} B, {perTicket:F1} B per ticket");
        Assert.That(perTicket, Is.LessThan(64), "only the nonce set's growth should scale with the ticket count");
    }
}

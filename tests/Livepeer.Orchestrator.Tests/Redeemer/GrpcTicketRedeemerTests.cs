using System.Numerics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Google.Protobuf;
using Livepeer.Network;
using Livepeer.Payments;
using Livepeer.Protocol;
using Wire = Livepeer.Network.Wire;

namespace Livepeer.Orchestrator.Tests;

/// <summary>The redeemer client over a fake transport: caching, streaming updates, expiry and error mapping.</summary>
internal sealed class GrpcTicketRedeemerTests
{
    private static readonly EthAddress Sender = EthAddress.Parse("0x00000000000000000000000000000000000000bb");
    private static readonly Uri Address = new("https://redeemer.example:8935");

    [Test]
    public async Task GetMaxFloat_TwiceForOneSender_AsksOnceWithTheGrpcTimeoutAndOpensOneStream()
    {
        var invoker = new FakeInvoker { MaxFloat = 1000 };
        using var client = new GrpcTicketRedeemer(invoker, Address);

        var first = await client.GetMaxFloatAsync(Sender);
        var second = await client.GetMaxFloatAsync(Sender);
        await invoker.WaitForStreamsAsync(1);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new BigInteger(1000)));
            Assert.That(second, Is.EqualTo(new BigInteger(1000)));
            Assert.That(invoker.UnaryCalls.Select(c => c.Method), Is.EqualTo(new[] { "/net.TicketRedeemer/MaxFloat" }));
            Assert.That(invoker.UnaryCalls[0].Timeout, Is.EqualTo(TimeSpan.FromSeconds(8)));
            Assert.That(invoker.UnaryCalls[0].Request, Is.EqualTo(new Wire.MaxFloatReq { Sender = ByteString.CopyFrom(Sender.ToArray()) }));
            Assert.That(invoker.StreamCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task GetMaxFloat_StreamSendsNewValue_ReturnsItWithoutAskingAgain()
    {
        var invoker = new FakeInvoker { MaxFloat = 1000 };
        using var client = new GrpcTicketRedeemer(invoker, Address);
        await client.GetMaxFloatAsync(Sender);
        var stream = await invoker.WaitForStreamsAsync(1);

        await stream.Writer.WriteAsync(new Wire.MaxFloatUpdate { MaxFloat = WireValues.ToMinimalBigEndian(new BigInteger(2500)) });
        await WaitForAsync(async () => await client.GetMaxFloatAsync(Sender) == 2500);

        Assert.That(invoker.UnaryCalls, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task GetMaxFloat_StreamEnds_NextReadAsksTheRedeemerAgain()
    {
        var invoker = new FakeInvoker { MaxFloat = 1000 };
        using var client = new GrpcTicketRedeemer(invoker, Address);
        await client.GetMaxFloatAsync(Sender);
        var stream = await invoker.WaitForStreamsAsync(1);

        stream.Writer.Complete(new GrpcCallException(GrpcStatusCode.Unavailable, "gone"));
        await WaitForAsync(() => Task.FromResult(client.CachedSenderCount == 0));
        invoker.MaxFloat = 3000;

        Assert.That(await client.GetMaxFloatAsync(Sender), Is.EqualTo(new BigInteger(3000)));
        Assert.That(invoker.UnaryCalls, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Sweep_SenderUnusedForFiveMinutes_IsDroppedAndItsStreamClosed()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var invoker = new FakeInvoker { MaxFloat = 1000 };
        using var client = new GrpcTicketRedeemer(invoker, Address, time);
        await client.GetMaxFloatAsync(Sender);
        var stream = await invoker.WaitForStreamsAsync(1);

        time.Advance(TimeSpan.FromMinutes(4));
        await client.GetMaxFloatAsync(Sender);
        time.Advance(TimeSpan.FromMinutes(4));
        var keptAfterUse = client.Sweep();
        time.Advance(TimeSpan.FromMinutes(1));
        var dropped = client.Sweep();
        await WaitForAsync(() => Task.FromResult(stream.Cancelled));

        Assert.Multiple(() =>
        {
            Assert.That(keptAfterUse, Is.Zero, "read 4 minutes ago");
            Assert.That(dropped, Is.EqualTo(1));
            Assert.That(client.CachedSenderCount, Is.Zero);
            Assert.That(stream.Cancelled, Is.True, "its MonitorMaxFloat stream was cancelled");
        });
    }

    [Test]
    public async Task QueueTicket_SendsTheWireTicketWithTheGrpcTimeout()
    {
        var invoker = new FakeInvoker();
        using var client = new GrpcTicketRedeemer(invoker, Address);
        var ticket = Ticket();

        await client.QueueTicketAsync(ticket);

        var call = invoker.UnaryCalls.Single();
        Assert.Multiple(() =>
        {
            Assert.That(call.Method, Is.EqualTo("/net.TicketRedeemer/QueueTicket"));
            Assert.That(call.Timeout, Is.EqualTo(TimeSpan.FromSeconds(8)));
            Assert.That(PaymentMapping.FromWire((Wire.Ticket)call.Request), Is.EqualTo(ticket).Using<SignedTicket>(SameTicket));
        });
    }

    [TestCase(GrpcStatusCode.PermissionDenied, TicketRejectionReason.InvalidRecipient)]
    [TestCase(GrpcStatusCode.InvalidArgument, TicketRejectionReason.Malformed)]
    public async Task QueueTicket_Refused_IsARejection(GrpcStatusCode status, TicketRejectionReason reason)
    {
        var invoker = new FakeInvoker { Failure = new GrpcCallException(status, "invalid ticket recipient 0xab, expected 0xCD") };
        using var client = new GrpcTicketRedeemer(invoker, Address);

        var error = await Assert.ThrowsAsync<PaymentException>(() => client.QueueTicketAsync(Ticket()));

        Assert.That(error!.Rejection?.Reason, Is.EqualTo(reason));
        Assert.That(error.Message, Is.EqualTo("invalid ticket recipient 0xab, expected 0xCD"));
    }

    [Test]
    public async Task QueueTicket_RedeemerUnavailable_IsTransientStoreFailure()
    {
        var invoker = new FakeInvoker { Failure = new GrpcCallException(GrpcStatusCode.Unavailable, "connection refused") };
        using var client = new GrpcTicketRedeemer(invoker, Address);

        var error = await Assert.ThrowsAsync<PaymentException>(() => client.QueueTicketAsync(Ticket()));

        Assert.Multiple(() =>
        {
            Assert.That(error!.ErrorCode, Is.EqualTo(PaymentErrorCode.StoreUnavailable));
            Assert.That(error.IsTransient, Is.True);
            Assert.That(error.Message, Does.Contain("redeemer.example"));
        });
    }

    [Test]
    public async Task MonitorMaxFloat_YieldsEachStreamedValue()
    {
        var invoker = new FakeInvoker();
        using var client = new GrpcTicketRedeemer(invoker, Address);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var values = new List<BigInteger>();
        var reading = Task.Run(async () =>
        {
            await foreach (var value in client.MonitorMaxFloatAsync(Sender, stop.Token))
            {
                values.Add(value);
            }
        });
        var stream = await invoker.WaitForStreamsAsync(1);

        await stream.Writer.WriteAsync(new Wire.MaxFloatUpdate { MaxFloat = WireValues.ToMinimalBigEndian(new BigInteger(5)) });
        await stream.Writer.WriteAsync(new Wire.MaxFloatUpdate());
        stream.Writer.Complete();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.That(values, Is.EqualTo(new[] { new BigInteger(5), BigInteger.Zero }));
    }

    private static bool SameTicket(SignedTicket a, SignedTicket b) =>
        a.Ticket.ComputeHash().AsSpan().SequenceEqual(b.Ticket.ComputeHash()) && a.Signature == b.Signature
        && a.RecipientRand == b.RecipientRand && a.ParamsExpirationBlock == b.ParamsExpirationBlock;

    private static SignedTicket Ticket()
    {
        var signer = new PrivateKeySigner(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        var recipientRand = new BigInteger(12345);
        var ticket = new Ticket(
            EthAddress.Parse("0x00000000000000000000000000000000000000aa"),
            signer.Address,
            new Wei(1_000_000),
            BigInteger.Pow(2, 255),
            1,
            Livepeer.Protocol.Ticket.HashRecipientRand(recipientRand),
            Livepeer.Protocol.Ticket.CreateAuxData(7, new byte[32]));
        var signature = Eip191.SignMessageAsync(signer, ticket.ComputeHash()).GetAwaiter().GetResult();
        return new SignedTicket(ticket, signature, recipientRand, 140);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "timed out");
            await Task.Delay(10);
        }
    }

    private sealed class FakeStream
    {
        public Channel<Wire.MaxFloatUpdate> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<Wire.MaxFloatUpdate>();

        public ChannelWriter<Wire.MaxFloatUpdate> Writer => Channel.Writer;

        public volatile bool Cancelled;
    }

    private sealed class FakeInvoker : IGrpcCallInvoker
    {
        private readonly List<FakeStream> _streams = [];

        public BigInteger MaxFloat { get; set; }

        public Exception? Failure { get; set; }

        public List<(string Method, IMessage Request, TimeSpan? Timeout)> UnaryCalls { get; } = [];

        public int StreamCount
        {
            get
            {
                lock (_streams)
                {
                    return _streams.Count;
                }
            }
        }

        public async Task<FakeStream> WaitForStreamsAsync(int count)
        {
            await WaitForAsync(() => Task.FromResult(StreamCount >= count));
            lock (_streams)
            {
                return _streams[count - 1];
            }
        }

        public Task<TResponse> UnaryCallAsync<TRequest, TResponse>(GrpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan? timeout, CancellationToken cancellationToken)
            where TRequest : class, IMessage<TRequest>
            where TResponse : class, IMessage<TResponse>
        {
            UnaryCalls.Add((method.FullName, request, timeout));
            if (Failure is not null)
            {
                return Task.FromException<TResponse>(Failure);
            }

            IMessage response = method.Name == "MaxFloat"
                ? new Wire.MaxFloatUpdate { MaxFloat = WireValues.ToMinimalBigEndian(MaxFloat) }
                : new Wire.QueueTicketRes();
            return Task.FromResult((TResponse)response);
        }

        public async IAsyncEnumerable<TResponse> ServerStreamingCallAsync<TRequest, TResponse>(
            GrpcMethod<TRequest, TResponse> method, TRequest request, TimeSpan? timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
            where TRequest : class, IMessage<TRequest>
            where TResponse : class, IMessage<TResponse>
        {
            var stream = new FakeStream();
            lock (_streams)
            {
                _streams.Add(stream);
            }

            using var registration = cancellationToken.Register(() => stream.Cancelled = true);
            await foreach (var update in stream.Channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return (TResponse)(IMessage)update;
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;
using Google.Protobuf;

namespace Livepeer.Network.Tests.Grpc;

/// <summary>The HttpClient gRPC client against the Kestrel gRPC endpoints, both real, on 127.0.0.1.</summary>
[CancelAfter(30_000)]
public sealed class GrpcTransportTests
{
    [Test]
    public async Task UnaryCallAsync_H2c_ReturnsResponse()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var reply = await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { Text = "hello" }, null, CancellationToken.None);
        Assert.That(server.Address.Scheme, Is.EqualTo("http"));
        Assert.That(reply.Text, Is.EqualTo("hello"));
    }

    [Test]
    public async Task UnaryCallAsync_TlsWithSelfSignedCertificate_ReturnsResponse()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoTestServer.StartAsync(certificate);
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var reply = await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { Text = "over tls" }, null, CancellationToken.None);
        Assert.That(server.Address.Scheme, Is.EqualTo("https"));
        Assert.That(reply.Text, Is.EqualTo("over tls"));
    }

    [Test]
    public async Task UnaryCallAsync_TlsWithRejectingValidation_Unavailable()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoTestServer.StartAsync(certificate);
        using var client = HttpGrpcCallInvoker.Create(server.Address, new GrpcClientOptions { ServerCertificateValidation = (_, _, _, _) => false });
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { Text = "x" }, null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
    }

    [Test]
    public async Task ServerStreamingCallAsync_SeveralMessages_YieldsAllInOrderThenCompletes()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var replies = new List<EchoReply>();
        await foreach (var reply in client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Text = "s", Count = 5 }, null, CancellationToken.None))
        {
            replies.Add(reply);
        }

        Assert.That(replies.Select(r => r.Index), Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(replies.Select(r => r.Text), Is.All.EqualTo("s"));
    }

    [Test]
    public async Task ServerStreamingCallAsync_ServerHoldsStream_FirstMessageArrivesBeforeStreamEnds()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        await using var stream = client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Text = "gate", Count = 2 }, null, CancellationToken.None).GetAsyncEnumerator();

        // The server waits on the gate before the second message, so the first must come through on its own.
        Assert.That(await stream.MoveNextAsync(), Is.True);
        Assert.That(stream.Current.Index, Is.Zero);
        server.Gate.Release();
        Assert.That(await stream.MoveNextAsync(), Is.True);
        Assert.That(stream.Current.Index, Is.EqualTo(1));
        Assert.That(await stream.MoveNextAsync(), Is.False);
    }

    [Test]
    public async Task ServerStreamingCallAsync_NoMessages_CompletesEmpty()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var count = 0;
        await foreach (var _ in client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Count = 0 }, null, CancellationToken.None))
        {
            count++;
        }

        Assert.That(count, Is.Zero);
    }

    [Test]
    public async Task UnaryCallAsync_HandlerThrowsStatus_StatusAndMessageCross()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var request = new EchoRequest { FailCode = (int)GrpcStatusCode.NotFound, FailMessage = "no such session" };
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, request, null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.NotFound));
        Assert.That(ex.Detail, Is.EqualTo("no such session"));
        Assert.That(ex.IsTransient, Is.False);
    }

    [Test]
    public async Task UnaryCallAsync_NonAsciiStatusMessage_CrossesIntact()
    {
        const string Message = "réservé 100% – 𝄞 ✓\tend";
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var request = new EchoRequest { FailCode = (int)GrpcStatusCode.InvalidArgument, FailMessage = Message };
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, request, null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.InvalidArgument));
        Assert.That(ex.Detail, Is.EqualTo(Message));
    }

    [Test]
    public async Task ServerStreamingCallAsync_ErrorAfterMessages_YieldsMessagesThenThrowsStatus()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var request = new EchoRequest { Count = 2, FailCode = (int)GrpcStatusCode.Unavailable, FailMessage = "transcoder gone" };
        var received = new List<int>();
        var ex = await Assert.ThrowsAsync<GrpcCallException>(async () =>
        {
            await foreach (var reply in client.ServerStreamingCallAsync(EchoMethods.Repeat, request, null, CancellationToken.None))
            {
                received.Add(reply.Index);
            }
        });
        Assert.That(received, Is.EqualTo(new[] { 0, 1 }));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
        Assert.That(ex.Detail, Is.EqualTo("transcoder gone"));
        Assert.That(ex.IsTransient, Is.True);
    }

    [Test]
    public async Task UnaryCallAsync_HandlerThrowsUnexpected_InternalWithoutDetails()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { Text = "throw" }, null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Internal));
        Assert.That(ex.Detail, Does.Not.Contain("secret"));
    }

    [Test]
    public async Task UnaryCallAsync_UnknownMethod_Unimplemented()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var missing = new GrpcMethod<EchoRequest, EchoReply>(GrpcMethodType.Unary, EchoMethods.Service, "Missing", EchoRequest.Parser, EchoReply.Parser);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(missing, new EchoRequest(), null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Unimplemented));
    }

    [Test]
    public async Task UnaryCallAsync_DeadlinePasses_DeadlineExceededAndHandlerCancelled()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() =>
            client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { DelayMs = 10_000 }, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.DeadlineExceeded));
        Assert.That(ex.IsTransient, Is.True);
        Assert.That(await Task.WhenAny(server.HandlerCancelled.Task, Task.Delay(5_000)), Is.SameAs(server.HandlerCancelled.Task));
    }

    [Test]
    public async Task UnaryCallAsync_Timeout_ServerSeesDeadline()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var before = DateTimeOffset.UtcNow;
        await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest(), TimeSpan.FromSeconds(20), CancellationToken.None);
        Assert.That(server.LastDeadline, Is.Not.Null);
        Assert.That(server.LastDeadline!.Value, Is.InRange(before.AddSeconds(15), DateTimeOffset.UtcNow.AddSeconds(20.5)));
    }

    [Test]
    public async Task UnaryCallAsync_NoTimeout_ServerSeesNoDeadline()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest(), null, CancellationToken.None);
        Assert.That(server.LastDeadline, Is.Null);
    }

    [Test]
    public async Task UnaryCallAsync_ServerEnforcesGrpcTimeout_DeadlineExceededFromServer()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler()) { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var request = RawRequest(server, GrpcFraming.Encode(new EchoRequest { DelayMs = 10_000 }, 1000));
        request.Headers.TryAddWithoutValidation("grpc-timeout", "200m");
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        Assert.That(StatusOf(response), Is.EqualTo(((int)GrpcStatusCode.DeadlineExceeded).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task UnaryCallAsync_ZeroTimeout_DeadlineExceededWithoutCalling()
    {
        using var client = HttpGrpcCallInvoker.Create(new Uri("http://127.0.0.1:9"));
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, new EchoRequest(), TimeSpan.Zero, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.DeadlineExceeded));
    }

    [Test]
    public async Task ServerStreamingCallAsync_CancelledMidStream_OperationCanceledAndHandlerCancelled()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        using var cts = new CancellationTokenSource();
        var received = 0;
        Assert.That(
            async () =>
            {
                await foreach (var _ in client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Count = 1000, DelayMs = 50 }, null, cts.Token))
                {
                    if (++received == 2)
                    {
                        await cts.CancelAsync();
                    }
                }
            },
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(received, Is.EqualTo(2));
        Assert.That(await Task.WhenAny(server.HandlerCancelled.Task, Task.Delay(5_000)), Is.SameAs(server.HandlerCancelled.Task));
    }

    [Test]
    public async Task ServerStreamingCallAsync_ConsumerStopsEarly_HandlerCancelled()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        await foreach (var reply in client.ServerStreamingCallAsync(EchoMethods.Repeat, new EchoRequest { Count = 1000, DelayMs = 20 }, null, CancellationToken.None))
        {
            Assert.That(reply.Index, Is.Zero);
            break;
        }

        Assert.That(await Task.WhenAny(server.HandlerCancelled.Task, Task.Delay(5_000)), Is.SameAs(server.HandlerCancelled.Task));
    }

    [Test]
    public async Task UnaryCallAsync_ResponseAboveClientMax_ResourceExhausted()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var client = HttpGrpcCallInvoker.Create(server.Address, new GrpcClientOptions { MaxReceiveMessageSize = 1024 });
        var small = await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { PayloadSize = 500 }, null, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { PayloadSize = 4096 }, null, CancellationToken.None));
        Assert.That(small.Payload.Length, Is.EqualTo(500));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
    }

    [Test]
    public async Task UnaryCallAsync_RequestAboveServerMax_ResourceExhaustedFromServer()
    {
        await using var server = await EchoTestServer.StartAsync(options: new GrpcServerOptions { MaxReceiveMessageSize = 1024 });
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[4096]) };
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, request, null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.ResourceExhausted));
        Assert.That(ex.Detail, Does.Contain("4"));
    }

    [Test]
    public async Task Server_CompressedRequestFrame_Refused()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler());
        var frame = GrpcFraming.Encode(new EchoRequest { Text = "z" }, 1000);
        frame[0] = 1;
        using var request = RawRequest(server, frame);
        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        Assert.That(StatusOf(response), Is.EqualTo(((int)GrpcStatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public async Task Server_NonGrpcContentType_415()
    {
        await using var server = await EchoTestServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler());
        using var request = RawRequest(server, GrpcFraming.Encode(new EchoRequest(), 1000));
        request.Content!.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnsupportedMediaType));
    }

    [Test]
    public async Task Server_Http11OverTls_UpgradeRequired()
    {
        using var certificate = TestCertificates.CreateSelfSigned();
        await using var server = await EchoTestServer.StartAsync(certificate);
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
        using var request = RawRequest(server, GrpcFraming.Encode(new EchoRequest(), 1000));
        request.Version = HttpVersion.Version11;
        using var response = await http.SendAsync(request);
        Assert.That(response.Version, Is.EqualTo(HttpVersion.Version11));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UpgradeRequired));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Server_PlainHttpEndpoint_ServedOnSameListener(bool tls)
    {
        using var certificate = tls ? TestCertificates.CreateSelfSigned() : null;
        await using var server = await EchoTestServer.StartAsync(certificate);
        using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
        {
            // Over TLS an HTTP/1.1 client must work too; cleartext is HTTP/2 only.
            DefaultRequestVersion = tls ? HttpVersion.Version11 : HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        var text = await http.GetStringAsync(new Uri(server.Address, "/status"));
        using var client = HttpGrpcCallInvoker.Create(server.Address);
        var reply = await client.UnaryCallAsync(EchoMethods.Say, new EchoRequest { Text = "same port" }, null, CancellationToken.None);
        Assert.That(text, Is.EqualTo("plain http ok"));
        Assert.That(reply.Text, Is.EqualTo("same port"));
    }

    [Test]
    public async Task UnaryCallAsync_NothingListening_UnavailableAndTransient()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        using var client = HttpGrpcCallInvoker.Create(new Uri($"http://127.0.0.1:{port}"));
        var ex = await Assert.ThrowsAsync<GrpcCallException>(() => client.UnaryCallAsync(EchoMethods.Say, new EchoRequest(), null, CancellationToken.None));
        Assert.That(ex.StatusCode, Is.EqualTo(GrpcStatusCode.Unavailable));
        Assert.That(ex.IsTransient, Is.True);
    }

    [Test]
    public void Constructor_NonHttpScheme_Throws() =>
        Assert.Throws<ArgumentException>(() => HttpGrpcCallInvoker.Create(new Uri("ftp://127.0.0.1:1")));

    private static HttpRequestMessage RawRequest(EchoTestServer server, byte[] frame)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, EchoMethods.Say.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        return request;
    }

    private static string? StatusOf(HttpResponseMessage response) =>
        response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.Single()
        : response.Headers.TryGetValues("grpc-status", out var header) ? header.Single()
        : null;
}

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Livepeer.Network.Tests.Grpc;

internal static class EchoMethods
{
    public const string Service = "lptest.Echo";

    public static readonly GrpcMethod<EchoRequest, EchoReply> Say =
        new(GrpcMethodType.Unary, Service, "Say", EchoRequest.Parser, EchoReply.Parser);

    public static readonly GrpcMethod<EchoRequest, EchoReply> Repeat =
        new(GrpcMethodType.ServerStreaming, Service, "Repeat", EchoRequest.Parser, EchoReply.Parser);

    public static EchoReply Reply(EchoRequest request, int index) => new()
    {
        Text = request.Text,
        Index = index,
        Payload = ByteString.CopyFrom(Enumerable.Repeat((byte)0xAB, request.PayloadSize).ToArray()),
    };
}

/// <summary>A real Kestrel on 127.0.0.1:0 serving the echo service and one plain HTTP endpoint.</summary>
internal sealed class EchoTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoTestServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Completed when a handler sees its call cancelled (caller gone or deadline).</summary>
    public TaskCompletionSource HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Released by a test to let a "gate" stream go past its first message.</summary>
    public SemaphoreSlim Gate { get; } = new(0, 10);

    public DateTimeOffset? LastDeadline { get; private set; }

    public static async Task<EchoTestServer> StartAsync(X509Certificate2? certificate = null, GrpcServerOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0), certificate));
        var app = builder.Build();
        EchoTestServer? server = null;
        app.MapGrpcMethods(
            binder => binder
                .AddUnaryMethod(EchoMethods.Say, (request, context) => server!.SayAsync(request, context))
                .AddServerStreamingMethod(EchoMethods.Repeat, (request, writer, context) => server!.RepeatAsync(request, writer, context)),
            options);
        app.MapGet("/status", () => "plain http ok");
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server = new EchoTestServer(app, new Uri(address));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Gate.Dispose();
    }

    private async Task<EchoReply> SayAsync(EchoRequest request, GrpcServerCallContext context)
    {
        LastDeadline = context.Deadline;
        await DelayAsync(request, context).ConfigureAwait(false);
        if (request.Text == "throw")
        {
            throw new InvalidOperationException("secret internal detail");
        }

        if (request.FailCode != 0)
        {
            throw new GrpcCallException((GrpcStatusCode)request.FailCode, request.FailMessage);
        }

        return EchoMethods.Reply(request, 0);
    }

    private async Task RepeatAsync(EchoRequest request, IGrpcStreamWriter<EchoReply> writer, GrpcServerCallContext context)
    {
        try
        {
            for (var i = 0; i < request.Count; i++)
            {
                if (request.Text == "gate" && i == 1)
                {
                    await Gate.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                }

                await DelayAsync(request, context).ConfigureAwait(false);
                await writer.WriteAsync(EchoMethods.Reply(request, i), context.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            HandlerCancelled.TrySetResult();
            throw;
        }

        if (request.FailCode != 0)
        {
            throw new GrpcCallException((GrpcStatusCode)request.FailCode, request.FailMessage);
        }
    }

    private async Task DelayAsync(EchoRequest request, GrpcServerCallContext context)
    {
        if (request.DelayMs <= 0)
        {
            return;
        }

        try
        {
            await Task.Delay(request.DelayMs, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            HandlerCancelled.TrySetResult();
            throw;
        }
    }
}

internal static class TestCertificates
{
    /// <summary>A self-signed ECDSA P-256 certificate like the one an orchestrator generates, for 127.0.0.1 and localhost.</summary>
    public static X509Certificate2 CreateSelfSigned(out string certificatePem, out string privateKeyPem)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var ephemeral = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        certificatePem = ephemeral.ExportCertificatePem();
        privateKeyPem = key.ExportPkcs8PrivateKeyPem();
        // A PKCS#12 round trip gives a certificate whose key the TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }

    public static X509Certificate2 CreateSelfSigned() => CreateSelfSigned(out _, out _);
}

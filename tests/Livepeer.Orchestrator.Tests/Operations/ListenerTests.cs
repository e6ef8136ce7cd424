using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator.Tests;

public sealed class ListenerTests
{
    private string _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("livepeer-listener-").FullName;

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [TestCase("0.0.0.0:8935", "0.0.0.0", 8935)]
    [TestCase("127.0.0.1:0", "127.0.0.1", 0)]
    [TestCase("[::1]:9000", "::1", 9000)]
    [TestCase("localhost:7935", "127.0.0.1", 7935)]
    [TestCase(":8935", "0.0.0.0", 8935)]
    public void TryParse_ValidAddress_GivesEndpoint(string text, string address, int port)
    {
        Assert.That(ListenEndpoint.TryParse(text, out var endpoint), Is.True);
        Assert.That(endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Parse(address), port)));
    }

    [TestCase("127.0.0.1")]
    [TestCase("::1")]
    [TestCase("example.com:8935")]
    [TestCase("127.0.0.1:70000")]
    [TestCase("127.0.0.1:")]
    public void TryParse_InvalidAddress_Fails(string text) => Assert.That(ListenEndpoint.TryParse(text, out _), Is.False);

    [Test]
    public void Configure_CleartextListener_AllowsAWholeSegmentPerHttp2Window()
    {
        var kestrel = new KestrelServerOptions();
        var defaults = kestrel.Limits.Http2.InitialStreamWindowSize;
        Setup(configureKestrel: true).Configure(kestrel);

        Assert.Multiple(() =>
        {
            Assert.That(defaults, Is.LessThan(1_000_000), "Kestrel's own window is smaller than a segment");
            Assert.That(kestrel.Limits.Http2.InitialStreamWindowSize, Is.EqualTo(OrchestratorKestrelSetup.SegmentStreamWindow).And.GreaterThanOrEqualTo(1_000_000));
            Assert.That(kestrel.Limits.Http2.InitialConnectionWindowSize, Is.EqualTo(OrchestratorKestrelSetup.SegmentConnectionWindow));
        });
    }

    [Test]
    public void Configure_KestrelLeftToTheApp_KeepsItsWindows()
    {
        var kestrel = new KestrelServerOptions();
        var stream = kestrel.Limits.Http2.InitialStreamWindowSize;
        var connection = kestrel.Limits.Http2.InitialConnectionWindowSize;
        Setup(configureKestrel: false).Configure(kestrel);

        Assert.That((kestrel.Limits.Http2.InitialStreamWindowSize, kestrel.Limits.Http2.InitialConnectionWindowSize), Is.EqualTo((stream, connection)));
    }

    private OrchestratorKestrelSetup Setup(bool configureKestrel) => new(
        Options.Create(new LivepeerOrchestratorOptions
        {
            ServiceUri = new Uri("http://127.0.0.1:8935"),
            ListenAddress = "127.0.0.1:0",
            DataDirectory = _directory,
            ConfigureKestrel = configureKestrel,
        }),
        TimeProvider.System,
        NullLoggerFactory.Instance);

    [Test]
    public void Resolve_NoListenAddress_ListensOnAllInterfacesAtTheServicePort()
    {
        var endpoint = ListenEndpoint.Resolve(null, new Uri("https://orch.example:8936"), "Livepeer:Orchestrator:ListenAddress");
        Assert.That(endpoint, Is.EqualTo(new IPEndPoint(IPAddress.Any, 8936)));
    }

    [Test]
    public void Resolve_BadListenAddress_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<OrchestratorException>(() =>
            ListenEndpoint.Resolve("nowhere", new Uri("https://orch.example:8936"), "Livepeer:Orchestrator:ListenAddress"));
        Assert.That(error!.ErrorCode, Is.EqualTo(OrchestratorErrorCode.InvalidConfiguration));
        Assert.That(error.Message, Does.Contain("Livepeer:Orchestrator:ListenAddress"));
    }

    [Test]
    public void LoadOrCreateSelfSigned_FirstAndSecondStart_CreatesOwnerOnlyKeyThenReusesIt()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var first = ListenerCertificate.LoadOrCreateSelfSigned(_directory, "orch.example", time, NullLogger.Instance);
        var written = File.ReadAllText(Path.Combine(_directory, "cert.pem"));
        using var second = ListenerCertificate.LoadOrCreateSelfSigned(_directory, "orch.example", time, NullLogger.Instance);

        Assert.Multiple(() =>
        {
            Assert.That(second.Thumbprint, Is.EqualTo(first.Thumbprint), "reused");
            Assert.That(File.ReadAllText(Path.Combine(_directory, "cert.pem")), Is.EqualTo(written), "not rewritten");
            Assert.That(first.HasPrivateKey, Is.True);
            Assert.That(first.GetECDsaPublicKey()!.ExportParameters(false).Curve.Oid.Value, Is.EqualTo("1.2.840.10045.3.1.7"), "P-256");
            Assert.That(first.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames(), Does.Contain("orch.example"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(Path.Combine(_directory, "key.pem")), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }
        });
    }

    [Test]
    public void LoadOrCreateSelfSigned_CertificateAboutToExpire_IsReplaced()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        using var first = ListenerCertificate.LoadOrCreateSelfSigned(_directory, "127.0.0.1", time, NullLogger.Instance);
        time.Advance(TimeSpan.FromDays(360));

        using var renewed = ListenerCertificate.LoadOrCreateSelfSigned(_directory, "127.0.0.1", time, NullLogger.Instance);

        Assert.That(renewed.Thumbprint, Is.Not.EqualTo(first.Thumbprint));
        Assert.That(renewed.NotAfter, Is.GreaterThan(first.NotAfter));
    }

    [Test]
    public void Resolve_ConfiguredPem_LoadsItInsteadOfTheSelfSignedOne()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var own = Path.Combine(_directory, "own");
        using var created = ListenerCertificate.LoadOrCreateSelfSigned(own, "own.example", time, NullLogger.Instance);

        using var loaded = ListenerCertificate.Resolve(Path.Combine(own, "cert.pem"), Path.Combine(own, "key.pem"), _directory, "x", "Livepeer:Orchestrator", time, NullLogger.Instance);

        Assert.That(loaded.Thumbprint, Is.EqualTo(created.Thumbprint));
        Assert.That(loaded.HasPrivateKey, Is.True);
        Assert.That(File.Exists(Path.Combine(_directory, "cert.pem")), Is.False, "no self-signed certificate was made");
    }

    [Test]
    public void Resolve_OnlyCertificatePath_ThrowsNamingBothSettings()
    {
        var error = Assert.Throws<OrchestratorException>(() =>
            ListenerCertificate.Resolve("/x/cert.pem", null, _directory, "x", "Livepeer:Orchestrator", TimeProvider.System, NullLogger.Instance));
        Assert.That(error!.Message, Does.Contain("Livepeer:Orchestrator:CertificateKeyPath"));
    }

    [Test]
    public void Resolve_MissingPemFile_ThrowsCertificateUnavailable()
    {
        var error = Assert.Throws<OrchestratorException>(() =>
            ListenerCertificate.Resolve(Path.Combine(_directory, "none.pem"), Path.Combine(_directory, "none.key"), _directory, "x", "p", TimeProvider.System, NullLogger.Instance));
        Assert.That(error!.ErrorCode, Is.EqualTo(OrchestratorErrorCode.CertificateUnavailable));
    }

    [TestCase(new[] { "https://127.0.0.1:41234" }, "https", 41234)]
    [TestCase(new[] { "http://[::]:5000", "https://0.0.0.0:6000" }, "https", 6000)]
    [TestCase(new[] { "http://127.0.0.1:5000" }, "https", 5000)]
    public void FindBoundPort_Addresses_PrefersTheScheme(string[] addresses, string scheme, int port) =>
        Assert.That(OrchestratorListenerState.FindBoundPort(addresses, scheme), Is.EqualTo(port));

    [Test]
    public void FindBoundPort_NoPort_IsNull() => Assert.That(OrchestratorListenerState.FindBoundPort(["unix:/tmp/x.sock"], "https"), Is.Null);
}

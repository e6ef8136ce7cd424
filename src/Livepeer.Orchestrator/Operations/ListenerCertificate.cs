using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Livepeer.Orchestrator;

/// <summary>
/// The TLS certificate of an orchestrator's (or redeemer's) listener: a configured PEM pair, or a self-signed
/// ECDSA P-256 certificate kept in the data directory as <c>cert.pem</c>/<c>key.pem</c>, as go-livepeer does. Every
/// go-livepeer client skips verification of these certificates, so self-signed is the network's norm.
/// </summary>
internal static class ListenerCertificate
{
    public const string CertificateFileName = "cert.pem";
    public const string KeyFileName = "key.pem";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(365);

    // A certificate this close to expiry is replaced at start rather than left to expire while serving.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    /// <summary>The default data directory, <c>~/.lpData/orchestrator</c>.</summary>
    public static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lpData", "orchestrator");

    /// <summary>Loads the configured pair, or the self-signed certificate in <paramref name="dataDirectory"/> (created when missing or expiring).</summary>
    public static X509Certificate2 Resolve(string? certificatePath, string? keyPath, string? dataDirectory, string host, string settingsPrefix, TimeProvider time, ILogger logger)
    {
        if (certificatePath is not null || keyPath is not null)
        {
            if (certificatePath is null || keyPath is null)
            {
                throw new OrchestratorException(OrchestratorErrorCode.InvalidConfiguration,
                    $"{settingsPrefix}:CertificatePath and {settingsPrefix}:CertificateKeyPath must be set together.");
            }

            var configured = LoadPem(certificatePath, keyPath);
            OperationsLog.CertificateLoaded(logger, certificatePath, configured.Thumbprint, configured.NotAfter);
            return configured;
        }

        return LoadOrCreateSelfSigned(dataDirectory ?? DefaultDataDirectory, host, time, logger);
    }

    public static X509Certificate2 LoadPem(string certificatePath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // An ephemeral PEM key cannot back an SslStream on every platform; a PKCS#12 round trip gives it a stored one.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new OrchestratorException(OrchestratorErrorCode.CertificateUnavailable,
                $"The TLS certificate '{certificatePath}' with key '{keyPath}' could not be loaded: {ex.Message}", innerException: ex);
        }
    }

    public static X509Certificate2 LoadOrCreateSelfSigned(string dataDirectory, string host, TimeProvider time, ILogger logger)
    {
        var certificatePath = Path.Combine(dataDirectory, CertificateFileName);
        var keyPath = Path.Combine(dataDirectory, KeyFileName);
        var now = time.GetUtcNow();
        if (File.Exists(certificatePath) && File.Exists(keyPath))
        {
            var existing = LoadPem(certificatePath, keyPath);
            if (existing.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore)
            {
                OperationsLog.CertificateLoaded(logger, certificatePath, existing.Thumbprint, existing.NotAfter);
                return existing;
            }

            existing.Dispose();
        }

        try
        {
            CreateDirectory(dataDirectory);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=livepeer, O=Livepeer", key, HashAlgorithmName.SHA256);
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
            names.AddIpAddress(IPAddress.IPv6Loopback);
            if (IPAddress.TryParse(host, out var ip))
            {
                if (!IPAddress.IsLoopback(ip))
                {
                    names.AddIpAddress(ip);
                }
            }
            else if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && Uri.CheckHostName(host) == UriHostNameType.Dns)
            {
                names.AddDnsName(host);
            }

            request.CertificateExtensions.Add(names.Build());
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
            using var created = request.CreateSelfSigned(now.AddMinutes(-5), now + Validity);

            // The key first, owner-only from its creation, so that the pair is never readable by others even briefly.
            WriteOwnerOnly(keyPath, key.ExportECPrivateKeyPem());
            File.WriteAllText(certificatePath, created.ExportCertificatePem());
            OperationsLog.CertificateCreated(logger, certificatePath, created.Thumbprint, created.NotAfter);
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new OrchestratorException(OrchestratorErrorCode.CertificateUnavailable,
                $"The self-signed TLS certificate could not be created in '{dataDirectory}' (DataDirectory): {ex.Message}", innerException: ex);
        }
    }

    private static void CreateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(path, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        // UnixCreateMode applies only to a new file; an existing key file keeps its mode unless set here.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}

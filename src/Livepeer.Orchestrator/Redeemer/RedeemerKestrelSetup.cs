using Livepeer.Network;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>Adds the redeemer's listener when <see cref="LivepeerRedeemerOptions.ListenAddress"/> is set.</summary>
internal sealed class RedeemerKestrelSetup(IOptions<LivepeerRedeemerOptions> options, TimeProvider time, ILoggerFactory loggerFactory)
    : IConfigureOptions<KestrelServerOptions>
{
    private const string Prefix = LivepeerRedeemerOptions.SectionName;

    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var o = options.Value;
        if (string.IsNullOrWhiteSpace(o.ListenAddress))
        {
            return;
        }

        var logger = loggerFactory.CreateLogger<RedeemerKestrelSetup>();
        var endpoint = ListenEndpoint.Resolve(o.ListenAddress, serviceUri: null, $"{Prefix}:ListenAddress");
        var host = endpoint.Address.Equals(System.Net.IPAddress.Any) ? "localhost" : endpoint.Address.ToString();
        var certificate = o.UseTls
            ? ListenerCertificate.Resolve(o.CertificatePath, o.CertificateKeyPath, o.DataDirectory ?? DefaultDataDirectory, host, Prefix, time, logger)
            : null;
        kestrel.ListenGrpc(endpoint, certificate);
        RedeemerLog.ListenerConfigured(logger, endpoint.ToString(), o.UseTls ? "TLS" : "cleartext HTTP/2");
    }

    private static string DefaultDataDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".lpData", "redeemer");
}

/// <summary>Checks the redeemer's settings at start, naming the setting at fault.</summary>
internal sealed class LivepeerRedeemerOptionsValidator : IValidateOptions<LivepeerRedeemerOptions>
{
    public ValidateOptionsResult Validate(string? name, LivepeerRedeemerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = LivepeerRedeemerOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.ListenAddress) && !ListenEndpoint.TryParse(options.ListenAddress.Trim(), out _))
        {
            failures.Add($"{prefix}:ListenAddress '{options.ListenAddress}' is not host:port with an IP address (or localhost), e.g. 0.0.0.0:8935.");
        }

        if ((options.CertificatePath is null) != (options.CertificateKeyPath is null))
        {
            failures.Add($"{prefix}:CertificatePath and {prefix}:CertificateKeyPath must be set together.");
        }

        if (options.MaxMonitorStreams < 1)
        {
            failures.Add($"{prefix}:MaxMonitorStreams must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

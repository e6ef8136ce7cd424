using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// The service URI this orchestrator advertises. It starts as <see cref="LivepeerOrchestratorOptions.ServiceUri"/>;
/// when that names port 0 the listener setup replaces it with the bound port once the server has started.
/// </summary>
internal sealed class OrchestratorEndpoint
{
    private Uri _serviceUri;

    public OrchestratorEndpoint(IOptions<LivepeerOrchestratorOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _serviceUri = options.Value.ServiceUri ?? new Uri("https://127.0.0.1:8935");
    }

    public OrchestratorEndpoint(Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        _serviceUri = serviceUri;
    }

    /// <summary>The URI gateways use, without a trailing slash in its string form.</summary>
    public Uri ServiceUri => Volatile.Read(ref _serviceUri);

    /// <summary><see cref="ServiceUri"/> as advertised in <c>OrchestratorInfo.transcoder</c> (no trailing slash).</summary>
    public string Advertised => ServiceUri.GetLeftPart(UriPartial.Authority);

    public bool IsTls => !string.Equals(ServiceUri.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);

    public void SetBoundPort(int port)
    {
        var builder = new UriBuilder(ServiceUri) { Port = port };
        Volatile.Write(ref _serviceUri, builder.Uri);
    }
}

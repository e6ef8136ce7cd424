using Livepeer.Transcoding;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator;

/// <summary>
/// Where the orchestrator sends every segment: the local <see cref="ITranscoder"/> (when
/// <see cref="LivepeerOrchestratorOptions.TranscodeLocally"/>) and the registered standalone transcoders,
/// balanced by free capacity.
/// </summary>
internal sealed class TranscoderDispatcher : ITranscoder
{
    private readonly ITranscoder? _local;

    public TranscoderDispatcher(IOptions<LivepeerOrchestratorOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        _local = options.Value.TranscodeLocally ? (ITranscoder?)services.GetService(typeof(ITranscoder)) : null;
    }

    public Task<TranscodeResult> TranscodeAsync(TranscodeSegment segment, IReadOnlyList<VideoProfile> profiles, TranscodeOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_local is null)
        {
            throw new TranscodingException(TranscodeErrorCode.OrchestratorBusy);
        }

        return _local.TranscodeAsync(segment, profiles, options, cancellationToken);
    }

    public ValueTask EndSessionAsync(string sessionId, CancellationToken cancellationToken = default)
        => _local?.EndSessionAsync(sessionId, cancellationToken) ?? ValueTask.CompletedTask;
}

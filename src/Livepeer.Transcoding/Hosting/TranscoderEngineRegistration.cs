namespace Livepeer.Transcoding;

/// <summary>The engine under the DI-registered pool (see <see cref="TranscoderEngine"/>); registering one before
/// <c>AddLivepeerTranscoding</c> replaces it.</summary>
internal sealed class TranscoderEngineRegistration(ITranscoder engine, bool ownsEngine) : IAsyncDisposable
{
    public ITranscoder Engine { get; } = engine;

    public async ValueTask DisposeAsync()
    {
        if (ownsEngine && Engine is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
    }
}

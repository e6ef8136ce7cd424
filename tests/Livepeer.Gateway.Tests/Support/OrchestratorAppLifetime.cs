using Microsoft.AspNetCore.Builder;

namespace Livepeer.Gateway.Tests;

/// <summary>Starting and stopping a test orchestrator's app and its data directory, shared by the test hosts.</summary>
internal static class OrchestratorAppLifetime
{
    /// <summary>Starts <paramref name="app"/> and returns <paramref name="host"/>; if the start fails, disposes the host and rethrows.</summary>
    public static async Task<T> StartAsync<T>(WebApplication app, T host)
        where T : IAsyncDisposable
    {
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops and disposes <paramref name="app"/>, then deletes its data directory.</summary>
    public static async ValueTask StopAsync(WebApplication app, string directory)
    {
        try
        {
            await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(20));
        }
        finally
        {
            await app.DisposeAsync();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // The ticket store may still be closing; the folder is in the temp directory.
            }
        }
    }
}

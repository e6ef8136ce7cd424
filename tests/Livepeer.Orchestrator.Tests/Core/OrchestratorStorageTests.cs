namespace Livepeer.Orchestrator.Tests;

public sealed class OrchestratorStorageTests
{
    [Test]
    public void Put_ThenGet_ReturnsDataUntilRetentionEnds()
    {
        var time = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var storage = new OrchestratorStorage(new OrchestratorEndpoint(new Uri("https://127.0.0.1:8935")), TimeSpan.FromMinutes(1), time);
        var url = storage.Put("abcd/P240p30fps16x9/1.ts", new byte[] { 1, 2, 3 }, "video/mp2t");

        Assert.That(url.ToString(), Is.EqualTo("https://127.0.0.1:8935/stream/abcd/P240p30fps16x9/1.ts"));
        Assert.That(storage.TryGet("abcd/P240p30fps16x9/1.ts", out var data, out var type), Is.True);
        Assert.That(data.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(type, Is.EqualTo("video/mp2t"));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.That(storage.TryGet("abcd/P240p30fps16x9/1.ts", out _, out _), Is.False);
    }

    [Test]
    public void Put_PathEscapingTheStore_Throws()
    {
        var storage = new OrchestratorStorage(new OrchestratorEndpoint(new Uri("http://127.0.0.1:1")), TimeSpan.FromMinutes(1));
        Assert.Throws<ArgumentException>(() => storage.Put("../x", new byte[1], "video/mp2t"));
        Assert.Throws<ArgumentException>(() => storage.Put("/x", new byte[1], "video/mp2t"));
    }

    [Test]
    public void RemovePrefix_RemovesOnlyThatSession()
    {
        var storage = new OrchestratorStorage(new OrchestratorEndpoint(new Uri("http://127.0.0.1:1")), TimeSpan.FromMinutes(1));
        storage.Put("a/p/1.ts", new byte[1], "video/mp2t");
        storage.Put("a/p/2.ts", new byte[1], "video/mp2t");
        storage.Put("b/p/1.ts", new byte[1], "video/mp2t");
        Assert.That(storage.RemovePrefix("a/"), Is.EqualTo(2));
        Assert.That(storage.Count, Is.EqualTo(1));
    }
}

namespace Livepeer.Transcoding.Tests;

/// <summary>Removes the media generated for this test run once every test has finished.</summary>
[SetUpFixture]
public sealed class MediaCleanup
{
    [OneTimeTearDown]
    public void RemoveGeneratedMedia() => Media.TestMedia.DeleteGenerated();
}

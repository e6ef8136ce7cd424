using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Livepeer.Orchestrator.Tests.Workers;

public sealed class TranscoderWorkerOptionsTests
{
    [Test]
    public void Validate_MissingUriSecretAndCapacity_NamesEachSetting()
    {
        var result = new LivepeerTranscoderWorkerOptionsValidator().Validate(null, new LivepeerTranscoderWorkerOptions { Capacity = 0 });

        Assert.That(result.Failed, Is.True);
        Assert.That(result.FailureMessage, Does.Contain("Livepeer:TranscoderWorker:OrchestratorUri"));
        Assert.That(result.FailureMessage, Does.Contain("Livepeer:TranscoderWorker:Secret"));
        Assert.That(result.FailureMessage, Does.Contain("Livepeer:TranscoderWorker:Capacity"));
    }

    [Test]
    public void Validate_CompleteOptions_Succeeds()
    {
        var options = new LivepeerTranscoderWorkerOptions { OrchestratorUri = new Uri("https://127.0.0.1:8935"), Secret = "x", Capacity = 2 };

        Assert.That(new LivepeerTranscoderWorkerOptionsValidator().Validate(null, options).Succeeded, Is.True);
    }

    [Test]
    public async Task AddLivepeerTranscoderWorker_InvalidOptions_FailWhenTheServiceIsBuilt()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLivepeerTranscoderWorker(o => o.OrchestratorUri = new Uri("ftp://example.org"));
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<TranscoderWorkerService>());

        Assert.That(error!.Message, Does.Contain("OrchestratorUri"));
    }

    [Test]
    public async Task AddLivepeerTranscoderWorker_CalledTwice_RegistersOneHostedService()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddLivepeerTranscoderWorker(o =>
        {
            o.OrchestratorUri = new Uri("http://127.0.0.1:1");
            o.Secret = "x";
        });
        services.AddLivepeerTranscoderWorker();
        services.Configure<Livepeer.Transcoding.LivepeerTranscodingOptions>(o => o.Devices = "none");
        await using var provider = services.BuildServiceProvider();

        var workers = provider.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<TranscoderWorkerService>().ToList();

        Assert.That(workers, Has.Count.EqualTo(1));
        Assert.That(workers[0], Is.SameAs(provider.GetRequiredService<TranscoderWorkerService>()));
    }
}

namespace Livepeer.Devnet.Tests;

public sealed class LocalDevnetOptionsTests
{
    [Test]
    public void Validate_Defaults_Passes()
    {
        Assert.That(() => new LocalDevnetOptions().Validate(), Throws.Nothing);
    }

    [TestCase(nameof(LocalDevnetOptions.RoundLength))]
    [TestCase(nameof(LocalDevnetOptions.NumActiveTranscoders))]
    [TestCase(nameof(LocalDevnetOptions.TicketValidityPeriod))]
    [TestCase(nameof(LocalDevnetOptions.ChainId))]
    public void Validate_ZeroWherePositiveNeeded_NamesTheSetting(string setting)
    {
        var options = new LocalDevnetOptions();
        typeof(LocalDevnetOptions).GetProperty(setting)!.SetValue(options, 0UL);

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.That(error!.ParamName, Is.EqualTo(setting));
    }

    [Test]
    public void Validate_OutOfRangeRates_NameTheSetting()
    {
        Assert.That(() => new LocalDevnetOptions { RoundLockAmount = 1_000_001 }.Validate(),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("RoundLockAmount"));
        Assert.That(() => new LocalDevnetOptions { RoundLength = 1, RoundLockAmount = 1_000_000 }.Validate(),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("RoundLockAmount"));
        Assert.That(() => new LocalDevnetOptions { TargetBondingRate = 1_000_000_001 }.Validate(),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("TargetBondingRate"));
        Assert.That(() => new LocalDevnetOptions { FundedAccounts = 11 }.Validate(),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("FundedAccounts"));
        Assert.That(() => new LocalDevnetOptions { TransactionTimeout = TimeSpan.Zero }.Validate(),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Property("ParamName").EqualTo("TransactionTimeout"));
    }

    [Test]
    public async Task StartAsync_MissingArtifactsFolder_ThrowsArtifactsNotFoundBeforeStartingAnvil()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "abis");

        var error = await Assert.ThrowsAsync<LivepeerDevnetException>(() => LocalDevnet.StartAsync(new LocalDevnetOptions { ArtifactsPath = missing }));

        Assert.That(error!.ErrorCode, Is.EqualTo(DevnetErrorCode.ArtifactsNotFound));
        Assert.That(error.IsTransient, Is.False);
        Assert.That(error.Message, Does.Contain(missing).And.Contain("scripts/bootstrap-test-deps.sh"));
    }

    [Test]
    public async Task StartAsync_MissingAnvil_ThrowsAnvilNotFound()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "anvil");

        var error = await Assert.ThrowsAsync<LivepeerDevnetException>(() => LocalDevnet.StartAsync(new LocalDevnetOptions { AnvilPath = missing, ArtifactsPath = Path.GetTempPath() }));

        Assert.That(error!.ErrorCode, Is.EqualTo(DevnetErrorCode.AnvilNotFound));
        Assert.That(error.Message, Does.Contain(missing));
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Livepeer.Network.Tests.Codecs;

public sealed class AuthTokenTests
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Test]
    public void ComputeToken_KnownInputs_IsHmacOverSessionAndMinimalExpiration()
    {
        // 1_700_000_000 = 0x6553F100: four bytes, no sign byte.
        var expected = HMACSHA256.HashData(Secret, Encoding.UTF8.GetBytes("abcd1234").Concat(new byte[] { 0x65, 0x53, 0xf1, 0x00 }).ToArray());
        Assert.That(AuthTokenAuthority.ComputeToken(Secret, "abcd1234", 1_700_000_000), Is.EqualTo(expected));
    }

    [Test]
    public void ComputeToken_ZeroExpiration_AppendsNothing()
        => Assert.That(AuthTokenAuthority.ComputeToken(Secret, "s", 0), Is.EqualTo(HMACSHA256.HashData(Secret, "s"u8)));

    [Test]
    public void Issue_Default_HasEightHexSessionAndThirtyMinutes()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var authority = new AuthTokenAuthority(Secret, clock);

        var token = authority.Issue();

        Assert.That(token.SessionId, Does.Match("^[0-9a-f]{8}$"));
        Assert.That(token.ExpirationUnixSeconds, Is.EqualTo(1_700_000_000 + 1800));
        Assert.That(authority.Check(token), Is.Null);
    }

    [Test]
    public void Check_TamperedOrForeignOrMissing_TypedOutcome()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var authority = new AuthTokenAuthority(Secret, clock);
        var token = authority.Issue("abcd1234");

        Assert.That(authority.Check(null), Is.EqualTo(NetworkErrorCode.MissingAuthToken));
        Assert.That(authority.Check(token with { SessionId = "abcd1235" }), Is.EqualTo(NetworkErrorCode.InvalidAuthToken));
        Assert.That(authority.Check(token with { ExpirationUnixSeconds = token.ExpirationUnixSeconds + 1 }), Is.EqualTo(NetworkErrorCode.InvalidAuthToken));
        Assert.That(authority.Check(token with { Token = [] }), Is.EqualTo(NetworkErrorCode.InvalidAuthToken));
        Assert.That(new AuthTokenAuthority(clock).Check(token), Is.EqualTo(NetworkErrorCode.InvalidAuthToken), "another process's secret");
    }

    [Test]
    public void Check_AfterExpiration_Expired()
    {
        var clock = new ManualClock(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var authority = new AuthTokenAuthority(Secret, clock);
        var token = authority.Issue("abcd1234");

        clock.Now = token.Expiration;
        Assert.That(authority.Check(token), Is.Null, "valid up to and including the expiry second");
        clock.Now = token.Expiration.AddSeconds(1);
        Assert.That(authority.Check(token), Is.EqualTo(NetworkErrorCode.ExpiredAuthToken));
        Assert.That(NetworkException.WireText(NetworkErrorCode.ExpiredAuthToken), Is.EqualTo("expired auth token"));
    }

    [Test]
    public void NeedsRefresh_LastTenPercent_True()
    {
        var token = new AuthToken([1], "s", 10_000);
        Assert.That(token.NeedsRefresh(DateTimeOffset.FromUnixTimeSeconds(10_000 - 180)), Is.False);
        Assert.That(token.NeedsRefresh(DateTimeOffset.FromUnixTimeSeconds(10_000 - 179)), Is.True);
    }

    [Test]
    public void ToString_NeverShowsToken()
    {
        var text = new AuthToken([0xde, 0xad, 0xbe, 0xef], "s", 0).ToString();
        Assert.That(text, Does.Contain("SessionId = s"));
        Assert.That(text, Does.Not.Contain("dead").IgnoreCase);
        Assert.That(text, Does.Not.Contain("3q2+7w"));
    }
}

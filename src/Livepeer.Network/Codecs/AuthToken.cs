using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Livepeer.Network;

/// <summary>
/// The token an orchestrator hands out with its <c>OrchestratorInfo</c> and a gateway copies into every segment:
/// an opaque HMAC, a session id and an expiry. Only the issuing orchestrator can check it.
/// </summary>
/// <param name="Token">The HMAC; opaque to everyone but the issuer. Never log it.</param>
/// <param name="SessionId">The session it names (go-livepeer: 8 lower-case hex digits).</param>
/// <param name="ExpirationUnixSeconds">When it expires, in Unix seconds.</param>
public sealed record AuthToken(byte[] Token, string SessionId, long ExpirationUnixSeconds)
{
    /// <summary>How long go-livepeer's tokens are valid.</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromMinutes(30);

    /// <summary>When the token expires; clamped to the range of <see cref="DateTimeOffset"/>.</summary>
    public DateTimeOffset Expiration => DateTimeOffset.FromUnixTimeSeconds(
        Math.Clamp(ExpirationUnixSeconds, DateTimeOffset.MinValue.ToUnixTimeSeconds(), DateTimeOffset.MaxValue.ToUnixTimeSeconds()));

    /// <summary>True in the last 10 % of the validity (3 minutes before expiry), when go-livepeer's gateway refreshes.</summary>
    /// <param name="now">The current time.</param>
    /// <returns>True when a refresh is due.</returns>
    public bool NeedsRefresh(DateTimeOffset now) => now.ToUnixTimeSeconds() > ExpirationUnixSeconds - (long)(Validity.TotalSeconds / 10);

    /// <inheritdoc/>
    public bool Equals(AuthToken? other)
        => other is not null
            && (Token ?? []).AsSpan().SequenceEqual(other.Token ?? [])
            && string.Equals(SessionId, other.SessionId, StringComparison.Ordinal)
            && ExpirationUnixSeconds == other.ExpirationUnixSeconds;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(SessionId, ExpirationUnixSeconds);

    /// <summary>Shows the session and expiry; never the token.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => $"AuthToken {{ SessionId = {SessionId}, Expiration = {Expiration:O} }}";
}

/// <summary>
/// Issues and checks auth tokens as a go-livepeer orchestrator does: the token is HMAC-SHA256 under a secret of the
/// process, over the UTF-8 session id followed by the expiry as minimal big-endian bytes.
/// </summary>
public sealed class AuthTokenAuthority
{
    private readonly byte[] _secret;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates an authority with a fresh random 32-byte secret, as a go-livepeer orchestrator does at start.</summary>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public AuthTokenAuthority(TimeProvider? timeProvider = null)
        : this(RandomNumberGenerator.GetBytes(32), timeProvider)
    {
    }

    /// <summary>Creates an authority with a given secret (for several processes that must accept each other's tokens).</summary>
    /// <param name="secret">The HMAC key; at least 16 bytes.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    public AuthTokenAuthority(ReadOnlySpan<byte> secret, TimeProvider? timeProvider = null)
    {
        if (secret.Length < 16)
        {
            throw new ArgumentException("An auth-token secret has at least 16 bytes.", nameof(secret));
        }

        _secret = secret.ToArray();
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Issues a token for a new random session (8 lower-case hex digits), valid for <see cref="AuthToken.Validity"/>.</summary>
    /// <returns>The token.</returns>
    public AuthToken Issue()
    {
        Span<byte> id = stackalloc byte[4];
        RandomNumberGenerator.Fill(id);
        return Issue(Convert.ToHexStringLower(id));
    }

    /// <summary>Issues a token for a given session, valid for <see cref="AuthToken.Validity"/>.</summary>
    /// <param name="sessionId">The session id.</param>
    /// <returns>The token.</returns>
    public AuthToken Issue(string sessionId)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        var expiration = (_timeProvider.GetUtcNow() + AuthToken.Validity).ToUnixTimeSeconds();
        return new AuthToken(ComputeToken(_secret, sessionId, expiration), sessionId, expiration);
    }

    /// <summary>Checks a received token: present, issued with this secret, not expired. Returns a value, not an exception,
    /// so that the caller maps it to its answer (go-livepeer answers 403 with <see cref="NetworkException.WireText"/>).</summary>
    /// <param name="token">The token from the segment, or null.</param>
    /// <returns>Null when valid, else <see cref="NetworkErrorCode.MissingAuthToken"/>, <see cref="NetworkErrorCode.InvalidAuthToken"/> or <see cref="NetworkErrorCode.ExpiredAuthToken"/>.</returns>
    public NetworkErrorCode? Check(AuthToken? token)
    {
        if (token is null)
        {
            return NetworkErrorCode.MissingAuthToken;
        }

        var expected = ComputeToken(_secret, token.SessionId ?? string.Empty, token.ExpirationUnixSeconds);
        if (!CryptographicOperations.FixedTimeEquals(expected, token.Token ?? []))
        {
            return NetworkErrorCode.InvalidAuthToken;
        }

        return _timeProvider.GetUtcNow().ToUnixTimeSeconds() > token.ExpirationUnixSeconds ? NetworkErrorCode.ExpiredAuthToken : null;
    }

    /// <summary>The HMAC: HMAC-SHA256(secret, UTF-8(sessionId) ‖ minBE(|expiration|)), the magnitude because go's <c>big.Int.Bytes</c> drops the sign.</summary>
    internal static byte[] ComputeToken(ReadOnlySpan<byte> secret, string sessionId, long expiration)
    {
        var magnitude = expiration == long.MinValue ? 1UL << 63 : (ulong)Math.Abs(expiration);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(number, magnitude);
        var significant = number[(BitOperations.LeadingZeroCount(magnitude) / 8)..];
        var message = new byte[Encoding.UTF8.GetByteCount(sessionId) + significant.Length];
        var written = Encoding.UTF8.GetBytes(sessionId, message);
        significant.CopyTo(message.AsSpan(written));
        return HMACSHA256.HashData(secret, message);
    }
}

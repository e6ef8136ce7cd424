using System.Numerics;
using System.Security.Cryptography;
using Livepeer.Protocol;

namespace Livepeer.Payments.Tests.Tickets;

[TestFixture]
public sealed class RecipientRandomTests
{
    private static readonly EthAddress Sender = EthAddress.Parse("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");

    [Test]
    public void Compute_KnownFields_IsHmacOverMinimalBigEndianConcatenation()
    {
        var secret = Keys.Secret;
        var aux = new TicketExpirationParams(5, Enumerable.Repeat((byte)0xab, 32).ToArray()).ToAuxData();
        var seed = new BigInteger(0x0102);
        var message = new List<byte>();
        message.AddRange(new byte[] { 0x01, 0x02 });
        message.AddRange(Sender.ToArray());
        message.AddRange(new byte[] { 0x03, 0xe8 });
        message.AddRange(new byte[] { 0xff });
        message.AddRange(new byte[] { 0x8c });
        message.AddRange(new byte[] { 0x04, 0xb0 });
        message.AddRange(new byte[] { 0x01 });
        message.AddRange(aux);
        var expected = new BigInteger(HMACSHA256.HashData(secret, message.ToArray()), isUnsigned: true, isBigEndian: true);

        var actual = RecipientRandom.Compute(secret, seed, Sender, 1000, 255, 140, new PixelPrice(2400, 2), aux);
        Assert.That(actual, Is.EqualTo(expected));
    }

    [Test]
    public void Compute_ZeroValuesAndZeroPrice_WriteNothingButTheDenominator()
    {
        var secret = Keys.Secret;
        var message = Sender.ToArray().Concat(new byte[] { 0x01 }).ToArray();
        var expected = new BigInteger(HMACSHA256.HashData(secret, message), isUnsigned: true, isBigEndian: true);
        Assert.That(RecipientRandom.Compute(secret, 0, Sender, 0, 0, 0, PixelPrice.Zero, []), Is.EqualTo(expected));
    }

    [Test]
    public void Compute_UnreducedPrice_EqualsReducedPrice()
    {
        var a = RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 140, new PixelPrice(2400, 2), []);
        var b = RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 140, new PixelPrice(1200, 1), []);
        var c = RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 140, new PixelPrice(1201, 1), []);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a, Is.Not.EqualTo(c));
        });
    }

    [Test]
    public void Compute_EachFieldChanged_ChangesTheSecret()
    {
        var aux = new TicketExpirationParams(5, new byte[32]).ToAuxData();
        var baseline = RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 140, new PixelPrice(3, 1), aux);
        var variants = new[]
        {
            RecipientRandom.Compute(Keys.Secret, 78, Sender, 1000, 5, 140, new PixelPrice(3, 1), aux),
            RecipientRandom.Compute(Keys.Secret, 77, EthAddress.Zero, 1000, 5, 140, new PixelPrice(3, 1), aux),
            RecipientRandom.Compute(Keys.Secret, 77, Sender, 1001, 5, 140, new PixelPrice(3, 1), aux),
            RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 6, 140, new PixelPrice(3, 1), aux),
            RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 141, new PixelPrice(3, 1), aux),
            RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 140, new PixelPrice(3, 2), aux),
            RecipientRandom.Compute(Keys.Secret, 77, Sender, 1000, 5, 140, new PixelPrice(3, 1), []),
            RecipientRandom.Compute(new byte[32], 77, Sender, 1000, 5, 140, new PixelPrice(3, 1), aux),
        };
        Assert.That(variants, Has.None.EqualTo(baseline));
    }

    [Test]
    public void Compute_HugeSeed_UsesPooledBufferAndStaysDeterministic()
    {
        var seed = BigInteger.Pow(2, 8 * 600) - 1;
        var a = RecipientRandom.Compute(Keys.Secret, seed, Sender, 1, 1, 1, PixelPrice.Zero, []);
        var b = RecipientRandom.Compute(Keys.Secret, seed, Sender, 1, 1, 1, PixelPrice.Zero, []);
        Assert.That(a, Is.EqualTo(b));
    }
}

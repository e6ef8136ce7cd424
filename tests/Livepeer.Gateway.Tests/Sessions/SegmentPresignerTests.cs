using Livepeer.Protocol;

namespace Livepeer.Gateway.Tests;

public sealed class SegmentPresignerTests
{
    [Test]
    public void For_NothingReadyAndNoTimeToSpare_ReturnsTheSignerItself()
    {
        using var key = PrivateKeySigner.Generate();
        var presigner = new SegmentPresigner();

        Assert.That(presigner.For(key, makeNow: false), Is.SameAs(key));
        Assert.That(presigner.Used, Is.Zero);
    }

    [Test]
    public async Task For_MakeNow_SignsOnceWithAFreshNonce()
    {
        using var key = PrivateKeySigner.Generate();
        var presigner = new SegmentPresigner();
        var digest = Keccak256.Hash("segment"u8);

        var signer = presigner.For(key, makeNow: true);
        var signature = await signer.SignDigestAsync(digest);

        Assert.Multiple(() =>
        {
            Assert.That(signer, Is.Not.SameAs(key));
            Assert.That(signer.Address, Is.EqualTo(key.Address));
            Assert.That(signature.RecoverAddress(digest), Is.EqualTo(key.Address));
            Assert.That(signature, Is.Not.EqualTo(key.SignDigest(digest)));
            Assert.That(presigner.Used, Is.EqualTo(1));
        });
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await signer.SignDigestAsync(digest));
    }

    [Test]
    public async Task Refill_ThenFor_TakesTheReadyNonce()
    {
        using var key = PrivateKeySigner.Generate();
        var presigner = new SegmentPresigner();
        presigner.Refill(key);
        Assert.That(presigner.Count, Is.EqualTo(1));

        var signer = presigner.For(key, makeNow: false);
        var digest = Keccak256.Hash("ready"u8);
        var signature = await signer.SignDigestAsync(digest);

        Assert.Multiple(() =>
        {
            Assert.That(signer, Is.Not.SameAs(key));
            Assert.That(presigner.Count, Is.Zero);
            Assert.That(presigner.Used, Is.EqualTo(1));
            Assert.That(signature.RecoverAddress(digest), Is.EqualTo(key.Address));
        });
    }

    [Test]
    public void Refill_BeyondCapacity_KeepsCapacity()
    {
        using var key = PrivateKeySigner.Generate();
        var presigner = new SegmentPresigner();
        for (var i = 0; i < SegmentPresigner.Capacity + 5; i++)
        {
            presigner.Refill(key);
        }

        Assert.That(presigner.Count, Is.EqualTo(SegmentPresigner.Capacity));
        presigner.Clear();
        Assert.That(presigner.Count, Is.Zero);
    }

    [Test]
    public void For_NonceOfAnotherKey_IsDiscardedNotUsed()
    {
        using var first = PrivateKeySigner.Generate();
        using var second = PrivateKeySigner.Generate();
        var presigner = new SegmentPresigner();
        presigner.Refill(first);

        Assert.That(presigner.For(second, makeNow: false), Is.SameAs(second));
        Assert.That(presigner.Count, Is.Zero);
        Assert.That(presigner.Used, Is.Zero);
    }

    [Test]
    public void ForAndRefill_SignerWithoutKeyInMemory_SignsAsItAlwaysDoes()
    {
        var remote = new RemoteSigner();
        var presigner = new SegmentPresigner();
        presigner.Refill(remote);

        Assert.That(presigner.Count, Is.Zero);
        Assert.That(presigner.For(remote, makeNow: true), Is.SameAs(remote));
    }

    [Test]
    public async Task SignDigestAsync_CancelledToken_SpendsTheNonce()
    {
        using var key = PrivateKeySigner.Generate();
        var presigner = new SegmentPresigner();
        var signer = presigner.For(key, makeNow: true);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAsync<TaskCanceledException>(async () => await signer.SignDigestAsync(new byte[32], cancelled.Token));
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await signer.SignDigestAsync(new byte[32]));
    }

    private sealed class RemoteSigner : ISigner
    {
        private readonly PrivateKeySigner _key = PrivateKeySigner.Generate();

        public EthAddress Address => _key.Address;

        public ValueTask<EthSignature> SignDigestAsync(ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
            => _key.SignDigestAsync(digest, cancellationToken);
    }
}

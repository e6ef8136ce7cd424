using Livepeer.Protocol;

namespace Livepeer.Protocol.Tests.Primitives;

/// <summary>The AVX-512F Keccak-f[1600] absorption against the portable one, lane for lane.</summary>
[Category("Vectors")]
public sealed class Keccak256Avx512Tests
{
    private const int Rate = 136;

    [SetUp]
    public void RequireAvx512()
    {
        if (!Keccak256Avx512.IsSupported)
        {
            Assert.Ignore("This CPU has no AVX-512F, so the vector path is never taken here; the scalar path is what runs.");
        }
    }

    [Test]
    public void AbsorbBlocks_OneToFortyBlocksFromRandomStates_EqualsScalar()
    {
        var random = new Random(1600);
        var data = new byte[40 * Rate];
        random.NextBytes(data);
        for (var blocks = 1; blocks <= 40; blocks++)
        {
            var scalar = RandomState(random);
            var vector = (ulong[])scalar.Clone();

            Keccak256.AbsorbBlocksScalar(data.AsSpan(0, blocks * Rate), scalar);
            Keccak256Avx512.AbsorbBlocks(data.AsSpan(0, blocks * Rate), vector);

            Assert.That(vector, Is.EqualTo(scalar), $"{blocks} block(s)");
        }
    }

    [Test]
    public void AbsorbBlocks_OneMegabyteFromZero_EqualsScalar()
    {
        var data = new byte[(1_000_000 / Rate) * Rate];
        new Random(7).NextBytes(data);
        var scalar = new ulong[25];
        var vector = new ulong[25];

        Keccak256.AbsorbBlocksScalar(data, scalar);
        Keccak256Avx512.AbsorbBlocks(data, vector);

        Assert.That(vector, Is.EqualTo(scalar));
    }

    [TestCase(2 * Rate)]
    [TestCase((3 * Rate) + 17)]
    [TestCase(1_000_000)]
    public void Hash_LongInput_EqualsTheScalarPathBlockByBlock(int length)
    {
        // Keccak256 takes the vector path for inputs of two blocks or more; feeding the scalar path one block at a time
        // and padding by hand gives the reference digest.
        var data = new byte[length];
        new Random(length).NextBytes(data);
        var state = new ulong[25];
        var whole = length - (length % Rate);
        for (var offset = 0; offset < whole; offset += Rate)
        {
            Keccak256.AbsorbBlocksScalar(data.AsSpan(offset, Rate), state);
        }

        var last = new byte[Rate];
        data.AsSpan(whole).CopyTo(last);
        last[length - whole] ^= 0x01;
        last[Rate - 1] ^= 0x80;
        Keccak256.AbsorbBlocksScalar(last, state);
        var expected = new byte[32];
        for (var i = 0; i < 4; i++)
        {
            BitConverter.TryWriteBytes(expected.AsSpan(i * 8), state[i]);
        }

        Assert.That(Keccak256.Hash(data), Is.EqualTo(expected));
        var hasher = new Keccak256Hasher();
        hasher.AppendData(data);
        Assert.That(hasher.GetHashAndReset(), Is.EqualTo(expected));
    }

    private static ulong[] RandomState(Random random)
    {
        var state = new ulong[25];
        for (var i = 0; i < state.Length; i++)
        {
            state[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        }

        return state;
    }
}

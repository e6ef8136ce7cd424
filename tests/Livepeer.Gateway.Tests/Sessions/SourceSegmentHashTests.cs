using Livepeer.Protocol;
using Livepeer.Transcoding;

namespace Livepeer.Gateway.Tests;

/// <summary>The segment hash the push ingest records while a body arrives, and when it is (not) used.</summary>
[TestFixture]
public sealed class SourceSegmentHashTests
{
    private static byte[] Bytes(int seed, int length = 5000)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Test]
    public void DataHash_NoneRecorded_IsTheKeccakOfTheData()
    {
        var data = Bytes(1);
        var segment = new SourceSegment(3, data, TimeSpan.FromSeconds(2));
        Assert.That(segment.DataHash(), Is.EqualTo(Keccak256.Hash(data)));
    }

    [Test]
    public void DataHash_Recorded_IsUsedWithoutHashingAgain()
    {
        // A recorded value that is not the data's hash shows which one was returned.
        var recorded = Enumerable.Repeat((byte)0x5a, 32).ToArray();
        var segment = new SourceSegment(3, Bytes(1), TimeSpan.FromSeconds(2)).WithDataHash(recorded);
        Assert.That(segment.DataHash(), Is.SameAs(recorded));
    }

    [Test]
    public void DataHash_CopyWithOtherData_HashesItsOwnData()
    {
        var original = new SourceSegment(3, Bytes(1), TimeSpan.FromSeconds(2)).WithDataHash(Keccak256.Hash(Bytes(1)));
        var other = Bytes(2);
        var copy = original with { Data = other };
        var sameData = original with { Sequence = 4 };
        Assert.Multiple(() =>
        {
            Assert.That(copy.DataHash(), Is.EqualTo(Keccak256.Hash(other)));
            Assert.That(sameData.DataHash(), Is.EqualTo(Keccak256.Hash(Bytes(1))));
        });
    }

    [Test]
    public void Equals_RecordedHash_DoesNotChangeEquality()
    {
        var data = Bytes(1);
        var plain = new SourceSegment(3, data, TimeSpan.FromSeconds(2));
        var hashed = new SourceSegment(3, data, TimeSpan.FromSeconds(2)).WithDataHash(Keccak256.Hash(data));
        Assert.Multiple(() =>
        {
            Assert.That(hashed, Is.EqualTo(plain));
            Assert.That(hashed.GetHashCode(), Is.EqualTo(plain.GetHashCode()));
            Assert.That(plain with { Format = VideoFormat.Mp4 }, Is.Not.EqualTo(plain));
            Assert.That(new SourceSegment(3, Bytes(1), TimeSpan.FromSeconds(2)), Is.Not.EqualTo(plain), "other memory with the same bytes is another segment, as before");
        });
    }
}

using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts.BondingManager;

public sealed class TranscoderPoolHintsTests
{
    private static readonly EthAddress A = EthAddress.Parse("0x00000000000000000000000000000000000000aa");
    private static readonly EthAddress B = EthAddress.Parse("0x00000000000000000000000000000000000000bb");
    private static readonly EthAddress C = EthAddress.Parse("0x00000000000000000000000000000000000000cc");
    private static readonly EthAddress D = EthAddress.Parse("0x00000000000000000000000000000000000000dd");
    private static readonly EthAddress None = EthAddress.Zero;

    // A:100, B:80, C:50
    private static readonly TranscoderPoolMember[] Pool = [new(A, new Wei(100)), new(B, new Wei(80)), new(C, new Wei(50))];

    private static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(D, 200, None, A).SetName("Compute_NewcomerAboveAll_GoesToHead");
        yield return new TestCaseData(D, 90, A, B).SetName("Compute_NewcomerBetween_GoesToMiddle");
        yield return new TestCaseData(D, 10, C, None).SetName("Compute_NewcomerBelowAll_GoesToTail");
        yield return new TestCaseData(D, 80, B, C).SetName("Compute_NewcomerEqualToMember_GoesBelowIt");
        yield return new TestCaseData(C, 95, A, B).SetName("Compute_MemberMovesUp_NeighboursAfterMove");
        yield return new TestCaseData(A, 60, B, C).SetName("Compute_MemberMovesDown_NeighboursAfterMove");
        yield return new TestCaseData(A, 10, C, None).SetName("Compute_HeadMovesToTail_LastIsPrevious");
        yield return new TestCaseData(B, 85, A, C).SetName("Compute_MemberStaysInPlace_SameNeighbours");
    }

    [TestCaseSource(nameof(Cases))]
    public void Compute_Pool_GivesExpectedNeighbours(EthAddress address, int newStake, EthAddress previous, EthAddress next)
    {
        var hint = TranscoderPoolHints.Compute(Pool, address, newStake);

        Assert.That(hint, Is.EqualTo(new TranscoderPoolHint(previous, next)));
        Assert.That(IsValidInsertPosition(Pool.Where(m => m.Address != address).ToList(), newStake, hint), Is.True);
    }

    [Test]
    public void Compute_SoleMember_HasNoNeighbours()
    {
        var hint = TranscoderPoolHints.Compute([new TranscoderPoolMember(A, new Wei(100))], A, 150);
        Assert.That(hint, Is.EqualTo(TranscoderPoolHint.None));
    }

    [Test]
    public void Compute_EmptyPool_HasNoNeighbours()
    {
        Assert.That(TranscoderPoolHints.Compute([], D, 1), Is.EqualTo(TranscoderPoolHint.None));
    }

    [Test]
    public void Compute_FullPoolAndNewcomerAboveLast_EvictsLastFirst()
    {
        var hint = TranscoderPoolHints.Compute(Pool, D, 60, maxSize: 3);
        // C (50) is evicted, so D becomes the tail below B.
        Assert.That(hint, Is.EqualTo(new TranscoderPoolHint(B, None)));
    }

    [Test]
    public void Compute_FullPoolAndNewcomerNotAboveLast_DoesNotJoin()
    {
        Assert.That(TranscoderPoolHints.Compute(Pool, D, 50, maxSize: 3), Is.EqualTo(TranscoderPoolHint.None));
    }

    [Test]
    public void Compute_FullPoolAndMemberMoves_NoEviction()
    {
        var hint = TranscoderPoolHints.Compute(Pool, C, 90, maxSize: 3);
        Assert.That(hint, Is.EqualTo(new TranscoderPoolHint(A, B)));
    }

    [Test]
    public void Apply_MoveThenSecondChange_HintsSeeTheFirstChange()
    {
        // A bond moving 40 from A to D: A drops to 60 (below B), then D joins with 40.
        var after = TranscoderPoolHints.Apply(Pool, A, 60);
        Assert.That(after.Select(m => m.Address), Is.EqualTo(new[] { B, A, C }));
        Assert.That(TranscoderPoolHints.Compute(after, D, 55), Is.EqualTo(new TranscoderPoolHint(A, C)));
    }

    [Test]
    public void Compute_RandomPools_AlwaysAValidInsertPosition()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var size = random.Next(0, 8);
            var stakes = Enumerable.Range(0, size).Select(_ => random.Next(1, 20)).OrderDescending().ToList();
            var pool = stakes.Select((s, i) => new TranscoderPoolMember(Member(i), new Wei(s))).ToList();
            var mover = random.Next(0, size + 1) is var pick && pick < size ? Member(pick) : D;
            var newStake = random.Next(1, 25);

            var hint = TranscoderPoolHints.Compute(pool, mover, newStake);

            Assert.That(IsValidInsertPosition(pool.Where(m => m.Address != mover).ToList(), newStake, hint), Is.True, $"pool [{string.Join(",", stakes)}], stake {newStake}");
        }
    }

    private static EthAddress Member(int i) => new(Uint256.ToPadded(new BigInteger(i + 1))[12..]);

    /// <summary>SortedDoublyLL.validInsertPosition for a descending list, on the list without the moving node.</summary>
    private static bool IsValidInsertPosition(List<TranscoderPoolMember> list, BigInteger key, TranscoderPoolHint hint)
    {
        BigInteger KeyOf(EthAddress a) => list.Single(m => m.Address == a).TotalStake.Value;
        if (hint.Previous.IsZero && hint.Next.IsZero)
        {
            return list.Count == 0;
        }
        if (hint.Previous.IsZero)
        {
            return list[0].Address == hint.Next && key >= KeyOf(hint.Next);
        }
        if (hint.Next.IsZero)
        {
            return list[^1].Address == hint.Previous && key <= KeyOf(hint.Previous);
        }
        var prevIndex = list.FindIndex(m => m.Address == hint.Previous);
        return prevIndex >= 0 && prevIndex + 1 < list.Count && list[prevIndex + 1].Address == hint.Next
            && KeyOf(hint.Previous) >= key && key >= KeyOf(hint.Next);
    }
}

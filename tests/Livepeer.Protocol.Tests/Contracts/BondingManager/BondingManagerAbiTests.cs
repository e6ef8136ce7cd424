using System.Numerics;

namespace Livepeer.Protocol.Tests.Contracts.BondingManager;

/// <summary>Selectors, topics and calldata against the values in the protocol reference (§16.1).</summary>
[Category("Vectors")]
public sealed class BondingManagerAbiTests
{
    // protocol-contracts.md §16.1, "BondingManager (via proxy) — functions": canonical signature → selector.
    private static readonly Dictionary<string, string> ReferenceSelectors = new()
    {
        ["bond(uint256,address)"] = "0xb78d27dc",
        ["bondForWithHint(uint256,address,address,address,address,address,address)"] = "0xee4e804a",
        ["bondWithHint(uint256,address,address,address,address,address)"] = "0x6bd9add4",
        ["checkpointBondingState(address)"] = "0xd52bd62b",
        ["claimEarnings(uint256)"] = "0x24b1babf",
        ["controller()"] = "0xf77c4791",
        ["currentRoundTotalActiveStake()"] = "0x4196ee75",
        ["delegatorStatus(address)"] = "0x1544fc67",
        ["getDelegator(address)"] = "0xa64ad595",
        ["getDelegatorUnbondingLock(address,uint256)"] = "0x412f83b6",
        ["getFirstTranscoderInPool()"] = "0x88a6c749",
        ["getNextTranscoderInPool(address)"] = "0x235c9603",
        ["getTotalBonded()"] = "0x5c50c356",
        ["getTranscoder(address)"] = "0x5dce9948",
        ["getTranscoderEarningsPoolForRound(address,uint256)"] = "0x24454fc4",
        ["getTranscoderPoolMaxSize()"] = "0x5a2a75a9",
        ["getTranscoderPoolSize()"] = "0x2a4e0d55",
        ["isActiveTranscoder(address)"] = "0x08802374",
        ["isRegisteredTranscoder(address)"] = "0x68ba170c",
        ["isValidUnbondingLock(address,uint256)"] = "0x0fd02fc1",
        ["nextRoundTotalActiveStake()"] = "0x465501d3",
        ["nextRoundTreasuryRewardCutRate()"] = "0xa5766231",
        ["pendingFees(address,uint256)"] = "0xf595f1cc",
        ["pendingStake(address,uint256)"] = "0x9d0b2c7a",
        ["rebond(uint256)"] = "0xeaffb3f9",
        ["rebondFromUnbonded(address,uint256)"] = "0x3a080e93",
        ["rebondFromUnbondedWithHint(address,uint256,address,address)"] = "0x0584a373",
        ["rebondWithHint(uint256,address,address)"] = "0x7fc4606f",
        ["reward()"] = "0x228cb733",
        ["rewardWithHint(address,address)"] = "0x81871056",
        ["setController(address)"] = "0x92eefe9b",
        ["setCurrentRoundTotalActiveStake()"] = "0x713f2216",
        ["setNumActiveTranscoders(uint256)"] = "0x673a456b",
        ["setTreasuryBalanceCeiling(uint256)"] = "0x40e6f271",
        ["setTreasuryRewardCutRate(uint256)"] = "0xcf33a0d5",
        ["setUnbondingPeriod(uint64)"] = "0xf10d1de1",
        ["slashTranscoder(address,address,uint256,uint256)"] = "0x22bf9d7c",
        ["targetContractId()"] = "0x51720b41",
        ["transcoder(uint256,uint256)"] = "0x43d3461a",
        ["transcoderStatus(address)"] = "0x8b2f1652",
        ["transcoderTotalStake(address)"] = "0x9ef9df94",
        ["transcoderWithHint(uint256,uint256,address,address)"] = "0x3550aa10",
        ["transferBond(address,uint256,address,address,address,address)"] = "0x062e98b8",
        ["treasuryBalanceCeiling()"] = "0x84a16bbc",
        ["treasuryRewardCutRate()"] = "0x558f8f44",
        ["unbond(uint256)"] = "0x27de9e32",
        ["unbondingPeriod()"] = "0x6cf6d675",
        ["unbondWithHint(uint256,address,address)"] = "0x9500ed9b",
        ["updateTranscoderWithFees(address,uint256,uint256)"] = "0x3aeb512c",
        ["withdrawFees(address,uint256)"] = "0xad3b1b47",
        ["withdrawStake(uint256)"] = "0x25d5971f",
    };

    // protocol-contracts.md §16.1, "BondingManager (via proxy) — events": full signature (indexed marked) → topic0.
    private static readonly Dictionary<string, string> ReferenceTopics = new()
    {
        ["Bond(address indexed newDelegate, address indexed oldDelegate, address indexed delegator, uint256 additionalAmount, uint256 bondedAmount)"] = "0xe5917769f276ddca9f2ee7c6b0b33e1d1e1b61008010ce622c632dd20d168a23",
        ["EarningsClaimed(address indexed delegate, address indexed delegator, uint256 rewards, uint256 fees, uint256 startRound, uint256 endRound)"] = "0xd7eab0765b772ea6ea859d5633baf737502198012e930f257f90013d9b211094",
        ["ParameterUpdate(string param)"] = "0x9f5033568d78ae30f29f01e944f97b2216493bd19d1b46d429673acff3dcd674",
        ["Rebond(address indexed delegate, address indexed delegator, uint256 unbondingLockId, uint256 amount)"] = "0x9f5b64cc71e1e26ff178caaa7877a04d8ce66fde989251870e80e6fbee690c17",
        ["Reward(address indexed transcoder, uint256 amount)"] = "0x619caafabdd75649b302ba8419e48cccf64f37f1983ac4727cfb38b57703ffc9",
        ["SetController(address controller)"] = "0x4ff638452bbf33c012645d18ae6f05515ff5f2d1dfb0cece8cbf018c60903f70",
        ["TranscoderActivated(address indexed transcoder, uint256 activationRound)"] = "0x65d72d782835d64c3287844a829608d5abdc7e864cc9affe96d910ab3db665e9",
        ["TranscoderDeactivated(address indexed transcoder, uint256 deactivationRound)"] = "0xfee3e693fc72d0a0a673805f3e606c551f4c677b9072444b90dd2d0406bc995c",
        ["TranscoderSlashed(address indexed transcoder, address finder, uint256 penalty, uint256 finderReward)"] = "0xf4b71fed8e2c9a8c67c388bc6d35ad20b9368a24eed6d565459f2b277b6c0c22",
        ["TranscoderUpdate(address indexed transcoder, uint256 rewardCut, uint256 feeShare)"] = "0x7346854431dbb3eb8e373c604abf89e90f4865b8447e1e2834d7b3e4677bf544",
        ["TransferBond(address indexed oldDelegator, address indexed newDelegator, uint256 oldUnbondingLockId, uint256 newUnbondingLockId, uint256 amount)"] = "0xf136b986590e86cf1abd7b6600186a7a1178ad3cbbdf0f3312e79f6214a2a567",
        ["TreasuryReward(address indexed transcoder, address treasury, uint256 amount)"] = "0x40e200718fe552021167687e5491d09f5931275b6f88f14a462650f0effb5237",
        ["Unbond(address indexed delegate, address indexed delegator, uint256 unbondingLockId, uint256 amount, uint256 withdrawRound)"] = "0x2d5d98d189bee5496a08db2a5948cb7e5e786f09d17d0c3f228eb41776c24a06",
        ["WithdrawFees(address indexed delegator, address recipient, uint256 amount)"] = "0x4f1b51dd7a2fcb861aa2670f668be66835c4ee12b4bbbf037e4d0018f39819e4",
        ["WithdrawStake(address indexed delegator, uint256 unbondingLockId, uint256 amount, uint256 withdrawRound)"] = "0x1340f1a8f3d456a649e1a12071dfa15655e3d09252131d0f980c3b405cc8dd2e",
    };

    private static IEnumerable<AbiFunction> ClientFunctions() => BondingManagerClient.Functions;

    private static IEnumerable<AbiEvent> ClientEvents() => BondingManagerClient.EventCatalog.Events;

    [TestCaseSource(nameof(ClientFunctions))]
    public void Function_Selector_MatchesReference(AbiFunction function)
    {
        Assert.That(ReferenceSelectors.TryGetValue(function.Signature, out var expected), Is.True, $"{function.Signature} is not a BondingManager function in the reference");
        Assert.That(function.SelectorHex, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(ClientEvents))]
    public void Event_Topic0AndIndexedFlags_MatchReference(AbiEvent abiEvent)
    {
        var full = $"{abiEvent.Name}({string.Join(", ", abiEvent.Inputs.Select(p => $"{p.Type.CanonicalName}{(p.Indexed ? " indexed" : string.Empty)} {p.Name}"))})";
        Assert.That(ReferenceTopics.TryGetValue(full, out var expected), Is.True, $"{full} is not a BondingManager event in the reference");
        Assert.That(abiEvent.Topic0Hex, Is.EqualTo(expected));
    }

    [Test]
    public void Functions_CoverEveryUserFacingFunctionOfTheReference()
    {
        // Left out on purpose: governance setters, calls only other protocol contracts may make, and the proxy's own setter.
        string[] notBound =
        [
            "setController(address)", "setCurrentRoundTotalActiveStake()", "setNumActiveTranscoders(uint256)",
            "setTreasuryBalanceCeiling(uint256)", "setTreasuryRewardCutRate(uint256)", "setUnbondingPeriod(uint64)",
            "slashTranscoder(address,address,uint256,uint256)", "updateTranscoderWithFees(address,uint256,uint256)",
            "targetContractId()",
        ];
        var bound = ClientFunctions().Select(f => f.Signature).ToHashSet();
        var missing = ReferenceSelectors.Keys.Where(s => !bound.Contains(s) && !notBound.Contains(s)).ToList();
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void Events_CoverTheIssueList()
    {
        string[] required = ["Bond", "Unbond", "Rebond", "Reward", "TranscoderUpdate", "TranscoderActivated", "TranscoderDeactivated", "WithdrawStake", "WithdrawFees", "EarningsClaimed"];
        Assert.That(ClientEvents().Select(e => e.Name), Is.SupersetOf(required));
    }

    [Test]
    public void EncodeCall_Bond_MatchesHandBuiltEncoding()
    {
        var to = EthAddress.Parse("0x1111111111111111111111111111111111111111");
        var data = BondingManagerClient.BondFunction.EncodeCall(Wei.FromEther(1), to);
        const string expected = "0xb78d27dc"
            + "0000000000000000000000000000000000000000000000000de0b6b3a7640000"
            + "0000000000000000000000001111111111111111111111111111111111111111";
        Assert.That(Hex.Encode(data), Is.EqualTo(expected));
    }

    [Test]
    public void EncodeCall_BondWithHint_MatchesHandBuiltEncoding()
    {
        var data = BondingManagerClient.BondWithHintFunction.EncodeCall(
            new Wei(5),
            EthAddress.Parse("0x00000000000000000000000000000000000000aa"),
            EthAddress.Parse("0x00000000000000000000000000000000000000b1"),
            EthAddress.Parse("0x00000000000000000000000000000000000000b2"),
            EthAddress.Parse("0x00000000000000000000000000000000000000c1"),
            EthAddress.Parse("0x00000000000000000000000000000000000000c2"));
        const string expected = "0x6bd9add4"
            + "0000000000000000000000000000000000000000000000000000000000000005"
            + "00000000000000000000000000000000000000000000000000000000000000aa"
            + "00000000000000000000000000000000000000000000000000000000000000b1"
            + "00000000000000000000000000000000000000000000000000000000000000b2"
            + "00000000000000000000000000000000000000000000000000000000000000c1"
            + "00000000000000000000000000000000000000000000000000000000000000c2";
        Assert.That(Hex.Encode(data), Is.EqualTo(expected));
    }

    [Test]
    public void EncodeCall_Transcoder_MatchesHandBuiltEncoding()
    {
        var data = BondingManagerClient.TranscoderFunction.EncodeCall(StakingMath.FractionToPartsPerMillion(0.1m), StakingMath.FractionToPartsPerMillion(0.5m));
        const string expected = "0x43d3461a"
            + "00000000000000000000000000000000000000000000000000000000000186a0"
            + "000000000000000000000000000000000000000000000000000000000007a120";
        Assert.That(Hex.Encode(data), Is.EqualTo(expected));
    }

    [Test]
    public void EncodeCall_PendingFees_MatchesHandBuiltEncoding()
    {
        var data = BondingManagerClient.PendingFeesFunction.EncodeCall(EthAddress.Parse("0x2222222222222222222222222222222222222222"), BigInteger.Zero);
        const string expected = "0xf595f1cc"
            + "0000000000000000000000002222222222222222222222222222222222222222"
            + "0000000000000000000000000000000000000000000000000000000000000000";
        Assert.That(Hex.Encode(data), Is.EqualTo(expected));
    }

    [Test]
    public void EventCatalog_BondLog_DecodesTypedEvent()
    {
        var bond = BondingManagerClient.EventCatalog.Events.Single(e => e.Name == "Bond");
        var newDelegate = EthAddress.Parse("0x00000000000000000000000000000000000000a1");
        var oldDelegate = EthAddress.Parse("0x00000000000000000000000000000000000000a2");
        var delegator = EthAddress.Parse("0x00000000000000000000000000000000000000a3");
        var log = new LogEntry
        {
            Address = EthAddress.Parse("0x35Bcf3c30594191d53231E4FF333E8A770453e40"),
            Topics = [bond.Topic0.ToArray(), Uint256.ToPadded(new BigInteger(0xa1)), Uint256.ToPadded(new BigInteger(0xa2)), Uint256.ToPadded(new BigInteger(0xa3))],
            Data = [.. Uint256.ToPadded(100), .. Uint256.ToPadded(350)],
        };

        Assert.That(BondingManagerClient.EventCatalog.TryDecode(log, out var decoded), Is.True);
        Assert.That(decoded, Is.EqualTo(new BondEvent(newDelegate, oldDelegate, delegator, new Wei(100), new Wei(350)) { Log = log }));
    }

    [Test]
    public void EventCatalog_TranscoderUpdateLog_ExposesFractions()
    {
        var update = BondingManagerClient.EventCatalog.Events.Single(e => e.Name == "TranscoderUpdate");
        var log = new LogEntry
        {
            Address = EthAddress.Zero,
            Topics = [update.Topic0.ToArray(), Uint256.ToPadded(new BigInteger(0xa1))],
            Data = [.. Uint256.ToPadded(250_000), .. Uint256.ToPadded(900_000)],
        };

        Assert.That(BondingManagerClient.EventCatalog.TryDecode(log, out var decoded), Is.True);
        var typed = (TranscoderUpdateEvent)decoded!;
        Assert.That(typed.RewardCut, Is.EqualTo(new BigInteger(250_000)));
        Assert.That(typed.RewardCutFraction, Is.EqualTo(0.25m));
        Assert.That(typed.FeeShareFraction, Is.EqualTo(0.9m));
    }
}

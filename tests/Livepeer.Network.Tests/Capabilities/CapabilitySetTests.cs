namespace Livepeer.Network.Tests.Capabilities;

public sealed class CapabilitySetTests
{
    [Test]
    [Category("Vectors")]
    public void ToBitstring_TranscodingJob_Is4099()
        => Assert.That(CapabilitySet.ToBitstring([Capability.H264, Capability.MpegTs, Capability.AuthToken]), Is.EqualTo(new ulong[] { 4099 }));

    [Test]
    [Category("Vectors")]
    public void ToBitstring_HttpPushJob_Is67112963()
        => Assert.That(
            CapabilitySet.ToBitstring([Capability.H264, Capability.MpegTs, Capability.AuthToken, Capability.SegmentSlicing]),
            Is.EqualTo(new ulong[] { 67112963 }));

    [Test]
    [Category("Vectors")]
    public void ToBitstring_DefaultsPlusTextToImage_Is201351167()
        => Assert.That(
            CapabilitySet.ToBitstring(CapabilitySet.DefaultCapabilities.Append(Capability.TextToImage)),
            Is.EqualTo(new ulong[] { 201351167 }));

    [Test]
    [Category("Vectors")]
    public void ToBitstring_DefaultsPlusLiveVideoToVideo_Is34426871807()
        => Assert.That(
            CapabilitySet.ToBitstring(CapabilitySet.DefaultCapabilities.Append(Capability.LiveVideoToVideo)),
            Is.EqualTo(new ulong[] { 34426871807 }));

    [Test]
    [Category("Vectors")]
    public void Legacy_Bitstring_Is4095()
        => Assert.That(CapabilitySet.Legacy.Bitstring, Is.EqualTo(new ulong[] { 4095 }));

    [Test]
    public void DefaultCapabilities_AreIds0To12And14And26()
        => Assert.That(CapabilitySet.DefaultTranscoder.Capabilities.Select(c => (int)c),
            Is.EqualTo(Enumerable.Range(0, 13).Append(14).Append(26)));

    [Test]
    public void OrchestratorMandatories_AreAuthToken()
        => Assert.That(CapabilitySet.OrchestratorMandatories, Is.EqualTo(new[] { Capability.AuthToken }));

    [Test]
    public void ToBitstring_HighIdAndUnused_GrowsWordsAndSkipsNegatives()
    {
        var words = CapabilitySet.ToBitstring([Capability.Unused, Capability.Invalid, (Capability)64, (Capability)130]);
        Assert.That(words, Is.EqualTo(new ulong[] { 0, 1, 4 }));
        Assert.That(CapabilitySet.FromBitstring(words), Is.EqualTo(new[] { (Capability)64, (Capability)130 }));
    }

    [Test]
    public void Contains_SetAndUnsetIds_Answers()
    {
        var set = CapabilitySet.Create(Capability.TextToImage);
        Assert.That(set.Contains(Capability.TextToImage), Is.True);
        Assert.That(set.Contains(Capability.H264), Is.False);
        Assert.That(set.Contains((Capability)200), Is.False);
        Assert.That(set.Contains(Capability.Unused), Is.False);
    }

    [Test]
    public void IsCompatibleWith_JobSubsetOfNode_True()
        => Assert.That(CapabilitySet.Create(Capability.H264, Capability.MpegTs, Capability.AuthToken).IsCompatibleWith(CapabilitySet.DefaultTranscoder), Is.True);

    [Test]
    public void IsCompatibleWith_JobBitMissingOnNode_False()
        => Assert.That(CapabilitySet.Create(Capability.H264, Capability.TextToImage).IsCompatibleWith(CapabilitySet.DefaultTranscoder), Is.False);

    [Test]
    public void IsCompatibleWith_JobLongerThanNode_False()
    {
        var node = new CapabilitySet { Bitstring = [ulong.MaxValue] };
        Assert.That(CapabilitySet.Create((Capability)64).IsCompatibleWith(node), Is.False);
        Assert.That(new CapabilitySet { Bitstring = [1, 0] }.IsCompatibleWith(node), Is.False);
    }

    [Test]
    public void IsCompatibleWith_NodeMandatoryMissingFromJob_False()
    {
        var node = CapabilitySet.DefaultTranscoder;
        var strictNode = new CapabilitySet { Bitstring = node.Bitstring, Mandatories = CapabilitySet.ToBitstring(CapabilitySet.OrchestratorMandatories) };
        Assert.That(CapabilitySet.Create(Capability.H264).IsCompatibleWith(strictNode), Is.False);
        Assert.That(CapabilitySet.Create(Capability.H264, Capability.AuthToken).IsCompatibleWith(strictNode), Is.True);
    }

    [Test]
    public void IsCompatibleWith_NodeWithoutCapabilities_AcceptsLegacyJobsOnly()
    {
        Assert.That(CapabilitySet.Create(Capability.H264, Capability.Gop).IsCompatibleWith(null), Is.True);
        Assert.That(CapabilitySet.Create(Capability.H264, Capability.AuthToken).IsCompatibleWith(null), Is.False);
    }

    [TestCase("0.9.1", "0.9.1", true)]
    [TestCase("0.9.1", "0.9.2", true)]
    [TestCase("0.9.1", "1.0.0", true)]
    [TestCase("0.9.1", "v0.9.1", true)]
    [TestCase("0.9.1-dev", "0.9.1", true)]
    [TestCase("0.9.1", "0.9.1-abcdef", true)]
    [TestCase("0.9.1", "0.9.0", false)]
    [TestCase("0.9.1", "0.9.0-post", false)]
    [TestCase("0.9.1", "", false)]
    [TestCase("0.9.1", "undefined", false)]
    [TestCase("0.9.1", "not-a-version", false)]
    [TestCase("not-a-version", "0.1.0", true)]
    [TestCase("1.2", "1.2.0", true)]
    [TestCase("1.10.0", "1.9.9", false)]
    public void IsCompatibleWith_MinVersion_FollowsSemverWithoutPrerelease(string minVersion, string nodeVersion, bool expected)
    {
        var job = new CapabilitySet { Bitstring = [4099], MinVersion = minVersion };
        var node = new CapabilitySet { Bitstring = CapabilitySet.DefaultTranscoder.Bitstring, Version = nodeVersion };
        Assert.That(job.IsCompatibleWith(node), Is.EqualTo(expected));
    }

    [Test]
    public void IsCompatibleWith_ModelConstraints_FollowGoLivepeer()
    {
        var bits = CapabilitySet.ToBitstring([Capability.TextToImage]);
        CapabilitySet Job(ModelConstraint wanted) => new()
        {
            Bitstring = bits,
            PerCapability = new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>> { [Capability.TextToImage] = new Dictionary<string, ModelConstraint> { ["sd"] = wanted } },
        };
        CapabilitySet Node(string model, ModelConstraint offered) => new()
        {
            Bitstring = bits,
            PerCapability = new Dictionary<Capability, IReadOnlyDictionary<string, ModelConstraint>> { [Capability.TextToImage] = new Dictionary<string, ModelConstraint> { [model] = offered } },
        };

        Assert.Multiple(() =>
        {
            Assert.That(Job(new(Warm: true)).IsCompatibleWith(Node("sd", new(Warm: true))), Is.True);
            Assert.That(Job(new(Warm: true)).IsCompatibleWith(Node("sd", new(Warm: false))), Is.False, "warm required");
            Assert.That(Job(new()).IsCompatibleWith(Node("sd", new(Warm: false))), Is.True);
            Assert.That(Job(new()).IsCompatibleWith(Node("other", new())), Is.False, "model missing");
            Assert.That(Job(new()).IsCompatibleWith(new CapabilitySet { Bitstring = bits }), Is.True, "node without constraints");
            Assert.That(Job(new(RunnerVersion: "0.5.0")).IsCompatibleWith(Node("sd", new(RunnerVersion: "0.4.9"))), Is.False, "runner too old");
            Assert.That(Job(new(RunnerVersion: "0.5.0")).IsCompatibleWith(Node("sd", new(RunnerVersion: "0.5.0-rc1"))), Is.True);
        });
    }

    [Test]
    public void Names_EveryKnownId_HasGoLivepeersName()
    {
        Assert.That(CapabilityNames.All, Has.Count.EqualTo(38));
        Assert.That(CapabilityNames.All.Select(CapabilityNames.GetName), Has.None.StartsWith("Capability("));
        Assert.That(CapabilityNames.GetName(Capability.H264), Is.EqualTo("H.264"));
        Assert.That(CapabilityNames.GetName(Capability.ProfileH264ConstrainedHigh), Is.EqualTo("H264 Constained High profile"));
        Assert.That(CapabilityNames.GetName(Capability.Llm), Is.EqualTo("Llm"));
        Assert.That(CapabilityNames.GetName((Capability)99), Is.EqualTo("Capability(99)"));
    }

    [TestCase("text-to-image", Capability.TextToImage)]
    [TestCase("image-to-video", Capability.ImageToVideo)]
    [TestCase("llm", Capability.Llm)]
    [TestCase("segment-anything-2", Capability.SegmentAnything2)]
    [TestCase("live-video-to-video", Capability.LiveVideoToVideo)]
    [TestCase("text-to-speech", Capability.TextToSpeech)]
    public void TryFromPipeline_KnownPipeline_MapsToCapability(string pipeline, Capability expected)
    {
        Assert.That(CapabilityNames.TryFromPipeline(pipeline, out var capability), Is.True);
        Assert.That(capability, Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("paint-a-picture")]
    [TestCase("unused")]
    public void TryFromPipeline_Unknown_False(string? pipeline)
        => Assert.That(CapabilityNames.TryFromPipeline(pipeline, out _), Is.False);
}

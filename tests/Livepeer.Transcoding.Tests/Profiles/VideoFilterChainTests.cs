namespace Livepeer.Transcoding.Tests.Profiles;

public sealed class VideoFilterChainTests
{
    private static readonly VideoSize Hd = new(1280, 720);

    [Test]
    public void Build_SoftwareToSoftware_ScaleThenFps()
    {
        Assert.That(VideoFilterChain.Build(Hd, new FrameRate(30), VideoPipeline.Software), Is.EqualTo("scale=w=1280:h=720,fps=30/1"));
    }

    [Test]
    public void Build_Passthrough_NoFpsFilter()
    {
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, VideoPipeline.Software), Is.EqualTo("scale=w=1280:h=720"));
    }

    [Test]
    public void Build_FractionalFps_NumOverDen()
    {
        Assert.That(VideoFilterChain.Build(Hd, new FrameRate(30000, 1001), VideoPipeline.Software), Does.EndWith(",fps=30000/1001"));
    }

    [Test]
    public void Build_SoftwareToNvidia_UploadThenNpp()
    {
        var pipeline = new VideoPipeline(VideoAcceleration.Software, VideoAcceleration.Nvidia);
        Assert.That(VideoFilterChain.Build(Hd, new FrameRate(25), pipeline),
            Is.EqualTo("hwupload_cuda,scale_npp=w=1280:h=720:interp_algo=super,fps=25/1"));
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, pipeline with { EncodeDevice = "1" }),
            Is.EqualTo("hwupload_cuda=device=1,scale_npp=w=1280:h=720:interp_algo=super"));
    }

    [Test]
    public void Build_NvidiaToNvidia_NppOnly()
    {
        var pipeline = new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Nvidia) { DecodeDevice = "0", EncodeDevice = "0" };
        Assert.That(VideoFilterChain.Build(Hd, new FrameRate(30), pipeline), Is.EqualTo("scale_npp=w=1280:h=720:interp_algo=super,fps=30/1"));
    }

    [Test]
    public void Build_NvidiaToNvidiaOtherDevice_IncompatibleDevices()
    {
        var pipeline = new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Nvidia) { DecodeDevice = "0", EncodeDevice = "1" };
        var e = Assert.Throws<TranscodingException>(() => VideoFilterChain.Build(Hd, new FrameRate(30), pipeline));
        Assert.That(e!.Message, Is.EqualTo("TranscoderIncompatibleDevices"));
        Assert.That(e.IsRetryable, Is.False);
    }

    [Test]
    public void Build_NvidiaToSoftware_Download()
    {
        var pipeline = new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Software);
        Assert.That(VideoFilterChain.Build(Hd, new FrameRate(30), pipeline),
            Is.EqualTo("scale_npp=w=1280:h=720:interp_algo=super,hwdownload,format=nv12,fps=30/1"));
    }

    [Test]
    public void Build_ScaleCuda_NoInterpAlgo()
    {
        var nvnv = new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Nvidia) { Scaler = CudaScaler.Cuda };
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, nvnv), Is.EqualTo("scale_cuda=w=1280:h=720"));
        var swnv = new VideoPipeline(VideoAcceleration.Software, VideoAcceleration.Nvidia) { Scaler = CudaScaler.Cuda };
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, swnv), Is.EqualTo("hwupload_cuda,scale_cuda=w=1280:h=720"));
        var nvsw = new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Software) { Scaler = CudaScaler.Cuda };
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, nvsw), Is.EqualTo("scale_cuda=w=1280:h=720,hwdownload,format=nv12"));
    }

    [Test]
    public void Build_ImageInputOnNvidia_Nv12PrefixThenUpload()
    {
        var pipeline = new VideoPipeline(VideoAcceleration.Nvidia, VideoAcceleration.Nvidia) { IsImageInput = true };
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, pipeline),
            Is.EqualTo("format=nv12,hwupload_cuda,scale_npp=w=1280:h=720:interp_algo=super"));
        Assert.That(VideoFilterChain.Build(Hd, FrameRate.Passthrough, VideoPipeline.Software with { IsImageInput = true }),
            Is.EqualTo("scale=w=1280:h=720"));
    }

    [Test]
    public void Build_FromProfile_UsesOutputSizeRule()
    {
        var chain = VideoFilterChain.Build(VideoProfile.P720p30fps16x9, new VideoSize(1440, 1080), VideoPipeline.Software);
        Assert.That(chain, Is.EqualTo("scale=w=1280:h=960,fps=30/1"));
        var portrait = VideoFilterChain.Build(VideoProfile.P240p30fps4x3, new VideoSize(1080, 1920), VideoPipeline.Software);
        Assert.That(portrait, Is.EqualTo("scale=w=180:h=320,fps=30/1"));
    }

    [Test]
    public void Build_ZeroOutput_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => VideoFilterChain.Build(new VideoSize(0, 720), FrameRate.Passthrough, VideoPipeline.Software));
    }
}

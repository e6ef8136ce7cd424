namespace Livepeer.Transcoding.Tests.Errors;

public sealed class TranscodeErrorsTests
{
    private static readonly string[] GoNonRetryable =
    [
        "Unsupported input pixel format", "Error initializing filtergraph", "Too many outputs", "Unsupported input codec",
        "No keyframes in input", "Unrecoverable state, restart process", "Encoded frames runaway",
        "Decoder not found", "Demuxer not found", "Encoder not found", "Muxer not found", "Option not found", "Invalid argument",
        "TranscoderInvalidResolution", "TranscoderInvalidVideo", "TranscoderUnrecognizedFormat", "TranscoderUnrecognizedProfile",
        "TranscoderInvalidGOP", "TranscoderIncompatibleDevices",
    ];

    [Test]
    [Category("Vectors")]
    public void NonRetryableErrors_MatchGoList()
    {
        Assert.That(TranscodeErrors.NonRetryableErrors, Is.EqualTo(GoNonRetryable));
    }

    [TestCaseSource(nameof(GoNonRetryable))]
    public void IsRetryable_NonRetryableString_False(string message)
    {
        Assert.That(TranscodeErrors.IsRetryable(message), Is.False);
    }

    [TestCase("invalid argument")]
    [TestCase("Invalid argument ")]
    [TestCase("Invalid argument: x")]
    [TestCase("OrchestratorBusy")]
    [TestCase("TranscoderBusy")]
    [TestCase("Cannot allocate memory")]
    [TestCase("TranscoderInvalidHardware")]
    [TestCase("")]
    public void IsRetryable_OtherStrings_TrueByteForByte(string message)
    {
        Assert.That(TranscodeErrors.IsRetryable(message), Is.True);
    }

    [TestCase(TranscodeErrorCode.UnsupportedInputPixelFormat, "Unsupported input pixel format")]
    [TestCase(TranscodeErrorCode.UnsupportedInputCodec, "Unsupported input codec")]
    [TestCase(TranscodeErrorCode.NoKeyframesInInput, "No keyframes in input")]
    [TestCase(TranscodeErrorCode.FilterGraphInitFailed, "Error initializing filtergraph")]
    [TestCase(TranscodeErrorCode.TooManyOutputs, "Too many outputs")]
    [TestCase(TranscodeErrorCode.Unrecoverable, "Unrecoverable state, restart process")]
    [TestCase(TranscodeErrorCode.EncodedFramesRunaway, "Encoded frames runaway")]
    [TestCase(TranscodeErrorCode.OutOfMemory, "Cannot allocate memory")]
    [TestCase(TranscodeErrorCode.InvalidData, "Invalid data found when processing input")]
    [TestCase(TranscodeErrorCode.InvalidResolution, "TranscoderInvalidResolution")]
    [TestCase(TranscodeErrorCode.InvalidHardware, "TranscoderInvalidHardware")]
    [TestCase(TranscodeErrorCode.InvalidInput, "TranscoderInvalidInput")]
    [TestCase(TranscodeErrorCode.InvalidClipConfig, "TranscoderInvalidClipConfig")]
    [TestCase(TranscodeErrorCode.InvalidVideo, "TranscoderInvalidVideo")]
    [TestCase(TranscodeErrorCode.InvalidDuration, "TranscoderInvalidDuration")]
    [TestCase(TranscodeErrorCode.Stopped, "TranscoderStopped")]
    [TestCase(TranscodeErrorCode.UnrecognizedFormat, "TranscoderUnrecognizedFormat")]
    [TestCase(TranscodeErrorCode.UnrecognizedProfile, "TranscoderUnrecognizedProfile")]
    [TestCase(TranscodeErrorCode.InvalidGop, "TranscoderInvalidGOP")]
    [TestCase(TranscodeErrorCode.IncompatibleDevices, "TranscoderIncompatibleDevices")]
    [TestCase(TranscodeErrorCode.EmptyData, "EmptyData")]
    [TestCase(TranscodeErrorCode.InvalidSignData, "InvalidSignData")]
    [TestCase(TranscodeErrorCode.InvalidPixelFormat, "TranscoderInvalidPixelformat")]
    [TestCase(TranscodeErrorCode.InvalidVideoData, "InvalidVideoData")]
    [TestCase(TranscodeErrorCode.TranscoderBusy, "TranscoderBusy")]
    [TestCase(TranscodeErrorCode.OrchestratorBusy, "OrchestratorBusy")]
    [TestCase(TranscodeErrorCode.OrchestratorCapped, "OrchestratorCapped")]
    [TestCase(TranscodeErrorCode.Timeout, "Remote transcoder took too long")]
    [TestCase(TranscodeErrorCode.InputTooLarge, "input bigger than max buffer size")]
    [Category("Vectors")]
    public void Exception_Code_VerbatimMessage(TranscodeErrorCode code, string message)
    {
        var e = new TranscodingException(code);
        Assert.That(e.Message, Is.EqualTo(message));
        Assert.That(e.ErrorCode, Is.EqualTo(code));
        Assert.That(e.IsRetryable, Is.EqualTo(!GoNonRetryable.Contains(message)));
        Assert.That(TranscodeErrors.TryGetCode(message, out var back), Is.True);
        Assert.That(back, Is.EqualTo(code));
    }

    [Test]
    public void GetMessage_EveryCode_NonEmptyAndDistinct()
    {
        var codes = Enum.GetValues<TranscodeErrorCode>();
        var messages = codes.Select(TranscodeErrors.GetMessage).ToList();
        Assert.That(messages, Has.All.Not.Empty);
        Assert.That(messages, Is.Unique);
    }

    [Test]
    public void Exception_UnknownCode_RetryableFromMessage()
    {
        Assert.That(new TranscodingException(TranscodeErrorCode.Unknown, "Invalid argument").IsRetryable, Is.False);
        Assert.That(new TranscodingException(TranscodeErrorCode.Unknown, "Broken pipe").IsRetryable, Is.True);
    }

    [Test]
    public void ConfigurationException_NotRetryable()
    {
        var e = new TranscodingConfigurationException("profiles[0].gop", "bad");
        Assert.That(e.IsRetryable, Is.False);
        Assert.That(e.Field, Is.EqualTo("profiles[0].gop"));
        Assert.That(e, Is.InstanceOf<TranscodingException>());
    }

    [TestCase("pipe:0: Invalid data found when processing input", TranscodeErrorCode.InvalidData)]
    [TestCase("Decoder (codec hevc) not found for input stream #0:0", TranscodeErrorCode.DecoderNotFound)]
    [TestCase("Decoder not found", TranscodeErrorCode.DecoderNotFound)]
    [TestCase("[h264_nvenc @ 0x1] OpenEncodeSessionEx failed: out of memory (10)\nError initializing output stream 0:0 -- Error while opening encoder for output stream #0:0 - maybe incorrect parameters such as bit_rate, rate, width or height\n", TranscodeErrorCode.OutOfMemory)]
    [TestCase("Error while filtering: Cannot allocate memory", TranscodeErrorCode.OutOfMemory)]
    [TestCase("Unknown encoder 'libfoo'", TranscodeErrorCode.EncoderNotFound)]
    [TestCase("Unrecognized option 'forced-idr'.\nError splitting the argument list: Option not found", TranscodeErrorCode.OptionNotFound)]
    [TestCase("Unable to find a suitable output format for 'x.abc'", TranscodeErrorCode.MuxerNotFound)]
    [TestCase("Unknown input format: 'foo'", TranscodeErrorCode.DemuxerNotFound)]
    [TestCase("[AVFilterGraph @ 0x1] No such filter: 'scale_npp'\nError initializing complex filters.\nInvalid argument", TranscodeErrorCode.FilterGraphInitFailed)]
    [TestCase("Stream map '0:v:0' matches no streams.", TranscodeErrorCode.InvalidVideo)]
    [TestCase("[mpegts @ 0x1] Application provided invalid, non monotonically increasing dts to muxer in stream 0", TranscodeErrorCode.InvalidArgument)]
    [TestCase("av_interleaved_write_frame(): Invalid argument", TranscodeErrorCode.InvalidArgument)]
    [TestCase("frame=  100 fps=0.0 q=-1.0 Lsize=     100kB", TranscodeErrorCode.Unknown)]
    public void FromFfmpegOutput_KnownText_Code(string stderr, TranscodeErrorCode expected)
    {
        Assert.That(TranscodeErrors.FromFfmpegOutput(stderr), Is.EqualTo(expected));
    }

    [Test]
    public void CreateFromFfmpegOutput_Known_StandardMessage()
    {
        var e = TranscodeErrors.CreateFromFfmpegOutput("x\n[in] Invalid data found when processing input\nConversion failed!\n");
        Assert.That(e.ErrorCode, Is.EqualTo(TranscodeErrorCode.InvalidData));
        Assert.That(e.Message, Is.EqualTo("Invalid data found when processing input"));
        Assert.That(e.IsRetryable, Is.True);
    }

    [Test]
    public void CreateFromFfmpegOutput_Unknown_LastLine()
    {
        var e = TranscodeErrors.CreateFromFfmpegOutput("first\nsomething odd happened  \n\n");
        Assert.That(e.ErrorCode, Is.EqualTo(TranscodeErrorCode.Unknown));
        Assert.That(e.Message, Is.EqualTo("something odd happened"));
        Assert.That(TranscodeErrors.CreateFromFfmpegOutput(string.Empty).Message, Is.EqualTo("Unknown error"));
    }

    [Test]
    [Category("Vectors")]
    public void Limits_MatchLpmsAndGoLivepeer()
    {
        Assert.That(TranscodeLimits.MaxOutputs, Is.EqualTo(10));
        Assert.That(TranscodeLimits.MaxInputDuration, Is.EqualTo(TimeSpan.FromSeconds(300)));
        Assert.That(TranscodeLimits.MaxSegmentBytes, Is.EqualTo(300L * 8_000_000 / 8));
        Assert.That(TranscodeLimits.MaxEncodedFramesPerDecodedFrame, Is.EqualTo(25));
        Assert.That(TranscodeLimits.DefaultSegmentDuration, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(TranscodeLimits.MaxSegmentDuration, Is.EqualTo(TimeSpan.FromMinutes(5)));
        Assert.That(TranscodeLimits.ExtremelyLargeOutputPixels, Is.EqualTo(7_378_560_000L));
    }
}

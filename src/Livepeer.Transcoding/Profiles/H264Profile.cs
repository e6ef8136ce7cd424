namespace Livepeer.Transcoding;

/// <summary>The H.264 encoder profile. The values equal the wire values of <c>VideoProfile.profile</c>.</summary>
public enum H264Profile
{
    /// <summary>The encoder's default profile (wire <c>ENCODER_DEFAULT</c>).</summary>
    None = 0,

    /// <summary>Baseline (no B-frames).</summary>
    Baseline = 1,

    /// <summary>Main.</summary>
    Main = 2,

    /// <summary>High.</summary>
    High = 3,

    /// <summary>High without B-frames: encoded as <c>profile=high</c> with <c>bf=0</c>.</summary>
    ConstrainedHigh = 4,
}

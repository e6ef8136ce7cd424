namespace Livepeer.Transcoding;

/// <summary>go-livepeer's load-balancer cost of a session (<c>core/lb.go</c>).</summary>
internal static class PlacementCost
{
    /// <summary>The frame rate assumed for a passthrough profile.</summary>
    public const int PassthroughFps = 30;

    /// <summary>Σ over profiles of width × height × fps, with fps = numerator / denominator in integer division
    /// (30000/1001 counts as 29) and 30 for passthrough.</summary>
    public static long Of(IReadOnlyList<VideoProfile> profiles)
    {
        long cost = 0;
        foreach (var profile in profiles)
        {
            var fps = profile.FrameRate.IsPassthrough ? PassthroughFps : profile.FrameRate.Num / profile.FrameRate.Den;
            cost += (long)profile.Width * profile.Height * fps;
        }

        return cost;
    }
}

using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>A frame size in pixels.</summary>
/// <param name="Width">The width.</param>
/// <param name="Height">The height.</param>
public readonly record struct VideoSize(int Width, int Height)
{
    /// <summary>Width × height.</summary>
    public long Pixels => (long)Width * Height;

    /// <summary>Returns <c>WxH</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
}

/// <summary>The smallest and largest frame an encoder accepts.</summary>
/// <param name="MinWidth">The smallest width.</param>
/// <param name="MinHeight">The smallest height.</param>
/// <param name="MaxWidth">The largest width.</param>
/// <param name="MaxHeight">The largest height.</param>
public readonly record struct VideoSizeLimits(int MinWidth, int MinHeight, int MaxWidth, int MaxHeight);

using System.Globalization;

namespace Livepeer.Transcoding;

/// <summary>What a <see cref="Gop"/> asks of the encoder.</summary>
public enum GopKind
{
    /// <summary>The encoder's default keyframe interval.</summary>
    Default = 0,

    /// <summary>Every frame is a keyframe.</summary>
    IntraOnly = 1,

    /// <summary>A keyframe every <see cref="Gop.Interval"/>.</summary>
    Interval = 2,
}

/// <summary>
/// The keyframe interval of a rendition: the encoder default, intra-only, or a positive duration.
/// JSON form: a float string of seconds (<c>"2"</c>, <c>"0.5"</c>; <c>"0"</c> is the default) or <c>"intra"</c>.
/// Wire form: milliseconds, −1 for intra-only, 0 for the default.
/// </summary>
public readonly record struct Gop
{
    /// <summary>The wire value that marks an intra-only GOP.</summary>
    public const int WireIntraOnly = -1;

    /// <summary>The JSON value that marks an intra-only GOP.</summary>
    public const string JsonIntraOnly = "intra";

    private Gop(GopKind kind, TimeSpan interval)
    {
        Kind = kind;
        Interval = interval;
    }

    /// <summary>The encoder's default keyframe interval.</summary>
    public static Gop Default => default;

    /// <summary>Every frame is a keyframe.</summary>
    public static Gop IntraOnly => new(GopKind.IntraOnly, TimeSpan.Zero);

    /// <summary>What this GOP asks of the encoder.</summary>
    public GopKind Kind { get; }

    /// <summary>The keyframe interval when <see cref="Kind"/> is <see cref="GopKind.Interval"/>; zero otherwise.</summary>
    public TimeSpan Interval { get; }

    /// <summary>True for the encoder default.</summary>
    public bool IsDefault => Kind == GopKind.Default;

    /// <summary>True for intra-only.</summary>
    public bool IsIntraOnly => Kind == GopKind.IntraOnly;

    /// <summary>A keyframe every <paramref name="interval"/>.</summary>
    /// <param name="interval">A positive duration.</param>
    /// <returns>The GOP.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="interval"/> is not positive.</exception>
    public static Gop FromInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return new Gop(GopKind.Interval, interval);
    }

    /// <summary>A keyframe every <paramref name="seconds"/> seconds, truncated to 100 ns.</summary>
    /// <param name="seconds">A positive, finite number of seconds.</param>
    /// <returns>The GOP.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is not positive and finite, or
    /// shorter than 100 ns.</exception>
    public static Gop FromSeconds(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds * TimeSpan.TicksPerSecond >= long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A GOP must be a positive, finite number of seconds.");
        }

        // go-livepeer truncates seconds × 1e9 to whole nanoseconds; ticks are the closest .NET unit.
        var ticks = (long)(seconds * TimeSpan.TicksPerSecond);
        if (ticks == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "A GOP must be at least 100 ns.");
        }

        return new Gop(GopKind.Interval, TimeSpan.FromTicks(ticks));
    }

    /// <summary>Reads the JSON form: a float string of seconds or <c>"intra"</c>; empty or zero is the default.</summary>
    /// <param name="text">The text.</param>
    /// <param name="gop">The GOP when the text is valid.</param>
    /// <returns>True when the text is valid; negative, non-finite and non-numeric values are not.</returns>
    public static bool TryParse(string? text, out Gop gop)
    {
        gop = default;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (string.Equals(text, JsonIntraOnly, StringComparison.Ordinal))
        {
            gop = IntraOnly;
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds < 0)
        {
            return false;
        }

        if (seconds == 0)
        {
            return true;
        }

        if (seconds * TimeSpan.TicksPerSecond is < 1 or >= long.MaxValue)
        {
            return false;
        }

        gop = FromSeconds(seconds);
        return true;
    }

    /// <summary>Reads the wire form: milliseconds, −1 for intra-only, 0 for the default.</summary>
    /// <param name="milliseconds">The wire value.</param>
    /// <returns>The GOP.</returns>
    /// <exception cref="TranscodingException">Any other negative value (<c>TranscoderInvalidGOP</c>).</exception>
    public static Gop FromWire(int milliseconds) => milliseconds switch
    {
        0 => Default,
        WireIntraOnly => IntraOnly,
        > 0 => new Gop(GopKind.Interval, TimeSpan.FromMilliseconds(milliseconds)),
        _ => throw new TranscodingException(TranscodeErrorCode.InvalidGop),
    };

    /// <summary>The wire form: whole milliseconds (truncated), −1 for intra-only, 0 for the default.</summary>
    /// <returns>The wire value.</returns>
    public int ToWire() => Kind switch
    {
        GopKind.IntraOnly => WireIntraOnly,
        GopKind.Interval => (int)Math.Min(int.MaxValue, Interval.Ticks / TimeSpan.TicksPerMillisecond),
        _ => 0,
    };

    /// <summary>The JSON form: <c>""</c>, <c>"intra"</c> or the seconds as a float string.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Kind switch
    {
        GopKind.IntraOnly => JsonIntraOnly,
        GopKind.Interval => Interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
        _ => string.Empty,
    };
}

using System.Globalization;
using System.Text.Json.Serialization;

namespace Needle.Training.Curriculum;

/// <summary>
/// The V7 online-curriculum setting of a run (<c>--curriculum off|median|Q</c>, trial key <c>curriculum</c>): a
/// candidate sequence whose loss lies below the running <see cref="Quantile"/> of recent sequence losses is
/// "boring" and is replaced by a fresh one (docs/accelerators.md, V7, says why replace and not skip). Off is the
/// absence of this record (<see cref="Run.TrainConfig.Curriculum"/> null), so an off run's config JSON, hash and
/// computation are exactly those of a run that predates V7.
/// </summary>
public sealed record CurriculumSpec
{
    /// <summary>The text that turns V7 off.</summary>
    public const string OffText = "off";

    /// <summary>The default quantile (the median).</summary>
    public const double Median = 0.5;

    /// <summary>The running window holds the scores of this many batches' worth of candidate sequences: short, so
    /// the threshold follows the falling loss; long enough that one odd batch does not move it much.</summary>
    public const int WindowBatches = 4;

    /// <summary>At most this many candidate batches are scored per step; if the kept rows still fall short, the
    /// last batch's best rejected rows fill the rest (so a step's cost is bounded and never stalls).</summary>
    public const int MaxRounds = 8;

    /// <summary>Sequences scoring below this quantile of the running window are boring (0 &lt; q &lt; 1).</summary>
    [JsonPropertyName("quantile")]
    public double Quantile { get; init; } = Median;

    public void Validate()
    {
        if (!(Quantile > 0 && Quantile < 1))
            throw new ArgumentException($"curriculum: quantile {Quantile.ToString(CultureInfo.InvariantCulture)} is out of range; give off, median or a number strictly between 0 and 1");
    }

    /// <summary>Parses <c>off</c> (null), <c>median</c> (0.5) or a quantile in (0, 1), e.g. <c>0.7</c>.</summary>
    public static CurriculumSpec? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        if (t == OffText) return null;
        if (t == "median") return new CurriculumSpec();
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
            throw new ArgumentException($"curriculum: '{text}' is not off, median or a quantile strictly between 0 and 1 (e.g. 0.7)");
        var spec = new CurriculumSpec { Quantile = q };
        spec.Validate();
        return spec;
    }

    /// <summary>The text <see cref="Parse"/> reads back (median for 0.5).</summary>
    public static string Format(CurriculumSpec? spec) =>
        spec is null ? OffText : spec.Quantile == Median ? "median" : spec.Quantile.ToString("R", CultureInfo.InvariantCulture);
}

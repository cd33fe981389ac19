using System.Globalization;
using System.Text;

namespace Needle.Core.Canon;

/// <summary>
/// A parsed canon run name such as <c>IGLA-HYBRID-FP32-WSD-E0005-seed200</c> or <c>IGLA-ATTN-FP32-E0101-rng42</c>.
/// <see cref="ToString"/> gives back the exact canonical spelling for its <see cref="Form"/>.
/// </summary>
public sealed record CanonName(
    string Model, string Format, string? Tag, int? ExperimentId, int Seed, CanonForm Form)
{
    public const string Prefix = "IGLA-";

    /// <summary>True when the tag is <c>SMOKE</c> or ends with <c>-SMOKE</c> (the smoke-race marker).</summary>
    public bool IsSmokeTagged =>
        Tag is not null && (Tag == "SMOKE" || Tag.EndsWith("-SMOKE", StringComparison.Ordinal));

    /// <summary>
    /// The experiment this run is one seed of: the name with its seed replaced by <c>*</c>
    /// (<c>IGLA-HYBRID-FP32-WSD-E0005-seed*</c>). The victory gate's claims, the deploy validator's id rule and the
    /// plans all group by it: one experiment id names one configuration, and its seeds are the varying part.
    /// </summary>
    public string ExperimentKey
    {
        get
        {
            var text = (this with { Seed = 0 }).ToString();
            return text[..^1] + "*";
        }
    }

    /// <summary>The experiment id as written in names: E followed by exactly four digits.</summary>
    public static string FormatExperimentId(int id) => "E" + id.ToString("D4", CultureInfo.InvariantCulture);

    public override string ToString()
    {
        var sb = new StringBuilder(Prefix).Append(Model).Append('-').Append(Format);
        if (Form == CanonForm.Seed)
        {
            if (Tag is not null) sb.Append('-').Append(Tag);
            if (ExperimentId is { } e) sb.Append('-').Append(FormatExperimentId(e));
            sb.Append("-seed");
        }
        else
        {
            if (ExperimentId is { } e) sb.Append('-').Append(FormatExperimentId(e));
            if (Tag is not null) sb.Append('-').Append(Tag);
            sb.Append("-rng");
        }
        return sb.Append(Seed.ToString(CultureInfo.InvariantCulture)).ToString();
    }

    /// <summary>Parses either form; throws <see cref="CanonNameException"/> naming the broken rule.</summary>
    public static CanonName Parse(string name) => CanonNameParser.Parse(name);

    /// <summary>Parses either form without throwing; <paramref name="error"/> says why on failure.</summary>
    public static bool TryParse(string name, out CanonName? result, out CanonNameException? error)
    {
        try
        {
            result = CanonNameParser.Parse(name);
            error = null;
            return true;
        }
        catch (CanonNameException e)
        {
            result = null;
            error = e;
            return false;
        }
    }
}

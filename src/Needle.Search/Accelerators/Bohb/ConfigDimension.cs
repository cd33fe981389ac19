using System.Globalization;

namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// One lever of a configuration as the KDE sees it. Numeric levers are mapped to [0, 1] between the space's smallest
/// and largest value — on a log scale when every value is positive and they span a factor of 4 or more (learning
/// rates, widths), linearly otherwise; categorical levers are category indices. A lever a configuration does not have
/// (heads for TRAIN_V2, say) encodes as NaN for a numeric lever and as its own category for a categorical one.
/// </summary>
public sealed record ConfigDimension(string Key, bool Numeric, bool Log, bool Integer, double Min, double Max, IReadOnlyList<string> Categories)
{
    /// <summary>The category that stands for "this configuration has no such lever".</summary>
    public const string Missing = "";

    /// <summary>Builds the dimension from every value the space holds for <paramref name="key"/> (null = absent).</summary>
    public static ConfigDimension From(string key, IReadOnlyList<string?> values)
    {
        var present = values.OfType<string>().ToList();
        var numbers = present.Select(v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : (double?)null).ToList();
        if (present.Count > 0 && numbers.All(n => n is not null))
        {
            var xs = numbers.Select(n => n!.Value).ToList();
            var log = xs.All(x => x > 0) && xs.Max() / xs.Min() >= 4;
            var t = xs.Select(x => log ? Math.Log(x) : x).ToList();
            return new ConfigDimension(key, true, log, xs.All(x => x == Math.Floor(x)), t.Min(), t.Max(), []);
        }
        var categories = present.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (present.Count < values.Count) categories.Insert(0, Missing);
        return new ConfigDimension(key, false, false, false, 0, 0, categories);
    }

    /// <summary>The encoded value: [0, 1] (NaN when absent) for a numeric lever, the category index for a categorical one.</summary>
    public double Encode(string? value)
    {
        if (!Numeric)
        {
            var i = IndexOf(value ?? Missing);
            if (i < 0) throw new ArgumentException($"lever '{Key}': value '{value}' is not one of the space's ({string.Join(", ", Categories)})");
            return i;
        }
        if (value is null) return double.NaN;
        var x = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        var t = Log ? Math.Log(x) : x;
        return Max > Min ? (t - Min) / (Max - Min) : 0.5;
    }

    private int IndexOf(string category)
    {
        for (var i = 0; i < Categories.Count; i++)
            if (string.Equals(Categories[i], category, StringComparison.Ordinal)) return i;
        return -1;
    }

    /// <summary>The lever's text for an encoded value (null when absent); numeric values are clamped to the space's range.</summary>
    public string? Decode(double encoded)
    {
        if (!Numeric)
        {
            var c = Categories[(int)Math.Clamp(Math.Round(encoded), 0, Categories.Count - 1)];
            return c == Missing ? null : c;
        }
        if (double.IsNaN(encoded)) return null;
        var t = Min + Math.Clamp(encoded, 0, 1) * (Max - Min);
        var x = Log ? Math.Exp(t) : t;
        return Integer ? Math.Round(x).ToString(CultureInfo.InvariantCulture) : x.ToString("G4", CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using System.Text.RegularExpressions;

using Needle.Cli.Verbs;

namespace Needle.Cli.Race;

/// <summary>
/// <c>--budget</c>: wall-clock time one <c>needle race</c> run may spend, written as a person says it: <c>90s</c>,
/// <c>10m</c>, <c>1h</c>, <c>1h30m</c>. Wall time, because that is what a newcomer waits for; each run gets its own
/// budget (a resumed study starts a new one), and a run that ends with trials left is resumed by running it again.
/// </summary>
public static partial class WallBudget
{
    /// <summary>The default: enough for the default space to finish on a loaded 2-core machine (docs/race.md).</summary>
    public const string Default = "10m";

    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Length == 0)
            throw new CliInputException($"--budget '{text}' is not a duration; write it like 90s, 10m, 1h or 1h30m (wall-clock time of this run).");
        double Part(string group) => match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var span = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s"));
        if (span <= TimeSpan.Zero)
            throw new CliInputException($"--budget '{text}' is zero; give a positive duration such as 10m.");
        return span;
    }

    /// <summary>Short human form: 45s, 3m05s, 1h02m.</summary>
    public static string Format(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        return span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:D2}m")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:D2}s")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling(span.TotalSeconds)}s");
    }

    [GeneratedRegex(@"^(?:(?<h>\d+(?:\.\d+)?)h)?(?:(?<m>\d+(?:\.\d+)?)m)?(?:(?<s>\d+(?:\.\d+)?)s)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}

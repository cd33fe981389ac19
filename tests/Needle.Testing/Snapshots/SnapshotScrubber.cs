using System.Text.RegularExpressions;

namespace Needle.Testing.Snapshots;

/// <summary>
/// Replaces what legitimately changes between runs — timestamps, durations, commit ids/hashes and host names —
/// by stable placeholders, so a snapshot diff shows only real changes (Verify's idea).
/// </summary>
public static partial class SnapshotScrubber
{
    public static string Scrub(string text)
    {
        text = text.ReplaceLineEndings("\n");
        var host = Environment.MachineName;
        if (host.Length >= 2)
            text = Regex.Replace(text, $@"(?<![\w.-]){Regex.Escape(host)}(?![\w-])", "{host}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        text = Timestamp().Replace(text, "{timestamp}");
        text = Duration().Replace(text, "{duration}");
        text = LongHex().Replace(text, "{sha}");
        text = ShortSha().Replace(text, m => m.Value.Any(char.IsAsciiDigit) && m.Value.Any(char.IsAsciiLetter) ? "{sha}" : m.Value);
        return text;
    }

    // 2026-11-21T12:00:00Z, 2026-11-21 12:00:00.123+01:00
    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    // 00:00:01.2345, 12.3 s, 450 ms, 1.5 min
    [GeneratedRegex(@"\b(\d{1,2}:\d{2}:\d{2}\.\d+|\d+(\.\d+)?\s?(ms|µs|us|ns|s|sec|min)\b)", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();

    // Full SHA-1/SHA-256 commit ids and hashes.
    [GeneratedRegex(@"\b[0-9a-f]{40}([0-9a-f]{24})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex LongHex();

    // Abbreviated commit ids (7–12 hex with at least one digit and one letter, so words and numbers survive).
    [GeneratedRegex(@"\b[0-9a-f]{7,12}\b", RegexOptions.CultureInvariant)]
    private static partial Regex ShortSha();
}

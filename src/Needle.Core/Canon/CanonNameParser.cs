using System.Globalization;

namespace Needle.Core.Canon;

/// <summary>
/// Parses both upstream spellings of a run name. The tag may itself contain hyphens
/// (<c>GRADFIX-SMOKE</c>), so the name is split at its fixed anchors — prefix, model (longest match),
/// format, trailing <c>seed&lt;N&gt;</c>/<c>rng&lt;N&gt;</c> — and what lies between is experiment id and tag.
/// </summary>
internal static class CanonNameParser
{
    public static CanonName Parse(string name)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new CanonNameException(name ?? "", CanonErrorKind.Empty, "is empty");
        if (!name.StartsWith(CanonName.Prefix, StringComparison.Ordinal))
            throw new CanonNameException(name, CanonErrorKind.MissingPrefix, $"must start with '{CanonName.Prefix}'");

        var rest = name[CanonName.Prefix.Length..];
        var model = CanonModel.LongestFirst.FirstOrDefault(m => rest.StartsWith(m + "-", StringComparison.Ordinal))
            ?? throw new CanonNameException(name, CanonErrorKind.UnknownModel,
                $"unknown model; expected one of {string.Join(", ", CanonModel.All)}");
        rest = rest[(model.Length + 1)..];

        var segments = rest.Split('-');
        if (segments.Length < 2 || segments[0].Length == 0)
            throw new CanonNameException(name, CanonErrorKind.MissingFormat, "has no number format after the model");
        var format = segments[0];
        if (!CanonFormat.IsKnown(format))
            throw new CanonNameException(name, CanonErrorKind.UnknownFormat,
                $"unknown format '{format}'; expected one of {string.Join(", ", CanonFormat.All)}");

        var (form, seed) = ParseSeed(name, segments[^1]);
        var middle = segments[1..^1];
        var (experimentId, tagSegments) = SplitExperimentId(name, middle, form);
        foreach (var t in tagSegments)
        {
            if (t.Length == 0 || !t.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
                throw new CanonNameException(name, CanonErrorKind.BadTag,
                    $"tag segment '{t}' must be non-empty ASCII letters, digits or '_'");
        }
        var tag = tagSegments.Length == 0 ? null : string.Join('-', tagSegments);
        return new CanonName(model, format, tag, experimentId, seed, form);
    }

    private static (CanonForm Form, int Seed) ParseSeed(string name, string last)
    {
        var (form, digits) = last.StartsWith("seed", StringComparison.Ordinal) ? (CanonForm.Seed, last[4..])
            : last.StartsWith("rng", StringComparison.Ordinal) ? (CanonForm.Rng, last[3..])
            : throw new CanonNameException(name, CanonErrorKind.MissingSeed, "must end with '-seed<N>' or '-rng<N>'");
        if (!IsPlainNumber(digits) ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            throw new CanonNameException(name, CanonErrorKind.BadSeed,
                $"seed '{digits}' must be a non-negative integer without sign or leading zeros");
        return (form, seed);
    }

    private static (int? Id, string[] Tag) SplitExperimentId(string name, string[] middle, CanonForm form)
    {
        var idPositions = Enumerable.Range(0, middle.Length).Where(i => LooksLikeExperimentId(middle[i])).ToArray();
        if (idPositions.Length == 0) return (null, middle);
        if (idPositions.Length > 1)
            throw new CanonNameException(name, CanonErrorKind.MisplacedExperimentId, "has more than one experiment id");
        var at = idPositions[0];
        var expected = form == CanonForm.Seed ? middle.Length - 1 : 0;
        if (at != expected)
            throw new CanonNameException(name, CanonErrorKind.MisplacedExperimentId,
                form == CanonForm.Seed
                    ? "in the '-seed<N>' form the experiment id must come right before the seed (…-<TAG>-E<NNNN>-seed<N>)"
                    : "in the '-rng<N>' form the experiment id must come right after the format (…-<FORMAT>-E<NNNN>-<TAG>-rng<N>)");
        var digits = middle[at][1..];
        if (digits.Length != 4 || !digits.All(char.IsAsciiDigit))
            throw new CanonNameException(name, CanonErrorKind.BadExperimentId,
                $"experiment id '{middle[at]}' must be E followed by exactly four digits");
        var id = int.Parse(digits, CultureInfo.InvariantCulture);
        return (id, middle.Where((_, i) => i != at).ToArray());
    }

    // E + digits is reserved for experiment ids: a tag segment shaped like one would make the name ambiguous.
    private static bool LooksLikeExperimentId(string segment) =>
        segment.Length >= 2 && segment[0] == 'E' && segment[1..].All(char.IsAsciiDigit);

    private static bool IsPlainNumber(string digits) =>
        digits.Length > 0 && digits.All(char.IsAsciiDigit) && (digits.Length == 1 || digits[0] != '0');
}

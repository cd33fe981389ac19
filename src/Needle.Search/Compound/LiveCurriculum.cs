using System.Text.Json;
using Needle.Search.Study;

namespace Needle.Search.Compound;

/// <summary>
/// V7 in a live race: every planned trial trains with the online curriculum at the setting its evidence measured
/// (assertions/evidence/V7.json, details.curriculum — "median"), as the trial key <c>curriculum</c>. A trial that
/// already sets the key keeps its own value (the space's author chose it).
/// </summary>
public static class LiveCurriculum
{
    public const string Key = "curriculum";

    public static IReadOnlyList<(TrialSpec Spec, int Bracket)> Apply(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var setting = Setting(repositoryRoot);
        return [.. plan.Select(p => p.Spec.Config.ContainsKey(Key) ? p
            : (p.Spec with { Config = new SortedDictionary<string, string>(p.Spec.Config.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal) { [Key] = setting } }, p.Bracket))];
    }

    /// <summary>The curriculum setting V7's evidence was measured with.</summary>
    public static string Setting(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, "assertions", "evidence", "V7.json");
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.TryGetProperty("details", out var d) && d.TryGetProperty("curriculum", out var c) && c.GetString() is { Length: > 0 } s
            ? s
            : throw new InvalidDataException($"{path}: field 'details.curriculum' is missing; re-run `needle falsify --only v7`");
    }
}

namespace Needle.Search.Study;

/// <summary>
/// What to train: the canon run name (unique in a study), the seed, and the config as name → invariant-culture
/// text (the engine parses it into its typed config). <paramref name="MinimumStep"/> is the step before which the
/// family cannot be judged (the upstream's JEPA: 3000); it enters the ladder at the first rung at or above it.
/// </summary>
public sealed record TrialSpec(string CanonName, uint Seed, IReadOnlyDictionary<string, string> Config, long MinimumStep = 0)
{
    /// <summary>Config as sorted "k=v;…" text: equal configs have equal keys.</summary>
    public string ConfigKey => string.Join(';', Config.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
}

using Needle.Core.Gates;

namespace Needle.Cli;

/// <summary>
/// The plan's eight falsifier modes (assertions/preregistration.json, <c>vectors.*.falsifier_mode</c>) and which of
/// them no registered suite covers. Mode 8 is H's, whose reproducibility falsifier is the ledger's suite (vector
/// "Ledger"); a suite for "H" covers it as well.
/// </summary>
internal static class FalsifierModes
{
    /// <summary>Modes (in order) whose vector has no suite among <paramref name="suiteVectors"/>.</summary>
    public static IReadOnlyList<(int Mode, string Vector, string Rule)> Uncovered(string repositoryRoot, IEnumerable<string> suiteVectors)
    {
        var plan = PreregisteredPlan.Load(Path.Combine(repositoryRoot, PreregisteredPlan.RelativePath));
        var covered = new HashSet<string>(suiteVectors, StringComparer.OrdinalIgnoreCase);
        if (covered.Contains("Ledger")) covered.Add("H");
        return [.. plan.Vectors.OrderBy(v => v.Value.FalsifierMode).Where(v => !covered.Contains(v.Key))
            .Select(v => (v.Value.FalsifierMode, v.Key, v.Value.Rule))];
    }
}

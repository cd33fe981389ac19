using Needle.Core.Vectors;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// Replays strategies by name — the baselines (grid, random, asha, hyperband) and the compound ones (needle, its
/// ablations, needle-v123) — <c>repetitions</c> times each, repetition r with seed r, each on a fresh study file.
/// </summary>
public static class CompoundReplay
{
    public static async Task<IReadOnlyList<ReplayRepetition>> RunAsync(
        HistoryTable table, IReadOnlyList<string> strategies, NeedleStrategies needle, int repetitions, int workers, double epsilon,
        string workDirectory, Action<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        ArgumentNullException.ThrowIfNull(needle);
        var runs = new List<ReplayRepetition>();
        foreach (var name in strategies)
        {
            progress?.Invoke($"replaying {name} × {repetitions}");
            for (var r = 0; r < repetitions; r++)
            {
                var strategy = NeedleStrategies.IsCompound(name) ? needle.Build(name) : SearchStrategy.Named(name);
                var dir = Directory.CreateDirectory(Path.Combine(workDirectory, $"needle-replay-{name}-{r}-{Environment.ProcessId}-{Guid.NewGuid():N}"));
                try
                {
                    runs.Add(await new ReplayDriver(table, strategy, workers, r).RunAsync(Path.Combine(dir.FullName, "replay.db"), r, epsilon).ConfigureAwait(false));
                }
                finally
                {
                    dir.Delete(recursive: true);
                }
            }
        }
        return runs;
    }

    /// <summary>The vectors' states for a replay: each read from its evidence file (enabled only on a verdict of "holds").</summary>
    public static IReadOnlyList<VectorState> States(string repositoryRoot) => VectorEvidence.ReadAll(repositoryRoot);
}

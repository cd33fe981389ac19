using System.Globalization;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>
/// The race's live progress as plain lines (one per rung decision, so they read the same on a terminal, in a log
/// and in CI): elapsed time, the rung just judged, trials running / waiting / finished, the best so far and an ETA.
/// <code>
/// [  2m13s] rung 500: E8002-seed43 promote (rank 1/5) | running 2, waiting 6, done 0, pruned 4 | best 2.6130 @500 E8002-seed43 | ETA ~3m40s, budget left 7m47s
/// </code>
/// The ETA is the ASHA plan's remaining steps (every rung keeping 1/η of the one below) at this run's measured
/// steps per second: an estimate, marked with '~'.
/// </summary>
public sealed class RaceProgressLines(TextWriter output, IStudyStorage storage, StudyRecord study, TimeProvider time, TimeSpan budget) : IRaceObserver
{
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private readonly long _stepsAtStart = storage.GetTrials(study.Id).Sum(t => t.LastStep);
    private readonly Lock _gate = new();

    /// <summary>The opening line: what runs, where, for how long.</summary>
    public void Started(string where, int parallel)
    {
        var trials = storage.GetTrials(study.Id);
        var spent = trials.Sum(t => t.LastStep);
        var resuming = spent > 0 ? FormattableString.Invariant($" (resuming: {spent} steps already trained)") : "";
        output.WriteLine(FormattableString.Invariant(
            $"race '{study.Name}' in {where}: {trials.Count} trials, ladder {study.Ladder}, {parallel} at a time, budget {WallBudget.Format(budget)} of wall time{resuming}"));
    }

    public void Decided(TrialRecord trial, RungDecision decision)
    {
        lock (_gate)
        {
            var trials = storage.GetTrials(study.Id);
            int Count(params TrialState[] states) => trials.Count(t => states.Contains(t.State));
            var best = RaceStandings.For(storage, study).FirstOrDefault();
            var elapsed = time.GetUtcNow() - _started;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"[{WallBudget.Format(elapsed),6}] rung {decision.RungStep}: {Short(trial.Spec.CanonName)} {decision.Outcome.ToString().ToLowerInvariant()} " +
                $"(rank {decision.Rank + 1}/{decision.Competitors}) | running {Count(TrialState.Running)}, waiting {Count(TrialState.Waiting)}, " +
                $"done {Count(TrialState.Completed)}, pruned {Count(TrialState.Pruned, TrialState.Killed, TrialState.Diverged, TrialState.Failed)}");
            if (best is not null) line += string.Create(CultureInfo.InvariantCulture, $" | best {best.Bpb:F4} @{best.Step} {Short(best.Canon)}");
            line += " | " + Eta(trials, elapsed) + ", budget left " + WallBudget.Format(budget - elapsed);
            output.WriteLine(line);
        }
    }

    private string Eta(IReadOnlyList<TrialRecord> trials, TimeSpan elapsed)
    {
        var done = trials.Sum(t => t.LastStep);
        var rate = (done - _stepsAtStart) / Math.Max(1e-9, elapsed.TotalSeconds);
        var remaining = Math.Max(0, PlannedSteps(trials.Count, study) - done);
        return rate <= 0 ? "ETA unknown" : "ETA ~" + WallBudget.Format(TimeSpan.FromSeconds(remaining / rate));
    }

    /// <summary>Steps ASHA's plan trains when each rung keeps ⌈1/η⌉ of the trials below it (bracket 0).</summary>
    public static long PlannedSteps(int trials, StudyRecord study) =>
        AshaPlan.Segments(study.Ladder, trials).Sum(s => s.Trials * s.Steps);

    /// <summary>The distinguishing tail of a canon name (E8002-seed43): the family and tag are the same for a whole study.</summary>
    public static string Short(string canon)
    {
        var at = canon.LastIndexOf("-E", StringComparison.Ordinal);
        return at < 0 ? canon : canon[(at + 1)..];
    }
}

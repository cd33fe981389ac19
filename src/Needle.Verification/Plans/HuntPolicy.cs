using System.Globalization;
using Needle.Search.Curves;
using Needle.Search.Hunt;
using Needle.Search.Running;
using Needle.Search.Seeds;
using Needle.Search.Study;

namespace Needle.Search.Plans;

/// <summary>
/// The seed hunt's rung actions (a policy beside plain ASHA, chosen by the plan): the race runs with every trial held at
/// each rung (<see cref="RaceOptions.HoldAtRungs"/>); when the whole cohort has arrived, the rung's action judges it and
/// re-admits the seeds it keeps. Seeds are ranked by their BPB at the rung (every trial is scored on the study's common
/// validation sample, so like is compared with like); the power-law fit (b∞) decides the seed states (DIVERGING,
/// LEADING). Every action is recorded in the study once (<see cref="HuntActionLog"/>), so a resumed hunt continues where
/// it stopped. Seeds queued by an action (replacements, mirrors) start from step 0 and pass the rungs already acted on.
/// </summary>
public sealed class HuntPolicy(IStudyStorage storage, StudyRecord study, ResolvedPlan plan, TimeProvider time)
{
    /// <summary>Applies <paramref name="action"/> to the trials held at its rung; returns the record.</summary>
    /// <param name="action">The plan's action at one rung.</param>
    /// <param name="stoppedBefore">Canon names of the runs earlier actions stopped: held at a rung, they are not re-judged.</param>
    public HuntActionRecord Apply(ResolvedRungAction action, IReadOnlyCollection<string> stoppedBefore)
    {
        ArgumentNullException.ThrowIfNull(action);
        var rung = action.Rung;
        var trials = storage.GetTrials(study.Id);
        var cohort = trials
            .Where(t => IsHeldAt(t, rung, stoppedBefore) || (action.Kind == RungActionKind.GateEvaluation && t.State == TrialState.Completed))
            .Select(t => (Trial: t, Curve: storage.GetCurve(t.Id).Where(p => p.Step <= rung).ToList()))
            .Where(x => x.Curve.Count > 0 && x.Curve[^1].Step == rung)
            .OrderBy(x => x.Curve[^1].Bpb).ThenBy(x => x.Trial.Number)
            .ToList();
        var fits = cohort.ToDictionary(x => x.Trial.Id, x => PowerLawCurveFit.Fit(x.Curve));
        var leaderB = fits.Values.OfType<CurveForecast.Fitted>().Select(f => (double?)f.Asymptote).Min();
        var keep = new List<TrialRecord>();
        var stop = new List<(TrialRecord Trial, string Why)>();
        var killed = new List<string>();
        var replacements = new List<string>();
        var mirrors = new List<string>();
        var note = "";
        var hunt = new SeedHunt(storage, study, time);
        string Bpb(TrialRecord t) => cohort.First(x => x.Trial.Id == t.Id).Curve[^1].Bpb.ToString("F4", CultureInfo.InvariantCulture);

        // Kill DIVERGING (replace φ-anchored) is the policy at every rung that judges seeds — rung 1 names it, and the
        // later rungs re-fit — not only at rung 1: a seed that diverges after rung 1 (the machine-scale canary did) is
        // killed and replaced at the next action. Not at rung 0 ("collect, no kills") nor at the last rung (the gate's
        // evaluation: a replacement could no longer finish). A replacement that diverges again is killed but not
        // replaced: its config, not its seed, is at fault.
        var alive = cohort.Select(x => x.Trial).ToList();
        if (action.Kind is not (RungActionKind.Collect or RungActionKind.GateEvaluation))
        {
            var log = HuntActionLog.Read(storage, study);
            var replacedBefore = log.SelectMany(r => r.Killed).ToHashSet(StringComparer.Ordinal);
            var replacementNames = log.SelectMany(r => r.Replacements).ToHashSet(StringComparer.Ordinal);
            void KillAndReplace(TrialRecord t)
            {
                killed.Add(t.Spec.CanonName);
                if (!replacementNames.Contains(t.Spec.CanonName))
                    replacements.AddRange(hunt.Mirror(t.Spec.CanonName, 1, MirrorStrategy.PhiAnchored).Select(r => r.Spec.CanonName));
            }
            foreach (var (t, curve) in cohort)
            {
                var predicted = (fits[t.Id] as CurveForecast.Fitted)?.Asymptote;
                var state = SeedStateClassifier.Classify(predicted, leaderB, WindowSlope.Of(curve), null, curve[^1].Bpb);
                if (state.State != SeedState.Diverging) continue;
                storage.SetTrialState(t.Id, TrialState.Killed, time.GetUtcNow(), $"hunt rung {rung}: DIVERGING, {state.Why}");
                alive.Remove(t);
                KillAndReplace(t);
            }
            // Seeds the runner already found Diverged (NaN/∞/> 8 bits) since the last action are replaced here, once.
            foreach (var d in trials.Where(t => t.State == TrialState.Diverged && !replacedBefore.Contains(t.Spec.CanonName)))
                KillAndReplace(d);
        }

        switch (action.Kind)
        {
            case RungActionKind.Collect:
                keep.AddRange(alive);
                break;
            case RungActionKind.DropBottomHalfKillDiverging:
            {
                var half = alive.Count / 2;
                keep.AddRange(alive.Take(alive.Count - half));
                stop.AddRange(alive.Skip(alive.Count - half).Select(t => (t, $"hunt rung {rung}: bottom half by BPB at the rung ({Bpb(t)})")));
                break;
            }
            case RungActionKind.KeepTop:
                keep.AddRange(alive.Take(action.Count));
                stop.AddRange(alive.Skip(action.Count).Select(t => (t, $"hunt rung {rung}: not in the top {action.Count} candidate seeds ({Bpb(t)})")));
                break;
            case RungActionKind.PromoteLeadingMirror when alive.Count > 0:
            {
                var leader = alive[0];
                keep.AddRange(alive);
                mirrors.AddRange(hunt.Mirror(leader.Spec.CanonName, action.Count, MirrorStrategy.PhiAnchored).Select(r => r.Spec.CanonName));
                note = $"LEADING {leader.Spec.CanonName} (BPB {Bpb(leader)} at the rung" +
                       (fits[leader.Id] is CurveForecast.Fitted f ? string.Create(CultureInfo.InvariantCulture, $", b∞ {f.Asymptote:F3} [{f.AsymptoteInterval.Lower:F3}, {f.AsymptoteInterval.Upper:F3}])") : ", b∞ insufficient evidence)");
                break;
            }
            case RungActionKind.KeepLeaderAndChallengers:
                keep.AddRange(alive.Take(1 + action.Count));
                stop.AddRange(alive.Skip(1 + action.Count).Select(t => (t, $"hunt rung {rung}: not the leader nor the top {action.Count} challenger(s) ({Bpb(t)})")));
                break;
            case RungActionKind.GateEvaluation:
                note = GateVerdict(cohort.Select(x => (x.Trial, x.Curve[^1].Bpb)).ToList());
                break;
            default:
                break;
        }
        foreach (var t in keep.Where(t => t.State == TrialState.Pruned)) storage.SetTrialState(t.Id, TrialState.Waiting, time.GetUtcNow());
        foreach (var (t, why) in stop) storage.SetTrialState(t.Id, TrialState.Pruned, time.GetUtcNow(), why);
        var record = new HuntActionRecord(action.RungIndex, rung, action.Name, cohort.Select(x => x.Trial.Spec.CanonName).ToList(),
            keep.Select(t => t.Spec.CanonName).ToList(), stop.Select(s => s.Trial.Spec.CanonName + ": " + s.Why).ToList(), killed, replacements, mirrors, note);
        HuntActionLog.Append(storage, study, record, time.GetUtcNow());
        return record;
    }

    /// <summary>Held at <paramref name="rung"/> by the race (Pruned there, not stopped by an action).</summary>
    public static bool IsHeldAt(TrialRecord t, long rung, IReadOnlyCollection<string> stoppedByActions) =>
        t.State == TrialState.Pruned && t.Checkpoint?.Step == rung && t.Error is null && !stoppedByActions.Contains(t.Spec.CanonName);

    private string GateVerdict(IReadOnlyList<(TrialRecord Trial, double Bpb)> finishers) =>
        PlanGate.Verdict(plan, finishers.Select(f => (f.Trial.Spec.CanonName, f.Trial.Spec.Seed, plan.Ladder.Steps[^1], f.Bpb)).ToList());
}

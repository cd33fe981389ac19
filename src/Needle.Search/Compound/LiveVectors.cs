using Needle.Core.Rungs;
using Needle.Core.Vectors;
using Needle.Search.Accelerators.Surrogate;
using Needle.Search.History;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Compound;

/// <summary>
/// The vectors of a live <c>needle race</c> (<c>--vectors v4,v7</c>): a vector is on only when it was requested, its
/// evidence file says "holds", and a live component for it exists and can run on this race; otherwise it is off with
/// the reason — not requested, refuted or without a verdict (its evidence's words), not built for live races, or not
/// applicable here. The decision is stored in the study (vector_states) before anything trains, so `hunt status` and
/// the report say which were on. Components are of two kinds: a plan component rewrites the planned trials (V7 sets
/// the curriculum key), a rung component judges trials at a rung after ASHA (V4's surrogate prunes after rung 2).
/// </summary>
public static class LiveVectors
{
    /// <summary>A live component: rewrites the race's planned trials (filter, order, or configuration keys) before they are added.</summary>
    public delegate IReadOnlyList<(TrialSpec Spec, int Bracket)> PlanComponent(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, string repositoryRoot);

    // The vector engineers' live components plug in here, one line each, as they land.
    private static readonly Dictionary<string, PlanComponent> Components = new(StringComparer.Ordinal)
    {
        ["V1"] = Accelerators.Mup.MupProxyWidth.Apply,
        ["V7"] = LiveCurriculum.Apply,
    };

    // Vectors that act at the rungs of a running race (one per race: each gets the race's ladder).
    private static readonly HashSet<string> RungComponents = new(StringComparer.Ordinal) { "V4" };

    /// <summary>What the race runs with: each vector's state, and the rung veto of the enabled rung components (null: none).</summary>
    public sealed record Decision(IReadOnlyList<VectorState> States, IRungVeto? Veto);

    /// <summary>Each vector's state for a race on <paramref name="ladder"/>, reading the history (V4) under <paramref name="repositoryRoot"/>.</summary>
    public static Decision Decide(IReadOnlyList<VectorState> evidence, IReadOnlyCollection<string> requested, RungLadder ladder, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(ladder);
        var asked = requested.Select(VectorNames.Normalise).ToHashSet(StringComparer.Ordinal);
        IRungVeto? veto = null;
        var states = evidence.OrderBy(e => e.Vector, StringComparer.Ordinal).Select(e =>
        {
            if (!asked.Contains(e.Vector)) return e.Off("not requested (--vectors)");
            if (e.Switch != VectorSwitch.Enabled) return e with { Reason = $"requested, but {e.SwitchText}: {e.Reason}" };
            // V1's evidence can hold (coordinate check on 8…128, lr transfer) while falsifier mode 2 (widths {8, 32})
            // fails: then the proxy-width path is off and the race tunes at full width — the study must say so.
            if (e.Vector == "V1" && Accelerators.Mup.MupProxyWidth.Mode2(repositoryRoot) is { Passed: false } mode2)
                return e.Off($"requested and its evidence holds, but {mode2.Reason}");
            if (e.Vector == "V4" && RungComponents.Contains("V4"))
            {
                var live = LiveSurrogate.Train(HistoryTable.Load(Path.Combine(repositoryRoot, "data", "history")));
                if (!live.Holds) { live.Dispose(); return e.Off($"requested and its evidence holds, but the {live.Describe()} fails the gate live"); }
                if (live.WhyNotOn(ladder) is { } why) { live.Dispose(); return e.Off($"requested and its evidence holds, but {why}"); }
                veto = live.Pruner();
                return e with { Reason = $"requested; {e.Reason}; {live.Describe()}" };
            }
            if (!Components.ContainsKey(e.Vector)) return e.Off("requested and its evidence holds, but no live component is built for it yet");
            return e with { Reason = $"requested; {e.Reason}" };
        }).ToList();
        return new Decision(states, veto);
    }

    /// <summary>The planned trials with every enabled vector's plan component applied, in vector order.</summary>
    public static IReadOnlyList<(TrialSpec Spec, int Bracket)> Apply(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, IReadOnlyList<VectorState> states, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var s in states.Where(s => s.Switch == VectorSwitch.Enabled && Components.ContainsKey(s.Vector)).OrderBy(s => s.Vector, StringComparer.Ordinal))
            plan = Components[s.Vector](plan, repositoryRoot);
        return plan;
    }
}

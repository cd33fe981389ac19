using Needle.Core.Vectors;
using Needle.Search.Study;

namespace Needle.Search.Compound;

/// <summary>
/// The vectors of a live <c>needle race</c> (<c>--vectors v3,v6</c>): a vector is on only when it was requested, its
/// evidence file says "holds", and a live component for it exists; otherwise it is off with the reason — not
/// requested, refuted or without a verdict (its evidence's words), or not yet built for live races. The decision is
/// stored in the study (vector_states) before anything trains, so `hunt status` and the report say which were on.
/// </summary>
public static class LiveVectors
{
    /// <summary>A live component: rewrites the race's planned trials (filter, order, or configuration keys) before they are added.</summary>
    public delegate IReadOnlyList<(TrialSpec Spec, int Bracket)> PlanComponent(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, string repositoryRoot);

    // The vector engineers' live components plug in here, one line each, as they land.
    private static readonly Dictionary<string, PlanComponent> Components = new(StringComparer.Ordinal)
    {
        ["V1"] = Accelerators.Mup.MupProxyWidth.Apply,
    };

    /// <summary>Each vector's state for this race.</summary>
    public static IReadOnlyList<VectorState> Decide(IReadOnlyList<VectorState> evidence, IReadOnlyCollection<string> requested)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(requested);
        var asked = requested.Select(VectorNames.Normalise).ToHashSet(StringComparer.Ordinal);
        return [.. evidence.OrderBy(e => e.Vector, StringComparer.Ordinal).Select(e =>
            !asked.Contains(e.Vector) ? e.Off("not requested (--vectors)")
            : e.Switch != VectorSwitch.Enabled ? e with { Reason = $"requested, but {e.SwitchText}: {e.Reason}" }
            : !Components.ContainsKey(e.Vector) ? e.Off("requested and its evidence holds, but no live component is built for it yet")
            : e with { Reason = $"requested; {e.Reason}" })];
    }

    /// <summary>The planned trials with every enabled vector's component applied, in vector order.</summary>
    public static IReadOnlyList<(TrialSpec Spec, int Bracket)> Apply(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, IReadOnlyList<VectorState> states, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var s in states.Where(s => s.Switch == VectorSwitch.Enabled).OrderBy(s => s.Vector, StringComparer.Ordinal))
            plan = Components[s.Vector](plan, repositoryRoot);
        return plan;
    }
}

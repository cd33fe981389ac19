using System.Globalization;

namespace Needle.Search.Plans;

/// <summary>
/// The gate verdict a plan run can honestly give: the victory gate (gates.json) judges ledger rows emitted after
/// reproduction, at step ≥ its min_step. Used when a plan runs without a ledger to emit to (library callers; `needle
/// plan run` emits through <see cref="PlanLedger"/>): it says which finishers would be candidates, never "VICTORY".
/// </summary>
public static class PlanGate
{
    /// <summary>The pre-registered minimum step of every gate.</summary>
    public const long GateMinimumStep = 4000;

    /// <summary>Gate-2's target (gates.json: gate-2, 1.85 BPB on 3 distinct seeds).</summary>
    public const double Gate2Target = 1.85;

    public static string Verdict(ResolvedPlan plan, IReadOnlyList<(string Canon, uint Seed, long Step, double Bpb)> finishers)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.File.Gate is null) return "no gate (this phase is judged by its own criteria)";
        var step = plan.Ladder.Steps[^1];
        if (step < GateMinimumStep)
            return string.Create(CultureInfo.InvariantCulture,
                $"{plan.File.Gate}: NOT EVALUATED — the last rung is step {step} at {plan.ScaleName} scale, below the gate's minimum step {GateMinimumStep}; " +
                $"{finishers.Count} finisher(s), best {(finishers.Count > 0 ? finishers.Min(f => f.Bpb).ToString("F4", CultureInfo.InvariantCulture) : "—")}; no ledger row emitted");
        var below = finishers.Where(f => f.Bpb < Gate2Target).ToList();
        var seeds = below.Select(f => f.Seed).Distinct().Count();
        return string.Create(CultureInfo.InvariantCulture, $"{plan.File.Gate}: {below.Count} finisher(s) below {Gate2Target} on {seeds} distinct seed(s); ")
               + "the verdict is `needle ledger check` over ledger rows of the finishers and their reproductions (`needle plan run` emits them and prints it as its gate line)";
    }
}

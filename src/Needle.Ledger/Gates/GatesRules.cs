using Needle.Core.Git;
using System.Globalization;

namespace Needle.Core.Gates;

/// <summary>One way a gates file is weaker than the pre-registration allows.</summary>
public sealed record GatesViolation(string Field, string Rule, string Message)
{
    public override string ToString() => $"{Field}: {Message} (pre-registered rule: {Rule})";
}

/// <summary>
/// Checks a gates file against the pre-registration: every bounded value inside its pre-registered range
/// (at least 3 distinct seeds, min_step ≥ 4000, μ0, α and targets inside their ranges, the band, the floor,
/// the reproduction tolerance and the embargo no weaker), and training_since no earlier than the trainer's
/// commit. A `--gates FILE` that breaks any rule is refused, naming it — a gate cannot be loosened after the fact.
/// </summary>
public static class GatesRules
{
    public static readonly IReadOnlyList<string> BoundedFields =
    [
        "min_distinct_seeds", "seeds", "min_step", "mu0", "alpha", "target_bpb",
        "plausibility_band_min", "plausibility_band_max", "architectural_floor", "reproduction_tolerance", "embargo_hours",
    ];

    public static IReadOnlyList<GatesViolation> Check(GateBook book, PreregisteredPlan plan, ICommitOracle commits)
    {
        var violations = new List<GatesViolation>();
        void Bound(string field, string bound, double value)
        {
            var b = plan.GateBounds[bound];
            if (!b.Contains(value))
                violations.Add(new(field, $"{bound} {b}", $"{G(value)} is outside the pre-registered range"));
        }

        Bound("plausibility_band_min", "plausibility_band_min", book.PlausibilityMin);
        Bound("plausibility_band_max", "plausibility_band_max", book.PlausibilityMax);
        Bound("architectural_floor", "architectural_floor", book.ArchitecturalFloor);
        Bound("reproduction_tolerance", "reproduction_tolerance", book.ReproductionTolerance);
        Bound("embargo_hours", "embargo_hours", book.EmbargoHours);
        for (var i = 0; i < book.Gates.Count; i++)
        {
            var g = book.Gates[i];
            var at = $"gates[{i}] ({g.Name}).";
            Bound(at + "min_distinct_seeds", "min_distinct_seeds", g.MinDistinctSeeds);
            Bound(at + "seeds", "seeds", g.Seeds.Count);
            Bound(at + "min_step", "min_step", g.MinStep);
            Bound(at + "mu0", "mu0", g.Mu0);
            Bound(at + "alpha", "alpha", g.Alpha);
            Bound(at + "target_bpb", "target_bpb", g.TargetBpb);
        }

        if (book.TrainingSince != plan.TrainingSince && !commits.IsAncestor(plan.TrainingSince, book.TrainingSince))
            violations.Add(new("training_since", $"training_since descends from {plan.TrainingSince[..12]}",
                $"{book.TrainingSince} is not the pre-registered trainer commit {plan.TrainingSince} nor one of its descendants " +
                "(an earlier commit would admit rows from code that holds no trainer)"));
        return violations;
    }

    private static string G(double v) => v.ToString("G", CultureInfo.InvariantCulture);
}

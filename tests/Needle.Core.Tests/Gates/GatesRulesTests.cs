using Needle.Core.Gates;
using Needle.Core.Tests.Ledger;

namespace Needle.Core.Tests.Gates;

/// <summary>A gates file may be stricter than the pre-registration, never weaker.</summary>
public sealed class GatesRulesTests
{
    private static IReadOnlyList<GatesViolation> Check(GateBook book) => GatesRules.Check(book, Rows.Plan, Rows.Git);

    private static GateBook WithGate(Func<GateDefinition, GateDefinition> change) =>
        Rows.Book with { Gates = Rows.Book.Gates.Select(g => g.Name == "gate-final" ? change(g) : g).ToList() };

    [Fact]
    public void The_repository_gates_obey_the_preregistration() => Check(Rows.Book).Should().BeEmpty();

    [Theory]
    [InlineData("two seeds", "gates[1] (gate-final).seeds", "seeds ≥ 3")]
    [InlineData("min_step 100", "gates[1] (gate-final).min_step", "min_step ≥ 4000")]
    [InlineData("mu0 1.6", "gates[1] (gate-final).mu0", "mu0 in [0.85, 1.55]")]
    [InlineData("alpha 0.05", "gates[1] (gate-final).alpha", "alpha in [1E-06, 0.01]")]
    [InlineData("target 1.9", "gates[1] (gate-final).target_bpb", "target_bpb in [0.85, 1.85]")]
    public void A_weaker_gate_is_refused_naming_the_rule(string change, string field, string rule)
    {
        var book = WithGate(g => change switch
        {
            "two seeds" => g with { Seeds = [42, 43], MinDistinctSeeds = 2 },
            "min_step 100" => g with { MinStep = 100 },
            "mu0 1.6" => g with { Mu0 = 1.6 },
            "alpha 0.05" => g with { Alpha = 0.05 },
            "target 1.9" => g with { TargetBpb = 1.9 },
            _ => throw new ArgumentException(change),
        });
        var violations = Check(book);
        violations.Should().Contain(v => v.Field == field && v.Rule == rule);
        violations.Select(v => v.ToString()).Should().OnlyContain(s => s.Contains("pre-registered rule"));
    }

    [Fact]
    public void Two_seeds_also_break_the_distinct_seed_rule() =>
        Check(WithGate(g => g with { Seeds = [42, 43], MinDistinctSeeds = 2 }))
            .Select(v => v.Rule).Should().Contain("min_distinct_seeds ≥ 3");

    [Fact]
    public void A_stricter_gate_is_accepted() =>
        Check(WithGate(g => g with { MinStep = 8000, Alpha = 0.001, Mu0 = 1.5, Seeds = [42, 43, 44, 45], MinDistinctSeeds = 4 }))
            .Should().BeEmpty();

    [Fact]
    public void A_shorter_embargo_looser_band_or_earlier_training_commit_is_refused()
    {
        var skeleton = Rows.Git.FirstCommit();
        var weak = Rows.Book with { EmbargoHours = 1, PlausibilityMax = 3.0, ReproductionTolerance = 0.05, TrainingSince = skeleton };
        Check(weak).Select(v => v.Field).Should().BeEquivalentTo(["embargo_hours", "plausibility_band_max", "reproduction_tolerance", "training_since"]);
    }
}

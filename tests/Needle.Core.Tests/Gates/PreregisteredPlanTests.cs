using System.Text;
using Needle.Core.Gates;
using Needle.Core.Preregistration;
using Needle.Core.Tests.Ledger;

namespace Needle.Core.Tests.Gates;

public sealed class PreregisteredPlanTests
{
    private static readonly string PlanPath = RepoPaths.InRepo("assertions", "preregistration.json");

    [Fact]
    public void The_plan_holds_the_numbers_of_the_upstream_preregistration()
    {
        var p = Rows.Plan;
        (p.Alpha, p.EffectSizeBpb, p.Mu0, p.NSeeds, p.MinStep, p.HoldoutFold, p.EmbargoHours, p.BonferroniArms)
            .Should().Be((0.01, 0.05, 1.55, 3, 4000, 0, 24.0, 7));
        p.Seeds.Should().Equal(42, 43, 44);
        p.StopRule.Should().Contain("judged once");
        p.Vectors.Keys.Should().BeEquivalentTo(PreregisteredPlan.RequiredVectors);
        p.Vectors.Values.Select(v => v.FalsifierMode).Should().BeEquivalentTo(Enumerable.Range(1, 8), "one falsification mode per vector, 1–8");
    }

    [Fact]
    public void Training_since_is_the_commit_that_added_the_trainer()
    {
        // Established from git, not from the file under test.
        var added = RepoGit.Run("log", "--diff-filter=A", "--format=%H", "--", "src/Needle.Training/Run/Trainer.cs").Split('\n')[^1];
        Rows.Plan.TrainingSince.Should().Be(added);
        Rows.Book.TrainingSince.Should().Be(added);
        RepoGit.Run("ls-tree", "-r", "--name-only", added + "^", "--", "src/Needle.Training/Run").Should().BeEmpty("its parent holds no trainer");
    }

    [Fact]
    public void The_code_constants_of_the_preregistered_conditions_agree_with_the_file()
    {
        Rows.Plan.Vectors["V1"].Threshold.Should().Be(V1MupTransfer.MaxAbsSlope);
        Rows.Plan.Vectors["V2"].Threshold.Should().Be(V2ZeroCostProxies.MinimumSpearman);
        Rows.Plan.Vectors["V3"].Threshold.Should().Be(V3BohbRegret.MaxRegretExcess);
        Rows.Plan.Vectors["V4"].Threshold.Should().Be(V4SurrogateAccuracy.MaxMaeBpb);
        Rows.Plan.Vectors["V5"].Threshold.Should().Be(V5PhiGridCoverage.MaxGridSteps);
        Rows.Plan.Vectors["V6"].Threshold.Should().Be(V6UcbRegret.MaxRegretExcess);
        Rows.Plan.Vectors["V7"].Threshold.Should().BeApproximately(V7CurriculumVariance.MaxVarianceRatio - 1, 1e-12, "a 50% increase is a ratio of 1.5");
    }

    [Fact]
    public void The_seal_is_the_sha256_of_the_file_bytes_so_any_edit_changes_it()
    {
        var bytes = File.ReadAllBytes(PlanPath);
        var plan = PreregisteredPlan.Parse(bytes, "p.json");
        plan.Sha256.Should().Be(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"embargo_hours\": 24,", "\"embargo_hours\": 24 ,"));
        PreregisteredPlan.Parse(edited, "p.json").Sha256.Should().NotBe(plan.Sha256, "even a whitespace edit is an edit");
    }

    [Theory]
    [InlineData("\"min_step\": { \"min\": 4000 },", "", "p.json:17: field 'gate_bounds.min_step' is missing: every bounded field*")]
    [InlineData("\"min_step\": { \"min\": 4000 },", "\"min_steps\": { \"min\": 4000 }, \"min_step\": { \"min\": 4000 },", "p.json:20: field 'gate_bounds.min_steps' names no gates-file field*")]
    [InlineData("\"bonferroni_arms\": 7", "\"bonferroni_arms\": 0", "p.json:15: field 'bonferroni_arms' is 0; it must be the arms alpha is divided by: a positive integer*")]
    [InlineData("\"V4\": {", "\"V4x\": {", "p.json:30: field 'vectors.V4' is required*")]
    public void A_damaged_plan_is_refused_naming_the_field(string from, string to, string message)
    {
        var text = File.ReadAllText(PlanPath).Replace(from, to, StringComparison.Ordinal);
        var act = () => PreregisteredPlan.Parse(Encoding.UTF8.GetBytes(text), "p.json");
        act.Should().Throw<GateBookException>().WithMessage(message);
    }
}

using System.Text.RegularExpressions;
using Needle.Core.Invariants.Checks;
using Needle.Core.Rungs;
using Needle.Search.Asha;
using Needle.Training.Formats;

namespace Needle.Audit.Tests.Coq;

/// <summary>
/// The Proven models are about the code Needle runs: the ladders Rungs.v proves are the C# ladders, the keep
/// count Asha.v uses is the scheduler's, and Gf16.v's mantissa width is the codec's. Read from the .v text, so an
/// edit to either side that breaks the correspondence fails here.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Audit)]
public sealed partial class CoqModelsMirrorCSharpTests
{
    [GeneratedRegex(@"Definition six_rung_plan : list nat := \[(?<steps>[0-9; ]+)\]\.")]
    private static partial Regex SixRungPlan();

    private static string Proof(string file) => File.ReadAllText(RepoPaths.InRepo("proofs", "igla", file));

    [Fact]
    public void Rungs_v_proves_the_six_rung_ladder_the_CSharp_uses()
    {
        var m = SixRungPlan().Match(Proof("Rungs.v"));
        m.Success.Should().BeTrue();
        var coq = m.Groups["steps"].Value.Split(';', StringSplitOptions.TrimEntries).Select(long.Parse).ToArray();
        RungLadder.SixRungPlan.Steps.Should().Equal(coq);
        RungLadderCheck.SixRungPlan.Should().Equal(coq);
        Proof("Rungs.v").Should().Contain("Definition three_fold_plan : list nat := ladder 1000 3 4.");
        RungLadder.ThreeFoldPlan.Steps.Should().Equal(1000, 3000, 9000, 27000);
        new RungLadderCheck().FindViolation().Should().BeNull();
    }

    [Fact]
    public void Asha_v_keeps_what_the_scheduler_keeps()
    {
        Proof("Asha.v").Should().Contain("Definition keep_count (eta n : nat) : nat := Nat.max 1 (n / eta).");
        foreach (var (n, eta) in new[] { (1, 3), (2, 3), (3, 3), (7, 3), (9, 4), (100, 2) })
            AshaScheduler.KeepCount(n, eta).Should().Be(Math.Max(1, n / eta));
        new AshaChampionCheck().FindViolation().Should().BeNull();
    }

    [Fact]
    public void Gf16_v_models_the_codec_s_truncation_and_mantissa_width()
    {
        Proof("Gf16.v").Should().Contain("Definition gf16_mantissa_bits : nat := 9.");
        NumberFormats.Gf16.Spec.MantissaBits.Should().Be(Gf16TruncationCheck.MantissaBits);
        NumberFormats.Gf16.Spec.Rounding.Should().Be(Rounding.TowardZero, "Gf16.v models truncation");
        new Gf16TruncationCheck().FindViolation().Should().BeNull();
    }
}

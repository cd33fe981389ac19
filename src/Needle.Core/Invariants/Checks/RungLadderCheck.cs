using Needle.Core.Rungs;

namespace Needle.Core.Invariants.Checks;

/// <summary>
/// INV-4 at run time: the ladders Needle uses are the ones Rungs.v proves sound — the six-rung and three-fold
/// plans hold exactly the steps Coq's <c>six_rung_plan</c> and <c>three_fold_plan</c> list, strictly increasing.
/// </summary>
public sealed class RungLadderCheck : IInvariantCheck
{
    /// <summary>Coq's <c>six_rung_plan</c>.</summary>
    public static readonly long[] SixRungPlan = [100, 500, 2000, 8000, 32000, 81000];

    /// <summary>Coq's <c>three_fold_plan</c> (= ladder 1000 3 4).</summary>
    public static readonly long[] ThreeFoldPlan = [1000, 3000, 9000, 27000];

    public string? FindViolation() =>
        Compare("six", RungLadder.SixRungPlan, SixRungPlan, 4) ?? Compare("three", RungLadder.ThreeFoldPlan, ThreeFoldPlan, 3);

    private static string? Compare(string name, RungLadder ladder, long[] proven, int eta)
    {
        if (!ladder.Steps.SequenceEqual(proven) || ladder.Eta != eta)
            return $"the {name} ladder is {ladder}, but Rungs.v proves [{string.Join(", ", proven)}] with η = {eta}";
        for (var i = 1; i < ladder.Count; i++)
            if (ladder.Steps[i] <= ladder.Steps[i - 1]) return $"the {name} ladder is not strictly increasing at rung {i}";
        return null;
    }
}

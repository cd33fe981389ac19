namespace Needle.Search.Plans;

/// <summary>The seed hunt's actions at its rungs (the plan's words in brackets).</summary>
public enum RungActionKind
{
    /// <summary>Record every seed's BPB; stop nothing ("collect, no kills").</summary>
    Collect,

    /// <summary>Fit every curve; stop the worse half by BPB at the rung; kill DIVERGING seeds and replace each with a
    /// φ-anchored seed ("fit, drop the bottom half, kill DIVERGING").</summary>
    DropBottomHalfKillDiverging,

    /// <summary>Re-fit; keep the best <c>count</c> seeds, stop the rest ("re-fit, pick the top 3 candidate seeds").</summary>
    KeepTop,

    /// <summary>Promote the LEADING seed (best at the rung) and queue <c>count</c> φ-anchored mirrors of it
    /// ("promote the LEADING seed and mirror 3 φ-anchored siblings").</summary>
    PromoteLeadingMirror,

    /// <summary>Keep the leader and the best <c>count</c> challengers, stop the rest ("keep the top-1 challenger").</summary>
    KeepLeaderAndChallengers,

    /// <summary>The last rung: the runs are done; the gate is evaluated on them ("the Gate-2 evaluation").</summary>
    GateEvaluation,
}

/// <summary>Snake-case spellings used in plan files.</summary>
public static class RungActionNames
{
    public static IReadOnlyDictionary<string, RungActionKind> ByName { get; } = new Dictionary<string, RungActionKind>(StringComparer.Ordinal)
    {
        ["collect"] = RungActionKind.Collect,
        ["drop_bottom_half_kill_diverging"] = RungActionKind.DropBottomHalfKillDiverging,
        ["keep_top"] = RungActionKind.KeepTop,
        ["promote_leading_mirror"] = RungActionKind.PromoteLeadingMirror,
        ["keep_leader_and_challengers"] = RungActionKind.KeepLeaderAndChallengers,
        ["gate_evaluation"] = RungActionKind.GateEvaluation,
    };

    public static string Of(RungActionKind kind) => ByName.First(kv => kv.Value == kind).Key;
}

using Needle.Search.Curves;
using Needle.Search.Smoke;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Tests.Smoke;

/// <summary>
/// Each smoke criterion's evaluator: GREEN on good evidence, RED on evidence that violates exactly it — and the
/// other 14 stay GREEN, so a criterion cannot hide behind another's failure (or fail because of it).
/// </summary>
public sealed class SmokeCriteriaTests
{
    private const int Every = 10;
    private static readonly long[] Ladder = [20, 40];

    private static IReadOnlyList<CurvePoint> Curve(long until, double end) =>
        Enumerable.Range(1, (int)(until / Every)).Select(k => new CurvePoint(k * Every, end + 0.1 * (until / Every - k))).ToList();

    private static SmokeRunEvidence Run(string canon, uint seed, TrialState state, long until, double end, string model = "HYBRID", float nca = 0f) =>
        new(canon, seed, 64, model, nca, state, null, until, Curve(until, end));

    private static SmokeEvidence Good()
    {
        IReadOnlyList<SmokeRunEvidence> runs =
        [
            Run("IGLA-HYBRID-FP32-WSD-SMOKE-seed500", 500, TrialState.Completed, 40, 3.4),
            Run("IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520", 520, TrialState.Pruned, 20, 3.8, "JEPA-T"),
            Run("IGLA-NCA-FP32-GRADFIX-SMOKE-seed530", 530, TrialState.Completed, 40, 3.5, nca: 0.25f),
            new("IGLA-HYBRID-FP32-LR5-SMOKE-seed590", 590, 64, "HYBRID", 0f, TrialState.Killed, "DIVERGING: latest BPB 94 is worse than uniform", 10,
                [new CurvePoint(10, 94)], Declared: true, Diverging: true),
            new("IGLA-HYBRID-FP32-LR5-SMOKE-seed533", 533, 64, "HYBRID", 0f, TrialState.Killed, "DIVERGING: latest BPB 90 is worse than uniform", 10,
                [new CurvePoint(10, 90)], Declared: false, Diverging: true),
        ];
        IReadOnlyList<SmokeDecision> decisions =
        [
            new("IGLA-HYBRID-FP32-WSD-SMOKE-seed500", 20, 3.5, "Promote", 0, 1, 1),
            new("IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520", 20, 3.8, "Stop", 1, 2, 1),
            new("IGLA-NCA-FP32-GRADFIX-SMOKE-seed530", 20, 3.4, "Promote", 0, 3, 1),
            new("IGLA-HYBRID-FP32-WSD-SMOKE-seed500", 40, 3.4, "Complete", 0, 1, 1),
            new("IGLA-NCA-FP32-GRADFIX-SMOKE-seed530", 40, 3.5, "Complete", 1, 2, 1),
        ];
        return new SmokeEvidence(Ladder, Every, runs, 4 + 2 + 4 + 1 + 1,
            ["IGLA-HYBRID-FP32-WSD-SMOKE-seed500", "IGLA-NCA-FP32-GRADFIX-SMOKE-seed530"], decisions, 2,
            new SmokeSlotEvidence(2, 2, 0, 3), new SmokeCancelEvidence(true, 4, 0, 0, 0), new SmokeRerunEvidence(5, 5, 12, 12, 5),
            new SmokeResumeEvidence("IGLA-HYBRID-FP32-WSD-SMOKE-seed500", "Cancelled", 10, 40, 3.4, 3.4),
            new SmokeHuntEvidence("IGLA-HYBRID-FP32-LR5-SMOKE-seed590", "Killed", 10, "DIVERGING: latest BPB 94 is worse than uniform",
                "IGLA-HYBRID-FP32-LR5-SMOKE-seed533", 533, 1, "Killed", SlotFreedFirst: true),
            TinyShakespeare.Sha256);
    }

    private static SmokeEvidence WithRun(SmokeEvidence e, int i, Func<SmokeRunEvidence, SmokeRunEvidence> change) =>
        e with { Runs = e.Runs.Select((r, k) => k == i ? change(r) : r).ToList() };

    [Fact]
    public void Good_evidence_is_green_on_all_fifteen()
    {
        var criteria = SmokeCriteria.Evaluate(Good());
        criteria.Select(c => c.Number).Should().Equal(Enumerable.Range(1, 15));
        criteria.Where(c => !c.Green).Select(c => $"{c.Number}: {c.Evidence}").Should().BeEmpty();
        criteria.Where(c => c.ConfigurationOnly).Select(c => c.Number).Should().Equal(7, 9, 12);
    }

    public static TheoryData<int, string> Violations() => new()
    {
        { 1, "replacement-outside-smoke-range" }, { 2, "run-failed" }, { 2, "sane-run-killed" }, { 3, "single-rung" }, { 3, "nothing-pruned" },
        { 3, "decision-against-the-rule" }, { 4, "report-lost" }, { 4, "cadence" }, { 5, "duplicate-seed" }, { 6, "did-not-learn" },
        { 6, "jepa-nan" }, { 6, "no-nca-run" }, { 7, "gf16-narrow" }, { 8, "leaderboard-misordered" }, { 9, "champion-id" },
        { 10, "canary-completed" }, { 10, "replacement-not-phi" }, { 10, "spin-before-kill" }, { 10, "replacement-never-ran" },
        { 11, "left-running" }, { 12, "ids-decreasing" }, { 13, "duplicate-trials" }, { 14, "resume-differs" }, { 15, "corpus-changed" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_violation_turns_its_criterion_red_and_leaves_the_other_fourteen_green(int number, string violation)
    {
        var e = Good();
        e = violation switch
        {
            "replacement-outside-smoke-range" => WithRun(e, 4, r => r with { Canon = "IGLA-HYBRID-FP32-LR5-SMOKE-seed1618033", Seed = 1618033 }) with
                { Hunt = e.Hunt! with { Replacement = "IGLA-HYBRID-FP32-LR5-SMOKE-seed1618033" } },
            "run-failed" => WithRun(e, 0, r => r with { State = TrialState.Failed, Error = "runner threw" }),
            "sane-run-killed" => WithRun(e, 0, r => r with { State = TrialState.Killed, Error = "DIVERGING: slope" }),
            "single-rung" => JepaCompletes(e) with { Ladder = [40] } is var one ? one with { Decisions = one.Decisions.Where(d => d.Rung == 40).ToList() } : e,
            "nothing-pruned" => JepaCompletes(e),
            "decision-against-the-rule" => e with { Decisions = e.Decisions.Select(d => d.Canon.Contains("NCA", StringComparison.Ordinal) && d.Rung == 20 ? d with { Value = 3.9 } : d).ToList() },
            "report-lost" => e with { ReportsInStudy = 11 },
            "cadence" => e with { ReportEvery = 15 },
            "duplicate-seed" => WithRun(e, 4, r => r with { Seed = 500 }),
            "did-not-learn" => WithRun(e, 1, r => r with { Curve = Curve(20, 4.2) }),
            "jepa-nan" => WithRun(e, 1, r => r with { Curve = [.. r.Curve.SkipLast(1), new CurvePoint(20, double.NaN)] }),
            "no-nca-run" => WithRun(e, 2, r => r with { NcaWeight = 0f }),
            "gf16-narrow" => WithRun(e, 0, r => r with { Canon = "IGLA-HYBRID-GF16-WSD-SMOKE-seed500", Hidden = 128 }) with
                { Leaderboard = ["IGLA-HYBRID-GF16-WSD-SMOKE-seed500", "IGLA-NCA-FP32-GRADFIX-SMOKE-seed530"],
                  Decisions = e.Decisions.Select(d => d.Canon == "IGLA-HYBRID-FP32-WSD-SMOKE-seed500" ? d with { Canon = "IGLA-HYBRID-GF16-WSD-SMOKE-seed500" } : d).ToList() },
            "leaderboard-misordered" => e with { Leaderboard = [e.Leaderboard[1], e.Leaderboard[0]] },
            "champion-id" => RenameFirst(e, "IGLA-HYBRID-FP32-WSD-E0002-seed42", 42),
            "canary-completed" => e with { Hunt = e.Hunt! with { State = "Completed", Reason = null, StoppedAtStep = 40 } },
            "replacement-not-phi" => e with { Hunt = e.Hunt! with { ReplacementSeed = 534 } },
            "spin-before-kill" => e with { Hunt = e.Hunt! with { SlotFreedFirst = false }, Slots = new SmokeSlotEvidence(2, 3, 1, 3) },
            "replacement-never-ran" => e with { Hunt = e.Hunt! with { ReplacementReports = 0 } },
            "left-running" => e with { Cancel = e.Cancel with { TrialsLeftRunning = 1 } },
            "ids-decreasing" => RenameFirst(RenameSecondCompleted(e, "IGLA-NCA-FP32-GRADFIX-E0110-seed43", 43), "IGLA-HYBRID-FP32-WSD-E0120-seed42", 42),
            "duplicate-trials" => e with { Rerun = new SmokeRerunEvidence(5, 10, 12, 24, 5) },
            "resume-differs" => e with { Resume = e.Resume with { ResumedFinalBpb = 3.4000001 } },
            "corpus-changed" => e with { CorpusSha256 = new string('0', 64) },
            _ => throw new ArgumentOutOfRangeException(nameof(violation)),
        };
        var criteria = SmokeCriteria.Evaluate(e);
        var target = criteria.Single(c => c.Number == number);
        target.Green.Should().BeFalse(target.Evidence);
        criteria.Where(c => c.Number != number && !c.Green).Select(c => $"{c.Number}: {c.Evidence}").Should().BeEmpty("only criterion {0} is violated", number);
    }

    /// <summary>The pruned JEPA-T run instead goes on to the last rung (so nothing is pruned), everything else consistent.</summary>
    private static SmokeEvidence JepaCompletes(SmokeEvidence e)
    {
        const string jepa = "IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520";
        var decisions = e.Decisions.Select(d => d.Canon == jepa ? d with { Outcome = "Promote" } : d).ToList();
        decisions.Add(new SmokeDecision(jepa, 40, 3.45, "Complete", 1, 3, 1));
        return WithRun(e, 1, r => r with { State = TrialState.Completed, LastStep = 40, Curve = Curve(40, 3.45) }) with
        {
            Decisions = decisions, ReportsInStudy = e.ReportsInStudy + 2,
            Leaderboard = ["IGLA-HYBRID-FP32-WSD-SMOKE-seed500", jepa, "IGLA-NCA-FP32-GRADFIX-SMOKE-seed530"],
        };
    }

    // A renamed run keeps a smoke seed out of the smoke rules' way only by leaving SMOKE names; the rename is applied
    // everywhere the name appears so only the targeted rule can object.
    private static SmokeEvidence RenameFirst(SmokeEvidence e, string canon, uint seed) => Rename(e, 0, canon, seed);

    private static SmokeEvidence RenameSecondCompleted(SmokeEvidence e, string canon, uint seed) => Rename(e, 2, canon, seed);

    private static SmokeEvidence Rename(SmokeEvidence e, int index, string canon, uint seed)
    {
        var old = e.Runs[index].Canon;
        string R(string c) => c == old ? canon : c;
        return WithRun(e, index, r => r with { Canon = canon, Seed = seed }) with
        {
            Leaderboard = e.Leaderboard.Select(R).ToList(),
            Decisions = e.Decisions.Select(d => d with { Canon = R(d.Canon) }).ToList(),
            Resume = e.Resume with { Canon = R(e.Resume.Canon) },
        };
    }

    [Fact]
    public void The_canary_must_be_killed_before_the_first_rung()
    {
        var e = Good() with { Hunt = Good().Hunt! with { StoppedAtStep = 20 } };
        SmokeCriteria.DivergingRunKilledAndReplaced(e).Green.Should().BeFalse("a kill at the rung is ASHA's job, not the hunt's");
    }

    [Fact]
    public void Resume_must_stop_strictly_inside_the_run()
    {
        var e = Good() with { Resume = new SmokeResumeEvidence("x", "ReachedTarget", 40, 40, 3.4, 3.4) };
        SmokeCriteria.KilledRunResumesFromCheckpoint(e).Green.Should().BeFalse();
    }
}

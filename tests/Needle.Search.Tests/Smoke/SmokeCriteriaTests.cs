using Needle.Search.Curves;
using Needle.Search.Smoke;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.Tests.Smoke;

/// <summary>Each smoke criterion's evaluator: GREEN on good evidence, RED on evidence that violates exactly it.</summary>
public sealed class SmokeCriteriaTests
{
    private const int Steps = 40, Every = 10;

    private static SmokeRunEvidence Run(string canon, string model = "attn", float nca = 0f, int hidden = 64) =>
        new(canon, hidden, model, nca, TrialState.Completed, null, Steps,
            [new CurvePoint(10, 6.0), new CurvePoint(20, 5.8), new CurvePoint(30, 5.6), new CurvePoint(40, 5.5)]);

    private static SmokeEvidence Good()
    {
        IReadOnlyList<SmokeRunEvidence> runs =
        [
            Run("IGLA-ATTN-FP32-WSD-SMOKE-seed500"), Run("IGLA-JEPA-T-FP32-GRADFIX-JEPAT-SMOKE-seed500", "JEPA-T"),
            Run("IGLA-HYBRID-FP32-GRADFIX-NCA-SMOKE-seed500", "HYBRID", 0.25f),
        ];
        return new SmokeEvidence(Steps, Every, runs, 12, 3, new SmokeSlotEvidence(2, 2, 0, 2),
            new SmokeCancelEvidence(true, 4, 0, 0, 0), new SmokeRerunEvidence(3, 3, 12, 12, 3),
            new SmokeResumeEvidence("IGLA-ATTN-FP32-WSD-SMOKE-seed500", "Cancelled", 10, Steps, 5.5, 5.5), TinyShakespeare.Sha256);
    }

    private static SmokeEvidence WithRun(SmokeEvidence e, int i, Func<SmokeRunEvidence, SmokeRunEvidence> change) =>
        e with { Runs = e.Runs.Select((r, k) => k == i ? change(r) : r).ToList() };

    [Fact]
    public void Good_evidence_is_green_on_all_fifteen()
    {
        var criteria = SmokeCriteria.Evaluate(Good());
        criteria.Select(c => c.Number).Should().Equal(Enumerable.Range(1, 15));
        criteria.Where(c => !c.Green).Should().BeEmpty();
    }

    public static TheoryData<int, string> Violations() => new()
    {
        { 1, "seed-outside-smoke-range" }, { 2, "run-failed" }, { 3, "cadence" }, { 4, "report-lost" }, { 5, "duplicate-name" },
        { 6, "jepa-nan" }, { 6, "no-nca-run" }, { 7, "gf16-narrow" }, { 8, "leaderboard-short" }, { 9, "champion-id" },
        { 10, "spin-before-kill" }, { 11, "left-running" }, { 12, "ids-decreasing" }, { 13, "duplicate-trials" },
        { 14, "resume-differs" }, { 15, "corpus-changed" },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_violation_turns_its_criterion_red(int number, string violation)
    {
        var e = Good();
        e = violation switch
        {
            "seed-outside-smoke-range" => WithRun(e, 0, r => r with { Canon = "IGLA-ATTN-FP32-WSD-SMOKE-seed42" }),
            "run-failed" => WithRun(e, 1, r => r with { State = TrialState.Failed, Error = "diverged", LastStep = 20 }),
            "cadence" => e with { ReportEvery = 15 },
            "report-lost" => e with { ReportsInStudy = 11 },
            "duplicate-name" => WithRun(e, 2, r => r with { Canon = e.Runs[0].Canon }),
            "jepa-nan" => WithRun(e, 1, r => r with { Curve = [.. r.Curve.SkipLast(1), new CurvePoint(40, double.NaN)] }),
            "no-nca-run" => WithRun(e, 2, r => r with { NcaWeight = 0f }),
            "gf16-narrow" => WithRun(e, 0, r => r with { Canon = "IGLA-ATTN-GF16-WSD-SMOKE-seed500", Hidden = 128 }),
            "leaderboard-short" => e with { LeaderboardRows = 2 },
            "champion-id" => WithRun(e, 0, r => r with { Canon = "IGLA-ATTN-FP32-WSD-E0002-seed42" }),
            "spin-before-kill" => e with { Slots = new SmokeSlotEvidence(2, 3, 1, 2) },
            "left-running" => e with { Cancel = e.Cancel with { TrialsLeftRunning = 1 } },
            "ids-decreasing" => WithRun(WithRun(e, 0, r => r with { Canon = "IGLA-ATTN-FP32-E0120-seed42" }), 1,
                r => r with { Canon = "IGLA-ATTN-FP32-E0110-seed43" }),
            "duplicate-trials" => e with { Rerun = new SmokeRerunEvidence(3, 6, 12, 24, 3) },
            "resume-differs" => e with { Resume = e.Resume with { ResumedFinalBpb = 5.5000001 } },
            "corpus-changed" => e with { CorpusSha256 = new string('0', 64) },
            _ => throw new ArgumentOutOfRangeException(nameof(violation)),
        };
        var criteria = SmokeCriteria.Evaluate(e);
        criteria.Single(c => c.Number == number).Green.Should().BeFalse(criteria.Single(c => c.Number == number).Evidence);
    }

    [Fact]
    public void Kill_before_spin_needs_a_stopped_segment_to_be_judged()
    {
        var e = Good() with { Slots = new SmokeSlotEvidence(2, 2, 0, 0) };
        SmokeCriteria.KillBeforeSpin(e).Green.Should().BeFalse("no kill happened, so nothing shows the slot was freed");
    }

    [Fact]
    public void Resume_must_stop_strictly_inside_the_run()
    {
        var e = Good() with { Resume = new SmokeResumeEvidence("x", "ReachedTarget", Steps, Steps, 5.5, 5.5) };
        SmokeCriteria.KilledRunResumesFromCheckpoint(e).Green.Should().BeFalse();
    }
}

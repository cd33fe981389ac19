using System.Text.Json.Nodes;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Training.Curriculum.Measurement;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Run;

namespace Needle.Training.Curriculum.Falsification;

/// <summary>
/// <c>needle falsify --only v7</c>: falsifier mode 7 (var(final BPB) across seeds with V7 ≤ 1.5 × the baseline's,
/// over ≥ 3 seeds). On the cached real measurement (<see cref="CurriculumMeasurement.RelativePath"/>) it shows a
/// control is accepted, plants witnesses the predicate must reject for the named reason, runs the measurement's
/// code path on a small live instance, and writes the real verdict to assertions/evidence/V7.json.
/// </summary>
public sealed class V7FalsificationSuite : IFalsificationSuite
{
    public const string InvariantId = "INV-27";

    public string Name => "v7";
    public string Vector => "V7";

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        var cachePath = Path.Combine(context.RepositoryRoot, CurriculumMeasurement.RelativePath);
        CurriculumMeasurement measurement;
        try { measurement = CurriculumMeasurement.Load(cachePath); }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            return [new WitnessResult("cached real measurement", "a readable cache of the real runs", Rejected: true, RightReason: false, e.Message) { Passed = false }];
        }
        var runs = measurement.Runs;
        var results = new List<WitnessResult>
        {
            Control("control (V7 arm = the baseline's own runs: variance ratio 1)", Baseline(runs).Concat(AsV7(Baseline(runs), r => r.FinalBpb))),
            Witness("V7 spreads the seeds (final BPBs 1.3× further from their mean: ratio 1.69)", "seed-to-seed variance too high",
                Baseline(runs).Concat(AsV7(Baseline(runs), Spread(Baseline(runs), 1.3)))),
            Witness("two seeds only (V7 as steady as the baseline)", "too few seeds",
                runs.Where(r => r.Seed != runs.Max(x => x.Seed)).Where(r => r.Arm == CurriculumRunRecord.BaselineArm)
                    .Concat(AsV7(Baseline(runs).Where(r => r.Seed != runs.Max(x => x.Seed)).ToList(), r => r.FinalBpb))),
            SmallInstance(),
            RealVerdict(context, measurement, cachePath),
        };
        return results;
    }

    private static List<CurriculumRunRecord> Baseline(IReadOnlyList<CurriculumRunRecord> runs) =>
        runs.Where(r => r.Arm == CurriculumRunRecord.BaselineArm).OrderBy(r => r.Seed).ToList();

    /// <summary>The baseline's runs relabelled as V7 runs, each with its final BPB replaced.</summary>
    private static List<CurriculumRunRecord> AsV7(List<CurriculumRunRecord> baseline, Func<CurriculumRunRecord, double> finalBpb) =>
        baseline.Select(r => r with
        {
            Arm = CurriculumRunRecord.V7Arm,
            Points = [.. r.Points.Take(r.Points.Count - 1), r.Points[^1] with { ValBpb = finalBpb(r) }],
        }).ToList();

    /// <summary>Final BPBs moved <paramref name="factor"/> times as far from their mean (variance × factor²); if the
    /// baseline's seeds agree exactly, a spread of ±0.01 BPB instead.</summary>
    private static Func<CurriculumRunRecord, double> Spread(List<CurriculumRunRecord> baseline, double factor)
    {
        double mean = baseline.Average(r => r.FinalBpb);
        bool flat = baseline.All(r => r.FinalBpb == mean);
        return r => flat ? mean + 0.01 * (baseline.IndexOf(r) % 2 == 0 ? 1 : -1) : mean + factor * (r.FinalBpb - mean);
    }

    private static WitnessResult Control(string name, IEnumerable<CurriculumRunRecord> runs)
    {
        var a = CurriculumAnalysis.Of(runs.ToList());
        return new WitnessResult(name, "accepted (holds)", Rejected: !a.Holds, RightReason: a.Holds, a.Reason) { Passed = a.Holds };
    }

    private static WitnessResult Witness(string name, string reason, IEnumerable<CurriculumRunRecord> runs)
    {
        var a = CurriculumAnalysis.Of(runs.ToList());
        return new WitnessResult(name, $"refuted: {reason}", Rejected: !a.Holds, RightReason: a.Reason.StartsWith(reason, StringComparison.Ordinal), a.Reason);
    }

    /// <summary>The settings of the live instance: a tiny real model, a few steps, three seeds — seconds.</summary>
    public static CurriculumExperiment SmallExperiment() => new(
        new TrainConfig
        {
            Model = new ModelConfig { DModel = 16, Layers = 1, Heads = 2, Ctx = 16 },
            Batch = 4, Steps = 24, Lr = 3e-3f, Threads = 1, Schedule = Optim.ScheduleKind.Constant,
        },
        new CurriculumSpec(), [1, 2, 3], evalEvery: 8);

    /// <summary>The measurement's code path (training both arms, curves, analysis, predicate) on a small live instance.</summary>
    private static WitnessResult SmallInstance()
    {
        const string name = "small live instance of the measurement (attn d16, 24 steps, 3 seeds)";
        const string expected = "runs end to end: finite curves, V7 scores more tokens than it trains, a verdict";
        try
        {
            var experiment = SmallExperiment();
            var runs = experiment.Run(TinyShakespeare.Load());
            var a = CurriculumAnalysis.Of(runs);
            var v7 = runs.Where(r => r.Arm == CurriculumRunRecord.V7Arm).ToList();
            bool ok = runs.Count == 6 && a.Seeds == 3 && runs.All(r => r.Points.Count == 3 && r.Points.All(p => double.IsFinite(p.ValBpb)))
                      && v7.All(r => r.Points[^1].ScoredTokens >= r.Points[^1].TrainedTokens)
                      && runs.Where(r => r.Arm == CurriculumRunRecord.BaselineArm).All(r => r.Points[^1].ScoredTokens == 0);
            return new WitnessResult(name, expected, Rejected: !ok, RightReason: ok, $"{(ok ? "ran" : "WRONG SHAPE")}: {a.Reason}") { Passed = ok };
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or CorpusException or ArithmeticException)
        {
            return new WitnessResult(name, expected, Rejected: true, RightReason: false, $"failed: {e.Message}") { Passed = false };
        }
    }

    /// <summary>The verdict on the cached real runs, written as the evidence file (unchanged inputs: left as it is).</summary>
    private static WitnessResult RealVerdict(FalsificationContext context, CurriculumMeasurement m, string cachePath)
    {
        var a = CurriculumAnalysis.Of(m.Runs);
        var evidence = Evidence(m, a, EmpiricalEvidence.Sha256Of(cachePath));
        bool written = evidence.Write(context.RepositoryRoot);
        var state = V7State.From(a);
        return new WitnessResult($"real runs ({CurriculumMeasurement.RelativePath}): verdict recorded", "the predicate's verdict in assertions/evidence/V7.json",
            Rejected: false, RightReason: true, $"{(state.Enabled ? "V7 enabled" : "V7 DISABLED")} — {a.Reason} ({(written ? "written" : "unchanged")})") { Passed = true };
    }

    /// <summary>The evidence file for a measurement (its commit is the one the runs were measured on).</summary>
    public static EmpiricalEvidence Evidence(CurriculumMeasurement m, CurriculumAnalysis a, string cacheSha256)
    {
        JsonArray Arm(ArmSummary s) => new(s.Seeds.Select((seed, i) => (JsonNode)new JsonObject
        {
            ["seed"] = seed, ["final_bpb"] = s.FinalBpb[i],
            ["reached_at_trained_tokens"] = s.Reach[i].Point?.TrainedTokens,
            ["reached_at_cpu_seconds"] = s.Reach[i].Point?.CpuSeconds,
            ["cpu_seconds_total"] = s.Finals[i].CpuSeconds,
        }).ToArray());
        var details = new JsonObject
        {
            ["reason"] = a.Reason,
            ["target_bpb"] = a.TargetBpb,
            ["curriculum"] = m.Curriculum,
            ["base_config"] = m.BaseConfigJson,
            ["baseline"] = Arm(a.Baseline),
            ["v7"] = Arm(a.V7),
            ["v7_bpb_at_baseline_cpu"] = new JsonArray(a.V7BpbAtBaselineCpu.Select(x => (JsonNode?)(double.IsFinite(x) ? x : null)).ToArray()),
        };
        return new EmpiricalEvidence("V7", InvariantId, m.Commit, "needle falsify --only v7", new Dictionary<string, string>
            {
                [CurriculumMeasurement.RelativePath] = cacheSha256,
                ["tinyshakespeare.txt"] = m.CorpusSha256,
            },
            a.Statistic, EmpiricalEvidence.VerdictOf(a.Holds), Command: m.Command,
            Notes: $"Falsifier mode 7 ({nameof(V7CurriculumVariance)}): sample variance (n − 1) of the final whole-split validation BPB across seeds, with and without V7; V7 is switched off when it fails.",
            Details: details);
    }
}

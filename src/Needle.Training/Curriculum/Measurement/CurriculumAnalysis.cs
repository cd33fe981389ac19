using System.Globalization;
using System.Text;
using Needle.Core.Markdown;
using Needle.Core.Preregistration;

namespace Needle.Training.Curriculum.Measurement;

/// <summary>When one run first reached the target BPB (null point: not within its steps).</summary>
public sealed record TargetReach(ulong Seed, CurvePoint? Point);

/// <summary>One arm across seeds: final whole-split BPBs, their sample variance, and when each seed reached the target.</summary>
public sealed record ArmSummary(string Arm, IReadOnlyList<ulong> Seeds, IReadOnlyList<double> FinalBpb, double MeanFinalBpb,
    double Variance, IReadOnlyList<TargetReach> Reach, IReadOnlyList<CurvePoint> Finals);

/// <summary>
/// What the V7 measurement shows: the target (the baseline's mean final validation BPB), per arm the tokens, CPU
/// and wall time to reach it, V7's BPB at the baseline's CPU budget, and falsifier mode 7's statistic — the
/// sample variances (n − 1) of final BPB across seeds — judged by <see cref="V7CurriculumVariance"/>.
/// </summary>
public sealed record CurriculumAnalysis(double TargetBpb, ArmSummary Baseline, ArmSummary V7,
    IReadOnlyList<double> V7BpbAtBaselineCpu, IReadOnlyList<double> V7BpbAtBaselineWall)
{
    /// <summary>Seeds present in both arms (the falsifier's n).</summary>
    public int Seeds => Baseline.Seeds.Intersect(V7.Seeds).Count();

    /// <summary>The statistic the evidence file records (names as <see cref="V7CurriculumVariance.StatisticNames"/>).</summary>
    public IReadOnlyDictionary<string, double> Statistic => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["variance_v7"] = V7.Variance, ["variance_baseline"] = Baseline.Variance, ["seeds"] = Seeds,
    };

    /// <summary>Falsifier mode 7 on this measurement.</summary>
    public bool Holds => V7CurriculumVariance.Holds(V7.Variance, Baseline.Variance, Seeds);

    /// <summary>Why V7 holds or is switched off, with the figures.</summary>
    public string Reason
    {
        get
        {
            var ratio = Baseline.Variance > 0 ? V7.Variance / Baseline.Variance : double.PositiveInfinity;
            string figures = F($"var(final BPB) with V7 {V7.Variance:G4}, baseline {Baseline.Variance:G4}, ratio {ratio:F3} (limit {V7CurriculumVariance.MaxVarianceRatio}), {Seeds} seeds");
            if (Seeds < V7CurriculumVariance.MinimumSeeds)
                return F($"too few seeds: {Seeds} < {V7CurriculumVariance.MinimumSeeds}; {figures}");
            return V7.Variance <= V7CurriculumVariance.MaxVarianceRatio * Baseline.Variance
                ? $"holds: {figures}"
                : $"seed-to-seed variance too high: {figures}";
        }
    }

    public static CurriculumAnalysis Of(IReadOnlyList<CurriculumRunRecord> runs)
    {
        var baselineRuns = Arm(runs, CurriculumRunRecord.BaselineArm);
        var v7Runs = Arm(runs, CurriculumRunRecord.V7Arm);
        double target = baselineRuns.Average(r => r.FinalBpb);
        var baseline = Summarise(CurriculumRunRecord.BaselineArm, baselineRuns, target);
        var v7 = Summarise(CurriculumRunRecord.V7Arm, v7Runs, target);
        var byBaselineSeed = baselineRuns.ToDictionary(r => r.Seed);
        double AtBudget(CurriculumRunRecord r, Func<CurvePoint, double> clock) =>
            byBaselineSeed.TryGetValue(r.Seed, out var b) && r.Points.LastOrDefault(p => clock(p) <= clock(b.Points[^1])) is { } p ? p.ValBpb : double.NaN;
        return new CurriculumAnalysis(target, baseline, v7,
            v7Runs.Select(r => AtBudget(r, p => p.CpuSeconds)).ToList(), v7Runs.Select(r => AtBudget(r, p => p.WallSeconds)).ToList());
    }

    private static List<CurriculumRunRecord> Arm(IReadOnlyList<CurriculumRunRecord> runs, string arm)
    {
        var list = runs.Where(r => r.Arm == arm).OrderBy(r => r.Seed).ToList();
        if (list.Count == 0) throw new InvalidDataException($"the measurement has no {arm} runs");
        var dup = list.GroupBy(r => r.Seed).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidDataException($"the measurement has {dup.Count()} {arm} runs of seed {dup.Key}; one per seed");
        return list;
    }

    private static ArmSummary Summarise(string arm, List<CurriculumRunRecord> runs, double target)
    {
        var finals = runs.Select(r => r.FinalBpb).ToList();
        double mean = finals.Average();
        double variance = finals.Count < 2 ? 0 : finals.Sum(x => (x - mean) * (x - mean)) / (finals.Count - 1);
        return new ArmSummary(arm, runs.Select(r => r.Seed).ToList(), finals, mean, variance,
            runs.Select(r => new TargetReach(r.Seed, r.Points.FirstOrDefault(p => p.ValBpb <= target))).ToList(),
            runs.Select(r => r.Points[^1]).ToList());
    }

    /// <summary>The tokens-to-target table (Markdown): per arm, means over the seeds that reached the target.</summary>
    public string Table()
    {
        var sb = new StringBuilder();
        sb.AppendLine(F($"Target: the baseline's mean final validation BPB, {TargetBpb:F4} (whole 100,000-byte split, bytes-ascii)."));
        sb.AppendLine();
        var table = new MarkdownTable("arm", "reached", "trained tokens to target", "scored + trained tokens", "CPU-s to target", "wall-s to target", "final val BPB (mean ± sd)", "CPU-s total");
        foreach (var a in new[] { Baseline, V7 })
        {
            var hit = a.Reach.Where(r => r.Point is not null).Select(r => r.Point!).ToList();
            string Mean(Func<CurvePoint, double> f, string fmt) => hit.Count == 0 ? "—" : hit.Average(f).ToString(fmt, CultureInfo.InvariantCulture);
            table.Add(a.Arm, F($"{hit.Count}/{a.Reach.Count}"), Mean(p => p.TrainedTokens, "N0"), Mean(p => p.TrainedTokens + p.ScoredTokens, "N0"),
                Mean(p => p.CpuSeconds, "F1"), Mean(p => p.WallSeconds, "F1"), F($"{a.MeanFinalBpb:F4} ± {Math.Sqrt(a.Variance):F4}"), F($"{a.Finals.Average(p => p.CpuSeconds):F1}"));
        }
        table.AppendTo(sb).AppendLine();
        sb.AppendLine(F($"V7's val BPB at the baseline's CPU budget (same seed): {string.Join(", ", V7BpbAtBaselineCpu.Select(x => x.ToString("F4", CultureInfo.InvariantCulture)))} (mean {V7BpbAtBaselineCpu.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average():F4}) against the baseline's {Baseline.MeanFinalBpb:F4}; at its wall-clock budget: mean {V7BpbAtBaselineWall.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average():F4}."));
        sb.AppendLine();
        sb.AppendLine($"Falsifier mode 7: {Reason}.");
        return sb.ToString();
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

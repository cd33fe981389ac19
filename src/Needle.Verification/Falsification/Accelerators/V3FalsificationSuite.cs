using Needle.Core.Vectors;
using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Search.History;
using Needle.Search.Replay;

namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// <c>needle falsify --only v3</c>: V3's falsifier (mode 3) on the committed history. Its real verdict — BOHB+ASHA
/// against pure ASHA over <see cref="V3BohbRegret.MinimumRepetitions"/> replays — is written to
/// assertions/evidence/V3.json. The checks that the falsifier can reject: a control sampler that cheats towards the
/// best configurations must pass the regret clause, one that cheats towards the worst must fail it, and a verdict on
/// fewer than 20 replays must be refused for that reason alone.
/// </summary>
public sealed class V3FalsificationSuite(int repetitions, int witnessRepetitions, bool writeEvidence) : IFalsificationSuite
{
    public V3FalsificationSuite() : this(V3BohbRegret.MinimumRepetitions, 3, writeEvidence: true) { }

    public string Name => "v3";
    public string Vector => "V3";

    /// <summary>The last real verdict this suite computed (for the caller that wants the state, not the file).</summary>
    public BohbRegretVerdict? Verdict { get; private set; }

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var historyDir = Path.Combine(context.RepositoryRoot, "data", "history");
        var table = HistoryTable.Load(historyDir);
        Directory.CreateDirectory(context.ScratchDirectory);
        const int workers = 2;
        var eps = ReplayBenchmark.DefaultEpsilon;
        var asha = ReplayBenchmark.RunAsync(table, () => SearchStrategy.Asha, repetitions, workers, eps, context.ScratchDirectory).GetAwaiter().GetResult();
        var bohb = ReplayBenchmark.RunAsync(table, () => SearchStrategy.Named("bohb"), repetitions, workers, eps, context.ScratchDirectory).GetAwaiter().GetResult();
        var real = BohbRegretCheck.Judge(table, asha, bohb);
        Verdict = real;
        var results = new List<WitnessResult>();

        var w = Math.Min(witnessRepetitions, repetitions);
        BohbRegretVerdict Planted(bool best) => BohbRegretCheck.Judge(table, asha.Take(w).ToList(),
            ReplayBenchmark.RunAsync(table, () => SearchStrategy.Asha with { Name = best ? "truth-best" : "truth-worst", Sampler = new TruthSampler(best) },
                w, workers, eps, context.ScratchDirectory).GetAwaiter().GetResult());
        var control = Planted(best: true);
        var controlOk = RegretClause(control);
        results.Add(new WitnessResult("control: a sampler that cheats towards the best configurations", "its regret at the scaled step is not above ASHA's",
            Rejected: !controlOk, RightReason: controlOk, Figures(control)) { Passed = controlOk });

        var worst = Planted(best: false);
        results.Add(new WitnessResult("a sampler that cheats towards the worst configurations", "refuted: median regret above ASHA's (fall back to random sampling)",
            Rejected: !RegretClause(worst), RightReason: !RegretClause(worst), Figures(worst)));

        var few = V3BohbRegret.Holds(control.MedianRegretBohb, control.MedianRegretAsha, V3BohbRegret.MinimumRepetitions - 1);
        results.Add(new WitnessResult($"the control's medians claimed on {V3BohbRegret.MinimumRepetitions - 1} replays", $"refuted: fewer than {V3BohbRegret.MinimumRepetitions} replays",
            Rejected: !few, RightReason: !few && controlOk, controlOk ? "the regret clause holds, so only the count refuses it" : "the control failed, so the reason cannot be isolated"));

        var written = "";
        if (writeEvidence)
        {
            var path = EvidenceWriter.Write(context.RepositoryRoot, "V3", "INV-23", "needle falsify --only v3",
                [Path.Combine(historyDir, HistoryTable.LinesFile), Path.Combine(historyDir, HistoryTable.ManifestFile)], real.Statistic, real.Holds,
                "needle falsify --only v3", real.State.Reason, new JsonObject
                {
                    ["history_exported_trials"] = table.Manifest.ExportedTrials, ["history_partial"] = table.Manifest.Partial,
                    ["configurations"] = ReplayDriver.Replayable(table).Count, ["scaled_step_seconds"] = Math.Round(real.ScaledStepSeconds, 3),
                    ["workers"] = workers, ["state"] = real.State.Switch == VectorSwitch.Enabled ? "enabled" : "disabled (random sampling)",
                });
            written = $"; written to {Path.GetRelativePath(context.RepositoryRoot, path)}";
        }
        results.Add(new WitnessResult($"real verdict on data/history ({repetitions} replays)", "recorded as measured (holds or refuted)",
            Rejected: !real.Holds, RightReason: true, $"{real.State.SwitchText}: {real.State.Reason}{written}") { Passed = true });
        return results;
    }

    private static bool RegretClause(BohbRegretVerdict v) => RegretExcessClaim.WithinExcess(v.MedianRegretBohb, v.MedianRegretAsha, V3BohbRegret.MaxRegretExcess);

    private static string Figures(BohbRegretVerdict v) => string.Create(CultureInfo.InvariantCulture,
        $"median regret {v.MedianRegretBohb:0.0000} vs ASHA {v.MedianRegretAsha:0.0000} BPB at {v.ScaledStepSeconds:0.#} s over {v.Repetitions} replays");
}

using Needle.Core.Vectors;
using System.Text.Json.Nodes;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Search.History;

namespace Needle.Search.Accelerators.Bandit;

/// <summary>
/// <c>needle falsify --only v6</c>: V6's falsifier (mode 6) on the committed history — UCB1 over families against
/// uniform allocation over <see cref="Repetitions"/> replays — written to
/// assertions/evidence/V6.json. The checks that it can reject: a bandit that cheats towards the best family must pass
/// the regret clause, one that cheats towards the worst must fail it, and fewer than 10 brackets must be refused for
/// that reason alone.
/// </summary>
public sealed class V6FalsificationSuite(int repetitions, int witnessRepetitions, bool writeEvidence) : IFalsificationSuite
{
    public V6FalsificationSuite() : this(Repetitions, 3, writeEvidence: true) { }

    /// <summary>Replays for the real verdict (the issue's ≥ 20; the pre-registered rule fixes only the 10-bracket window).</summary>
    public const int Repetitions = 20;

    public string Name => "v6";
    public string Vector => "V6";

    public BanditRegretVerdict? Verdict { get; private set; }

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var historyDir = Path.Combine(context.RepositoryRoot, "data", "history");
        var table = HistoryTable.Load(historyDir);
        Directory.CreateDirectory(context.ScratchDirectory);
        const int workers = 2;
        BanditRegretVerdict Replayed(Func<BracketBandit> bandit, int reps) =>
            BanditRegretCheck.RunAsync(table, bandit, reps, workers, context.ScratchDirectory).GetAwaiter().GetResult();
        var real = Replayed(() => new Ucb1FamilyBandit(), repetitions);
        Verdict = real;
        var results = new List<WitnessResult>();

        var w = Math.Min(witnessRepetitions, repetitions);
        var control = Replayed(() => new TruthBandit(best: true), w);
        var controlOk = RegretClause(control);
        results.Add(new WitnessResult("control: a bandit that cheats towards the best family", "its regret over the last 10 brackets is not above uniform's",
            Rejected: !controlOk, RightReason: controlOk, control.State.Reason) { Passed = controlOk });
        var worst = Replayed(() => new TruthBandit(best: false), w);
        results.Add(new WitnessResult("a bandit that cheats towards the worst family", "refuted: regret above uniform allocation's (V6 disabled)",
            Rejected: !RegretClause(worst), RightReason: !RegretClause(worst), worst.State.Reason));
        var few = V6UcbRegret.Holds(control.RegretUcb, control.RegretUniform, V6UcbRegret.Window - 1);
        results.Add(new WitnessResult($"the control's regrets claimed on {V6UcbRegret.Window - 1} brackets", $"refuted: fewer than {V6UcbRegret.Window} brackets",
            Rejected: !few, RightReason: !few && controlOk, controlOk ? "the regret clause holds, so only the count refuses it" : "the control failed, so the reason cannot be isolated"));

        var written = "";
        if (writeEvidence)
        {
            var path = EvidenceWriter.Write(context.RepositoryRoot, "V6", "INV-26", "needle falsify --only v6",
                [Path.Combine(historyDir, HistoryTable.LinesFile), Path.Combine(historyDir, HistoryTable.ManifestFile)], real.Statistic, real.Holds,
                "needle falsify --only v6", real.State.Reason, new JsonObject
                {
                    ["history_exported_trials"] = table.Manifest.ExportedTrials, ["history_partial"] = table.Manifest.Partial,
                    ["repetitions"] = real.Repetitions, ["bracket_size"] = BracketBandit.BracketSize, ["workers"] = workers,
                    ["state"] = real.State.Switch == VectorSwitch.Enabled ? "enabled" : "disabled",
                });
            written = $"; written to {Path.GetRelativePath(context.RepositoryRoot, path)}";
        }
        results.Add(new WitnessResult($"real verdict on data/history ({repetitions} replays)", "recorded as measured (holds or refuted)",
            Rejected: !real.Holds, RightReason: true, $"{real.State.SwitchText}: {real.State.Reason}{written}") { Passed = true });
        return results;
    }

    private static bool RegretClause(BanditRegretVerdict v) => RegretExcessClaim.WithinExcess(v.RegretUcb, v.RegretUniform, V6UcbRegret.MaxRegretExcess);
}

using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;
using Needle.Search.Accelerators.Proxies;
using Needle.Search.History;

namespace Needle.Search.Accelerators.Surrogate;

/// <summary>
/// V4's falsification suite (`needle falsify --only v4`): after a control (predictions within noise of the truth) is
/// accepted, falsifier mode 4's witnesses must be rejected for their MAE — a surrogate biased by +0.15 BPB, and the
/// "persistence" surrogate that predicts the rung-2 BPB as final — both built on fold 0's real configurations; then
/// the real XGBoost surrogate is trained on folds 1–4, judged on fold 0, and its verdict written to
/// assertions/evidence/V4.json.
/// </summary>
public sealed class V4FalsificationSuite : IFalsificationSuite
{
    private readonly string? _evidenceDirectory;

    public V4FalsificationSuite() { }

    public V4FalsificationSuite(string evidenceDirectory) => _evidenceDirectory = evidenceDirectory;

    public string Name => "v4";
    public string Vector => "V4";

    public IReadOnlyList<WitnessResult> Run(FalsificationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var historyDir = Path.Combine(context.RepositoryRoot, "data", "history");
        var cachePath = Path.Combine(context.RepositoryRoot, ProxyCache.HistoryCachePath);
        var table = HistoryTable.Load(historyDir);
        var cache = ProxyCache.Read(cachePath);
        var training = FinalBpbSurrogate.Judged(table, f => f != FinalBpbSurrogate.HeldOutFold);
        var heldOutRecords = FinalBpbSurrogate.Judged(table, f => f == FinalBpbSurrogate.HeldOutFold);
        using var surrogate = FinalBpbSurrogate.TrainOnFolds1To4(table, cache);
        var heldOut = surrogate.Judge(table, heldOutRecords);
        var meanFinal = training.Average(r => r.AtRung(table.Horizon)!.Value);
        var meanDrop = surrogate.Judge(table, training).Average(p => p.BpbAtRung2 - p.Actual);

        var results = new List<WitnessResult>();
        var random = new Random(4);
        var control = SurrogateGateResult.Evaluate([.. heldOut.Select(p => p with { Predicted = p.Actual + 0.02 * (random.NextDouble() - 0.5) })], meanFinal, meanDrop);
        results.Add(new WitnessResult("control (predictions within ±0.01 of the truth)", "gate holds", !control.Holds, control.Holds, control.Reason) { Passed = control.Holds });
        results.Add(Mode4("biased surrogate (+0.15 BPB on every prediction)", [.. heldOut.Select(p => p with { Predicted = p.Predicted + 0.15 })], meanFinal, meanDrop));
        results.Add(Mode4("persistence surrogate (final := rung-2 BPB)", [.. heldOut.Select(p => p with { Predicted = p.BpbAtRung2 })], meanFinal, meanDrop));

        var real = SurrogateGateResult.Evaluate(heldOut, meanFinal, meanDrop);
        var verdict = Verdict(real);
        var details = new JsonObject
        {
            ["exported_trials"] = table.Manifest.ExportedTrials, ["partial_history"] = table.Manifest.Partial,
            ["xgboost"] = XgbRegressor.LibraryVersion, ["trained_on"] = surrogate.TrainedOn, ["held_out"] = real.Sample,
            ["mae_constant"] = real.MaeConstant, ["mae_rung2_minus_mean_drop"] = real.MaeRung2MinusMeanDrop,
            ["pruning"] = new JsonObject
            {
                ["share"] = SurrogatePruning.DefaultPruneShare, ["pruned"] = real.Pruning.Pruned, ["top_k"] = real.Pruning.TopK,
                ["top_k_pruned"] = real.Pruning.TopPruned, ["regret_bpb"] = real.Pruning.RegretBpb,
            },
            ["parameters"] = new JsonObject(new XgbParameters().Pairs().Select(p => KeyValuePair.Create(p.Name, (JsonNode?)p.Value))
                .Append(KeyValuePair.Create("rounds", (JsonNode?)new XgbParameters().Rounds))),
        };
        var written = EvidenceFile.Write(_evidenceDirectory ?? Path.Combine(context.RepositoryRoot, "assertions", "evidence"), context.RepositoryRoot,
            new V4SurrogateAccuracy(), "INV-24", "needle falsify --only v4",
            new Dictionary<string, string>
            {
                ["history.jsonl"] = EvidenceFile.Sha256Of(Path.Combine(historyDir, HistoryTable.LinesFile)),
                ["history-proxies.jsonl"] = EvidenceFile.Sha256Of(cachePath),
            },
            real.Statistic, "needle falsify --only v4", verdict.Reason, details);
        results.Add(new WitnessResult($"real data: XGBoost on folds 1-4, judged on fold 0 (export of {table.Manifest.ExportedTrials} trials)",
            "verdict recorded in assertions/evidence/V4.json", !real.Holds, true, $"{written}: {verdict}") { Passed = true });
        return results;
    }

    /// <summary>The vector's state from the gate (what the compound strategy consumes).</summary>
    public static PredictorVerdict Verdict(SurrogateGateResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PredictorVerdict("V4", result.Holds, true, result.Reason);
    }

    private static WitnessResult Mode4(string name, IReadOnlyList<SurrogatePrediction> predictions, double meanFinal, double meanDrop)
    {
        var r = SurrogateGateResult.Evaluate(predictions, meanFinal, meanDrop);
        return new WitnessResult(name, string.Create(CultureInfo.InvariantCulture, $"gate refuted: MAE > {V4SurrogateAccuracy.MaxMaeBpb}"),
            !r.Holds, r.Mae > V4SurrogateAccuracy.MaxMaeBpb, $"{(r.Holds ? "holds" : "refuted")}: {r.Reason}");
    }
}

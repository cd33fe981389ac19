using System.Text.Json.Serialization;

namespace Needle.Search.History;

/// <summary>
/// One line of the history export (<c>data/history/history.jsonl</c>): one trial — one configuration on one seed — with
/// its curve on the study's common validation sample (every 50 steps), its whole-split BPB at each rung reached, and
/// its measured cost. <see cref="State"/> is Completed (reached the last rung) or Diverged (the curve stops where it
/// diverged; <see cref="Error"/> says why).
/// </summary>
public sealed record HistoryRecord
{
    [JsonPropertyName("config_id")] public required string ConfigId { get; init; }
    [JsonPropertyName("canon")] public required string Canon { get; init; }
    [JsonPropertyName("config")] public required SortedDictionary<string, string> Config { get; init; }
    [JsonPropertyName("family")] public required string Family { get; init; }
    [JsonPropertyName("format")] public required string Format { get; init; }
    [JsonPropertyName("origin")] public required string Origin { get; init; }
    [JsonPropertyName("seed")] public required uint Seed { get; init; }
    [JsonPropertyName("state")] public required string State { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }

    /// <summary>[step, BPB on the study's validation sample] pairs, ascending in step.</summary>
    [JsonPropertyName("curve")] public required IReadOnlyList<double[]> Curve { get; init; }

    /// <summary>Whole-validation-split BPB at each rung reached, by rung step (as text: JSON keys).</summary>
    [JsonPropertyName("rung_bpb")] public required SortedDictionary<string, double> RungBpb { get; init; }

    /// <summary>CPU seconds of the trial's thread per training step (evaluation excluded), not wall time.</summary>
    [JsonPropertyName("seconds_per_step")] public required double SecondsPerStep { get; init; }

    /// <summary>CPU seconds the trial's evaluations took in all (sample reports and whole-split rungs).</summary>
    [JsonPropertyName("eval_seconds")] public required double EvalSeconds { get; init; }

    [JsonPropertyName("params")] public required long Params { get; init; }

    /// <summary>Forward FLOPs per token, estimated as 2·params + 2·layers·ctx·d_model for attention families (Kaplan et al. 2020).</summary>
    [JsonPropertyName("flops_per_token")] public required double FlopsPerToken { get; init; }

    /// <summary>Cross-validation fold 0–4, a pure function of <see cref="ConfigId"/> (<see cref="HistoryConfig.FoldOf"/>).</summary>
    [JsonPropertyName("fold")] public required int Fold { get; init; }

    [JsonPropertyName("commit")] public required string Commit { get; init; }
    [JsonPropertyName("corpus_sha256")] public required string CorpusSha256 { get; init; }

    /// <summary>The trainer's config hash (TrainConfig.Hash: what a reproduction must match).</summary>
    [JsonPropertyName("config_sha256")] public required string ConfigSha256 { get; init; }

    /// <summary>The last step the curve reached.</summary>
    [JsonIgnore] public long LastStep => Curve.Count == 0 ? 0 : (long)Curve[^1][0];

    /// <summary>Whole-split BPB at rung <paramref name="step"/>, or null when the trial did not reach it.</summary>
    public double? AtRung(long step) => RungBpb.TryGetValue(step.ToString(System.Globalization.CultureInfo.InvariantCulture), out var v) ? v : null;
}

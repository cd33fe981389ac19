using System.Text.Json.Serialization;

namespace Needle.Training.Curriculum.Measurement;

/// <summary>
/// One evaluation point of a measured run. Clocks count training only (candidate scoring, forward, backward,
/// optimiser), never the evaluation itself: CPU seconds of this process (the honest cost on a shared machine) and
/// wall seconds (noisy there, reported for completeness).
/// </summary>
public sealed record CurvePoint(
    [property: JsonPropertyName("step")] long Step,
    [property: JsonPropertyName("trained_tokens")] long TrainedTokens,
    [property: JsonPropertyName("scored_tokens")] long ScoredTokens,
    [property: JsonPropertyName("cpu_seconds")] double CpuSeconds,
    [property: JsonPropertyName("wall_seconds")] double WallSeconds,
    [property: JsonPropertyName("val_bpb")] double ValBpb);

/// <summary>One run of the experiment: an arm ("baseline" or "v7"), a seed, its curve and its final whole-split BPB.</summary>
public sealed record CurriculumRunRecord(
    [property: JsonPropertyName("arm")] string Arm,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("config_sha256")] string ConfigSha256,
    [property: JsonPropertyName("points")] IReadOnlyList<CurvePoint> Points)
{
    public const string BaselineArm = "baseline";
    public const string V7Arm = "v7";

    /// <summary>The whole-split validation BPB at the last step.</summary>
    [JsonIgnore] public double FinalBpb => Points[^1].ValBpb;
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Needle.Training.Models;
using Needle.Training.Optim;

namespace Needle.Training.Run;

/// <summary>
/// Everything one training run depends on, in one typed object: echoed at start, stored in checkpoints (a resume
/// with a different config is refused) and hashed for ledger rows. Every field is live.
/// </summary>
public sealed record TrainConfig
{
    public static readonly IReadOnlyList<string> KnownOptimizers = ["adamw", "sgd"];

    public ModelConfig Model { get; init; } = new();
    public int Batch { get; init; } = 12;
    public int Steps { get; init; } = 2000;
    public ulong Seed { get; init; } = 42;
    public string Optimizer { get; init; } = "adamw";
    public float Lr { get; init; } = 1e-3f;
    public float Beta1 { get; init; } = 0.9f;
    public float Beta2 { get; init; } = 0.999f;
    public float Epsilon { get; init; } = 1e-8f;
    public float WeightDecay { get; init; } = 0.0f;
    public float Momentum { get; init; } = 0.9f;
    public ScheduleKind Schedule { get; init; } = ScheduleKind.Wsd;
    public int WarmupSteps { get; init; } = -1;
    public float MinLrFraction { get; init; } = 0.1f;
    public float DecayFraction { get; init; } = 0.2f;
    public float GradClip { get; init; } = 1.0f;
    public GroupMultipliers LrMultipliers { get; init; } = new();

    /// <summary>Periodic validation every this many steps (0 = only at the end) on a seeded sample of windows.</summary>
    public int EvalEvery { get; init; } = 100;
    public int EvalWindows { get; init; } = 96;

    /// <summary>Decay of the BPB EMA (INV-7); the upstream's is 0.618.</summary>
    public double BpbEmaDecay { get; init; } = Evaluation.BpbEma.UpstreamDecay;

    /// <summary>Decay of an EMA of the weights used for the final evaluation; 0 = off.</summary>
    public float WeightEmaDecay { get; init; }

    public int Threads { get; init; } = 2;

    /// <summary>V7 online curriculum (<c>--curriculum</c>); null = off, and then absent from the JSON and the hash.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Curriculum.CurriculumSpec? Curriculum { get; init; }

    /// <summary>Warm-up steps actually used: −1 means 5% of the steps (at least 1 when steps ≥ 20).</summary>
    [JsonIgnore] public int EffectiveWarmup => WarmupSteps >= 0 ? WarmupSteps : Steps >= 20 ? Math.Max(1, Steps / 20) : 0;

    public void Validate()
    {
        Model.Validate();
        if (!KnownOptimizers.Contains(Optimizer))
            throw new ArgumentException($"optimizer: unknown optimizer '{Optimizer}'; known: {string.Join(", ", KnownOptimizers)}");
        Require(Batch > 0, "batch", Batch);
        Require(Steps >= 0, "steps", Steps);
        Require(Lr > 0 && float.IsFinite(Lr), "lr", Lr);
        Require(Threads is >= 1 and <= 64, "threads", Threads);
        Require(EvalEvery >= 0, "eval-every", EvalEvery);
        Require(EvalWindows >= 0, "eval-windows", EvalWindows);
        Require(WeightEmaDecay is >= 0f and < 1f, "weight-ema", WeightEmaDecay);
        Require(BpbEmaDecay is > 0 and < 1, "bpb-ema-decay (INV-7)", BpbEmaDecay);
        Require(MinLrFraction is >= 0f and <= 1f, "min-lr-fraction", MinLrFraction);
        Require(DecayFraction is > 0f and <= 1f, "decay-fraction", DecayFraction);
        Curriculum?.Validate();
        RefuseUnread();
    }

    /// <summary>
    /// A setting the chosen optimiser or schedule does not read must keep its default (it would be silently
    /// dropped otherwise): SGD reads no β1/β2/ε, AdamW no momentum, a constant schedule no decay shape, cosine no
    /// decay fraction.
    /// </summary>
    private void RefuseUnread()
    {
        var d = Defaults;
        void Refuse(bool set, string field, string reader)
        {
            if (set) throw new ArgumentException($"{field}: {reader} does not read this setting; leave it at its default");
        }
        bool sgd = Optimizer == "sgd";
        Refuse(sgd && Beta1 != d.Beta1, "beta1", "the sgd optimizer");
        Refuse(sgd && Beta2 != d.Beta2, "beta2", "the sgd optimizer");
        Refuse(sgd && Epsilon != d.Epsilon, "epsilon", "the sgd optimizer");
        if (sgd && Model.Parametrization == Parametrization.Mup)
            throw new ArgumentException("parametrization: mup is implemented in its Adam form only (learning rate × 1/width on hidden matrices); the sgd optimizer would need another rule — use optimizer adamw or parametrization sp");
        Refuse(!sgd && Momentum != d.Momentum, "momentum", $"the {Optimizer} optimizer");
        Refuse(Schedule == ScheduleKind.Constant && MinLrFraction != d.MinLrFraction, "min-lr-fraction", "the constant schedule");
        Refuse(Schedule != ScheduleKind.Wsd && DecayFraction != d.DecayFraction, "decay-fraction", $"the {Schedule.ToString().ToLowerInvariant()} schedule");
    }

    /// <summary>A config with every default (what an unread setting must equal).</summary>
    public static TrainConfig Defaults { get; } = new();

    private static void Require(bool ok, string field, object value)
    {
        if (!ok) throw new ArgumentException($"{field}: {value} is out of range");
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = false,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static TrainConfig FromJson(string json) =>
        JsonSerializer.Deserialize<TrainConfig>(json, Json) ?? throw new ArgumentException("config JSON is null");

    /// <summary>SHA-256 of the canonical JSON, for ledger rows and checkpoint compatibility.</summary>
    public string Hash() => Needle.Core.ConfigDigest.Sha256(ToJson());
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Needle.Core.Phi;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Optim;
using Needle.Training.Run;

namespace Needle.Training.Mup;

/// <summary>What the learning-rate transfer sweep trains: every (parametrization, width, grid lr) run.</summary>
public sealed record LrTransferSettings
{
    /// <summary>The sweep's model: a 1-layer attn with 2 heads over 32 bytes (one block keeps a width-256 run near a
    /// CPU-minute; it still has every hidden matrix muP rescales); muP's base width is the proxy width.</summary>
    public ModelConfig Model { get; init; } = new() { Model = "attn", Layers = 1, Heads = 2, Ctx = 32, MupBaseWidth = 32 };
    public IReadOnlyList<int> Widths { get; init; } = [32, 256];

    /// <summary>The grid: <see cref="CentreLr"/>·φ^k for k in [<see cref="LowestK"/>, <see cref="HighestK"/>] — five points,
    /// 1.5e-3 … 1.05e-2, centred on the proxy width's optimum (4e-3: SP at width 32, 2 layers, 900 steps, measured
    /// while sizing this sweep); an optimum on the grid's edge is reported as "at least" that far.</summary>
    public double CentreLr { get; init; } = 4e-3;
    public int LowestK { get; init; } = -2;
    public int HighestK { get; init; } = 2;

    /// <summary>The brief's horizon: 900 steps (cosine schedule, 5% warm-up), long enough that the optimum is a property
    /// of training rather than of the first few hundred steps' transient.</summary>
    public int Steps { get; init; } = 900;
    public int Batch { get; init; } = 8;
    public ulong Seed { get; init; } = 42;
    public int Threads { get; init; } = 2;

    /// <summary>Global-norm gradient clipping (0 = off, the default here): the global norm sums every tensor, so its
    /// value grows with width and neither parametrization's rules say how a clip threshold should scale; with it on,
    /// the sweep would measure the clip's width dependence as well as the parametrization's.</summary>
    public float GradClip { get; init; }

    [JsonIgnore] public IReadOnlyList<int> GridK => Enumerable.Range(LowestK, HighestK - LowestK + 1).ToArray();
    public double LrAt(int k) => CentreLr * Math.Pow(PhiConstants.Phi, k);

    public TrainConfig RunAt(Parametrization p, int width, int k) => new()
    {
        Model = Model with { DModel = width, Parametrization = p, MupBaseWidth = p == Parametrization.Mup ? Model.MupBaseWidth : 0 },
        Batch = Batch,
        Steps = Steps,
        Seed = Seed,
        Lr = (float)LrAt(k),
        Schedule = ScheduleKind.Cosine,
        GradClip = GradClip,
        EvalEvery = 0,
        Threads = Threads,
    };
}

/// <summary>One run of the sweep: final validation BPB (whole split), or NaN when it diverged.</summary>
public sealed record LrTransferPoint(string Parametrization, int Width, int K, double Lr, double ValBpb);

/// <summary>Per parametrization: the best grid index at each width and how far it moved.</summary>
public sealed record LrTransferOptimum(string Parametrization, IReadOnlyDictionary<int, int> BestKByWidth, int GridStepsMoved);

/// <summary>The sweep's outcome (what data/v1/lr-transfer.json holds).</summary>
public sealed record LrTransferResult(LrTransferSettings Settings, IReadOnlyList<LrTransferPoint> Points, string Commit)
{
    public IReadOnlyList<LrTransferOptimum> Optima => Points.GroupBy(p => p.Parametrization).Select(g =>
    {
        var best = g.GroupBy(p => p.Width).ToDictionary(w => w.Key, w => w.Where(p => double.IsFinite(p.ValBpb)).MinBy(p => p.ValBpb)?.K ?? int.MinValue);
        var ks = best.Values.ToArray();
        return new LrTransferOptimum(g.Key, best, ks.Max() - ks.Min());
    }).ToList();

    /// <summary>How many grid steps the optimum moved under a parametrization (sp | mup).</summary>
    public int GridStepsMoved(Parametrization p) => Optima.Single(o => o.Parametrization == MupScaling.Name(p)).GridStepsMoved;

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LrTransferResult FromJson(string json, string path) =>
        JsonSerializer.Deserialize<LrTransferResult>(json, Json) ?? throw new InvalidDataException($"{path}: empty lr-transfer table; re-run needle coord-check --lr-transfer");
}

/// <summary>
/// µTransfer's classic experiment on real runs: a φ-spaced learning-rate grid trained at a proxy width and at a
/// target width under SP and under muP; the final whole-split validation BPB of each run. muP's claim: the optimum
/// stays within one grid step (<see cref="Needle.Core.Preregistration.V1MupTransfer.MaxLrShiftGridSteps"/>).
/// </summary>
public static class LrTransfer
{
    public static LrTransferResult Run(LrTransferSettings settings, TinyShakespeare corpus, string commit, Action<LrTransferPoint>? progress = null)
    {
        var points = new List<LrTransferPoint>();
        foreach (var p in new[] { Parametrization.Sp, Parametrization.Mup })
            foreach (var width in settings.Widths)
                foreach (var k in settings.GridK)
                {
                    double bpb;
                    try
                    {
                        using var trainer = new Trainer(settings.RunAt(p, width, k), corpus);
                        bpb = trainer.Run().ValBpb;
                    }
                    catch (ArithmeticException)
                    {
                        bpb = double.NaN; // diverged: the worst possible outcome at this lr
                    }
                    var point = new LrTransferPoint(MupScaling.Name(p), width, k, settings.LrAt(k), bpb);
                    points.Add(point);
                    progress?.Invoke(point);
                }
        return new LrTransferResult(settings, points, commit);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Needle.Training.Data;
using Needle.Training.Formats;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Models.Registry;
using Needle.Training.Run;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle bench families</c>: training tokens/s of every family at the sizes the race uses, and the
/// fake-quantisation overhead of each number format against FP32 on one family (the two measured alternately, best
/// of the repeats each, so a load spike on the shared machine hits both). Figures only, never a pass/fail.
/// </summary>
internal static class FamiliesBench
{
    /// <summary>The race sizes (upstream plans): ATTN d128·L4, TRAIN_V2 d64·h1024·K14, HYBRID and JEPA-T d64·L2·h256 K6.</summary>
    public static IReadOnlyList<(string Label, ModelConfig Model)> RaceSizes { get; } =
    [
        ("ATTN d128 L4", new ModelConfig { Model = "attn", DModel = 128, Layers = 4, Heads = 4, Ctx = 64 }),
        ("TRAIN_V2 d64 h1024 K14", new ModelConfig { Model = FamilyNames.TrainV2, DModel = 64, HiddenWidth = 1024, NgramK = 14, Ctx = 64 }),
        ("HYBRID d64 L2 h256", new ModelConfig { Model = FamilyNames.Hybrid, DModel = 64, Layers = 2, Heads = 4, HiddenWidth = 256, NgramK = 6, Ctx = 64 }),
        ("JEPA-T d64 L2 h256 +NCA", new ModelConfig { Model = FamilyNames.JepaT, DModel = 64, Layers = 2, Heads = 4, HiddenWidth = 256, NgramK = 6, Ctx = 64, NcaWeight = 0.25f }),
    ];

    public static Command Build()
    {
        var command = new Command("families", "Tokens/s of each model family at race sizes and fake-quantisation overhead per format vs FP32.");
        var warmup = new Option<int>("--warmup-steps") { Description = "untimed steps before measuring", DefaultValueFactory = _ => 3 };
        var measured = new Option<int>("--measure-steps") { Description = "timed steps per repeat", DefaultValueFactory = _ => 15 };
        var repeats = new Option<int>("--repeats") { Description = "repeats (the best is reported)", DefaultValueFactory = _ => 2 };
        var batch = new Option<int>("--batch") { Description = "sequences per step", DefaultValueFactory = _ => 12 };
        var threads = new Option<int>("--threads") { Description = "worker threads", DefaultValueFactory = _ => 2 };
        var overheadModel = new Option<string>("--overhead-model") { Description = "family the format overhead is measured on (its race size)", DefaultValueFactory = _ => FamilyNames.TrainV2 }.OneOf(ModelFamilies.Names);
        var json = new Option<bool>("--json") { Description = "print the figures as JSON on the last stdout line" };
        foreach (var o in new Option[] { warmup, measured, repeats, batch, threads, overheadModel, json }) command.Options.Add(o);
        command.SetAction(r =>
        {
            try
            {
                return Run(r.GetValue(warmup), r.GetValue(measured), r.GetValue(repeats), r.GetValue(batch), r.GetValue(threads),
                    TrainOptions.CanonModel(r.GetValue(overheadModel)!), r.GetValue(json));
            }
            catch (Exception e) when (e is ArgumentException or CorpusException or InvalidOperationException)
            {
                CliConsole.Error.WriteLine($"needle bench families: {e.Message}");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static int Run(int warmup, int measured, int repeats, int batch, int threads, string overheadModel, bool json)
    {
        if (warmup < 0 || measured < 1 || repeats < 1) throw new ArgumentException("--warmup-steps ≥ 0, --measure-steps ≥ 1 and --repeats ≥ 1 are required");
        var corpus = TinyShakespeare.Load();
        var families = new List<Dictionary<string, object>>();
        foreach (var (label, model) in RaceSizes)
        {
            double tps = Enumerable.Range(0, repeats).Max(_ => TokensPerSecond(corpus, model, batch, threads, warmup, measured, out double _));
            TokensPerSecond(corpus, model, batch, threads, 0, 1, out var flops);
            CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-26} {tps,10:F0} tokens/s  ({flops * 3 * tps / 1e9:F2} GFLOP/s of training)"));
            families.Add(new() { ["family"] = label, ["tokens_per_s"] = Math.Round(tps, 1), ["forward_flops_per_token"] = Math.Round(flops) });
        }
        var baseModel = RaceSizes.FirstOrDefault(s => s.Model.Model == overheadModel).Model
            ?? throw new ArgumentException($"--overhead-model: '{overheadModel}' is not a family; known: {string.Join(", ", RaceSizes.Select(s => s.Model.Model))}");
        if (baseModel.Hidden < FormatCapacity.Gf16MinHidden) baseModel = baseModel with { HiddenWidth = FormatCapacity.Gf16MinHidden };
        var formats = new List<Dictionary<string, object>>();
        foreach (var format in NumberFormats.Names.Where(f => f != NumberFormats.Fp32Name))
        {
            double fp32 = 0, quant = 0;
            for (int rep = 0; rep < repeats; rep++)
            {
                fp32 = Math.Max(fp32, TokensPerSecond(corpus, baseModel, batch, threads, warmup, measured, out double _));
                quant = Math.Max(quant, TokensPerSecond(corpus, baseModel with { Format = format }, batch, threads, warmup, measured, out double _));
            }
            double overhead = fp32 / quant - 1;
            // The end-to-end ratio is at the mercy of the shared machine's load; the cost the transform adds per step
            // (copy + quantise every matrix, what the model does before each forward) is measured directly as well.
            double quantMs = QuantiseMilliseconds(baseModel with { Format = format }, batch, threads);
            double stepMs = batch * baseModel.Ctx / fp32 * 1000;
            CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{overheadModel} {format,-8} {quant,10:F0} tokens/s vs FP32 {fp32:F0}: end-to-end overhead {overhead * 100:F1}%; " +
                $"transform {quantMs:F3} ms per {stepMs:F1} ms step = {quantMs / stepMs * 100:F2}% (goal ≤ 15%)"));
            formats.Add(new()
            {
                ["format"] = format, ["tokens_per_s"] = Math.Round(quant, 1), ["fp32_tokens_per_s"] = Math.Round(fp32, 1),
                ["overhead"] = Math.Round(overhead, 4), ["transform_ms_per_step"] = Math.Round(quantMs, 4),
                ["transform_overhead"] = Math.Round(quantMs / stepMs, 5),
            });
        }
        if (json)
            CliConsole.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["families"] = families, ["format_overhead"] = formats, ["overhead_model"] = overheadModel, ["batch"] = batch, ["threads"] = threads,
            }));
        return ExitCodes.Ok;
    }

    /// <summary>Milliseconds to copy and fake-quantise every matrix of the model once (best of 20 after a warm-up).</summary>
    private static double QuantiseMilliseconds(ModelConfig model, int batch, int threads)
    {
        using var pool = new Needle.Training.Kernels.WorkerPool(threads);
        using var m = ModelFactory.CreateModel(model, batch, 1, pool);
        var transform = (FakeQuantWeightTransform)m.WeightTransform!;
        var master = m.Parameters.ToArray();
        var effective = new float[master.Length];
        double best = double.MaxValue;
        for (int rep = 0; rep < 21; rep++)
        {
            var clock = Stopwatch.StartNew();
            master.CopyTo(effective, 0);
            foreach (var t in m.Tensors)
                if (transform.Applies(t)) transform.Transform(t, effective.AsSpan((int)t.Offset, (int)t.Size));
            if (rep > 0) best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return best;
    }

    /// <summary>Tokens/s of <paramref name="measured"/> real training steps after <paramref name="warmup"/> untimed ones.</summary>
    private static double TokensPerSecond(TinyShakespeare corpus, ModelConfig model, int batch, int threads, int warmup, int measured, out double forwardFlops)
    {
        var config = new TrainConfig { Model = model, Batch = batch, Steps = warmup + measured, Threads = threads, EvalEvery = 0, Lr = 2e-3f };
        using var trainer = new Trainer(config, corpus);
        forwardFlops = trainer.Model.ForwardFlopsPerToken;
        for (int i = 0; i < warmup; i++) trainer.Step();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < measured; i++) trainer.Step();
        return measured * (double)trainer.TokensPerStep / clock.Elapsed.TotalSeconds;
    }
}

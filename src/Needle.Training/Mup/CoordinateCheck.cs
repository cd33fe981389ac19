using Needle.Core.Preregistration;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Optim;
using Needle.Training.Run;

namespace Needle.Training.Mup;

/// <summary>A muP bug the coordinate check plants on purpose, to show it can fail.</summary>
public enum PlantedMupBug
{
    None,

    /// <summary>The readout multiplier 1/m removed (the classic muP mistake: logits then grow with width).</summary>
    ReadoutMultiplierRemoved,
}

/// <summary>What one coordinate check trains. The model is <see cref="Model"/> with d_model set to each width.</summary>
public sealed record CoordinateCheckSettings
{
    /// <summary>The check's default model: a 2-layer attn with 2 heads over 32 bytes (head size 4…64 across the widths)
    /// and an untied readout (muP starts it at zero, so the logits carry no m^-1/2 initialisation term).</summary>
    public static ModelConfig DefaultModel { get; } = new() { Model = "attn", Layers = 2, Heads = 2, Ctx = 32, TiedReadout = false };

    public ModelConfig Model { get; init; } = DefaultModel;
    public Parametrization Parametrization { get; init; } = Parametrization.Mup;
    public IReadOnlyList<int> Widths { get; init; } = [8, 16, 32, 64, 128];
    public int Steps { get; init; } = 5;

    /// <summary>Constant Adam learning rate (no warm-up, no clipping): large enough that SP's updates visibly change
    /// the activations' scale with width within a few steps (so the check is not blind), small enough that muP's
    /// hidden lr at width 8 (×16 with base width 128) does not throw the tiny models out of their regime.</summary>
    public float Lr { get; init; } = 0.001f;

    public int Batch { get; init; } = 8;
    public ulong Seed { get; init; } = 42;

    /// <summary>Independent initialisations (and batches) averaged per width, as microsoft/mup's coord check does
    /// (nseeds). The statistic is a maximum over every site and step, so seed noise biases it upwards: with 3 seeds
    /// the bootstrap over seeds puts it anywhere in 0.11–0.26 for the same model; 100 seeds bring its spread to about
    /// ±0.01 (docs/v1-mup.md). A width's 100 seeds take seconds (widths ≤ 128).</summary>
    public int Seeds { get; init; } = 100;

    /// <summary>True (default): each seed draws one real batch and trains every step on it, and each step's forward is
    /// on that batch — microsoft/mup's get_coord_data default (fix_data=True), which measures how an update moves the
    /// activations of the data it was computed from. False: a fresh batch every step (the update's effect on unseen
    /// data, whose one-step signal is weak against finite-width fluctuation at width 8).</summary>
    public bool FixedBatch { get; init; } = true;
    public int Threads { get; init; } = 2;
    public PlantedMupBug Bug { get; init; } = PlantedMupBug.None;

    public void Validate()
    {
        if (Widths.Count < 2) throw new ArgumentException($"widths: a slope needs at least two widths, got {Widths.Count}");
        if (Widths.Distinct().Count() != Widths.Count) throw new ArgumentException($"widths: {string.Join(",", Widths)} repeats a width");
        foreach (var w in Widths)
            if (w <= 0 || w % Model.Heads != 0) throw new ArgumentException($"widths: {w} must be a positive multiple of the heads ({Model.Heads})");
        if (Seeds < 1) throw new ArgumentException($"seeds: {Seeds} must be at least 1");
        if (Steps < 1) throw new ArgumentException($"steps: {Steps} must be at least 1");
        if (!(Lr > 0f && float.IsFinite(Lr))) throw new ArgumentException($"lr: {Lr} must be positive");
        if (Bug != PlantedMupBug.None && Parametrization != Parametrization.Mup)
            throw new ArgumentException("plant: a muP bug can only be planted under --parametrization mup");
    }

    /// <summary>The training run of one width.</summary>
    public TrainConfig RunAt(int width, int seedIndex = 0) => new()
    {
        Model = Model with { DModel = width, Parametrization = Parametrization },
        Batch = Batch,
        Steps = Steps,
        Seed = Seed + (ulong)seedIndex,
        Lr = Lr,
        Schedule = ScheduleKind.Constant,
        WarmupSteps = 0,
        MinLrFraction = TrainConfig.Defaults.MinLrFraction,
        GradClip = 0f,
        EvalEvery = 0,
        Threads = Threads,
    };
}

/// <summary>One activation site's scale across widths: mean |x| per width and step, and the slope per step.</summary>
/// <param name="Site">e.g. <c>embed</c>, <c>h0.attn_y</c>, <c>h1.residual</c>, <c>logits</c>.</param>
/// <param name="MeanAbs">[width index][step] mean |x| over every coordinate of the site in that step's forward, averaged over the seeds.</param>
/// <param name="Slopes">Per step: least-squares slope of ln(mean |x|) against ln(width).</param>
public sealed record SiteScale(string Site, IReadOnlyList<IReadOnlyList<double>> MeanAbs, IReadOnlyList<double> Slopes)
{
    public double MaxAbsSlope => Slopes.Max(Math.Abs);
}

/// <summary>The outcome: every site's scale, and whether every |slope| is within V1's pre-registered bound.</summary>
public sealed record CoordinateCheckResult(CoordinateCheckSettings Settings, IReadOnlyList<SiteScale> Sites)
{
    public double MaxAbsSlope => Sites.Max(s => s.MaxAbsSlope);
    public string WorstSite => Sites.MaxBy(s => s.MaxAbsSlope)!.Site;

    /// <summary>True when every site's |slope| at every step is ≤ <see cref="V1MupTransfer.MaxAbsSlope"/>.</summary>
    public bool Flat => MaxAbsSlope <= V1MupTransfer.MaxAbsSlope;
}

/// <summary>
/// muP's coordinate check (Yang et al., Tensor Programs V §D / microsoft/mup's coord check): train each width a few
/// Adam steps on real corpus batches and watch the mean |x| of every layer's activations (through
/// <see cref="IActivationObserver"/>) in each step's forward — step 0 sees the initialisation, step t the model after t
/// updates. Under muP no site's scale may depend on width (|slope of ln mean|x| against ln width| ≤ 0.1 at every
/// step); under SP the updates make some site grow with width.
/// </summary>
public static class CoordinateCheck
{
    public static CoordinateCheckResult Run(CoordinateCheckSettings settings, TinyShakespeare corpus)
    {
        settings.Validate();
        var perWidth = new List<Dictionary<string, double[]>>();
        foreach (var width in settings.Widths) perWidth.Add(Measure(settings, width, corpus));
        var sites = new List<SiteScale>();
        var lnW = settings.Widths.Select(w => Math.Log(w)).ToArray();
        foreach (var site in perWidth[0].Keys)
        {
            var meanAbs = perWidth.Select(d => (IReadOnlyList<double>)d[site]).ToList();
            var slopes = new double[settings.Steps];
            for (int t = 0; t < settings.Steps; t++)
                slopes[t] = meanAbs.All(m => m[t] == 0) ? 0 // exactly zero at every width (a zero-initialised readout at step 0): no width dependence
                    : Slope(lnW, meanAbs.Select(m => Math.Log(m[t])).ToArray());
            sites.Add(new SiteScale(site, meanAbs, slopes));
        }
        return new CoordinateCheckResult(settings, sites);
    }

    /// <summary>Least-squares slope of y against x.</summary>
    public static double Slope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException($"a slope needs ≥ 2 paired points (x {x.Count}, y {y.Count})");
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < x.Count; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); }
        if (sxx == 0) throw new ArgumentException("a slope needs at least two distinct x");
        return sxy / sxx;
    }

    /// <summary>Mean |x| per site and step at one width, averaged over the seeds.</summary>
    private static Dictionary<string, double[]> Measure(CoordinateCheckSettings settings, int width, TinyShakespeare corpus)
    {
        Dictionary<string, double[]>? sum = null;
        for (int s = 0; s < settings.Seeds; s++)
        {
            var one = MeasureOne(settings, width, s, corpus);
            if (sum is null) { sum = one; continue; }
            foreach (var (site, row) in one)
                for (int t = 0; t < row.Length; t++) sum[site][t] += row[t];
        }
        foreach (var row in sum!.Values)
            for (int t = 0; t < row.Length; t++) row[t] /= settings.Seeds;
        return sum;
    }

    private static Dictionary<string, double[]> MeasureOne(CoordinateCheckSettings settings, int width, int seedIndex, TinyShakespeare corpus)
    {
        using var trainer = new Trainer(settings.RunAt(width, seedIndex), corpus);
        if (settings.Bug == PlantedMupBug.ReadoutMultiplierRemoved) ((ModelBase)trainer.Model).Head.Multiplier = 1f;
        var recorder = new ScaleRecorder(settings.Steps);
        trainer.Model.Observer = recorder;
        for (int t = 0; t < settings.Steps; t++)
        {
            recorder.Step = t;
            trainer.Step(repeatBatch: settings.FixedBatch && t > 0);
        }
        trainer.Model.Observer = null;
        return recorder.MeanAbs;
    }

    /// <summary>Mean |x| of each site in each step's forward.</summary>
    private sealed class ScaleRecorder(int steps) : IActivationObserver
    {
        public int Step;
        public readonly Dictionary<string, double[]> MeanAbs = new(StringComparer.Ordinal);

        public void Observe(int layer, string site, ReadOnlySpan<float> activations)
        {
            string key = site is "embed" or "logits" ? site : $"h{layer}.{site}";
            if (!MeanAbs.TryGetValue(key, out var row)) MeanAbs[key] = row = new double[steps];
            double sum = 0;
            foreach (var v in activations) sum += Math.Abs(v);
            row[Step] = sum / activations.Length;
        }
    }
}

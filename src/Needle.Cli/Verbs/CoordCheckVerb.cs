using System.CommandLine;
using System.Globalization;
using Needle.Core.Preregistration;
using Needle.Training.Data;
using Needle.Training.Models;
using Needle.Training.Models.Registry;
using Needle.Training.Mup;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle coord-check --parametrization sp|mup [--widths 8,16,32,64,128] [--steps 5] [--seeds 100] [--fresh-batches] [--json] [--plot out.svg]</c>:
/// muP's coordinate check on real batches (<see cref="CoordinateCheck"/>). Prints each site's slope of ln mean|x|
/// against ln width per step. Exit 0 when the outcome is the one the parametrization predicts (muP: every
/// |slope| ≤ 0.1; SP: some |slope| &gt; 0.1), 1 when not, 2 on bad input.
/// </summary>
public sealed class CoordCheckVerb : ICliVerb
{
    public Command Build()
    {
        var parametrization = new Option<string>("--parametrization") { Description = "Standard (sp) or maximal-update (mup) parametrization.", DefaultValueFactory = _ => "mup" }.OneOf("sp", "mup");
        var widths = new Option<string>("--widths") { Description = "d_model values, comma-separated", DefaultValueFactory = _ => "8,16,32,64,128" };
        var steps = new Option<int>("--steps") { Description = "Adam steps per width (step 0's forward sees the initialisation)", DefaultValueFactory = _ => 5 };
        var seeds = new Option<int>("--seeds") { Description = "initialisations averaged per width", DefaultValueFactory = _ => new CoordinateCheckSettings().Seeds };
        var fresh = new Option<bool>("--fresh-batches") { Description = "draw a fresh batch every step (default: each seed trains and is observed on one fixed batch, as microsoft/mup's coord check)" };
        var lr = new Option<float>("--lr") { Description = "constant learning rate", DefaultValueFactory = _ => new CoordinateCheckSettings().Lr };
        var model = new Option<string>("--model") { Description = "model family", DefaultValueFactory = _ => "attn" }.OneOf(ModelFamilies.Names);
        var baseWidth = new Option<int>("--mup-base-width") { Description = $"muP's base width (0: {MupScaling.DefaultBaseWidth})", DefaultValueFactory = _ => 0 };
        var plant = new Option<string>("--plant") { Description = "A planted bug: readout-multiplier removes muP's readout multiplier (the check must then fail).", DefaultValueFactory = _ => "none" }.OneOf("none", "readout-multiplier");
        var json = new Option<bool>("--json") { Description = "print a machine-readable result as the last stdout line" };
        var plot = new Option<string?>("--plot") { Description = "write an SVG: mean |x| per site against width, one line per step" };
        var lrTransfer = new Option<bool>("--lr-transfer") { Description = "instead: the learning-rate transfer sweep (φ-grid at widths 32 and 256, SP and muP, 900 steps; 20 minutes on two busy cores)" };
        var transferSteps = new Option<int>("--transfer-steps") { Description = "with --lr-transfer: steps per run", DefaultValueFactory = _ => new LrTransferSettings().Steps };
        var transferWidths = new Option<string>("--transfer-widths") { Description = "with --lr-transfer: proxy and target widths", DefaultValueFactory = _ => "32,256" };
        var transferK = new Option<int>("--transfer-half-grid") { Description = "with --lr-transfer: grid k in [-N, N] (lr = centre·φ^k)", DefaultValueFactory = _ => new LrTransferSettings().HighestK };
        var transferCentre = new Option<double>("--transfer-centre-lr") { Description = "with --lr-transfer: the grid's centre lr", DefaultValueFactory = _ => new LrTransferSettings().CentreLr };
        var write = new Option<string?>("--write") { Description = $"with --lr-transfer: write the table (JSON) here, e.g. {V1FalsificationSuite.TransferTable}" };
        var command = new Command("coord-check", "muP's coordinate check: does any layer's activation scale depend on width after a few real training steps?")
        {
            parametrization, widths, steps, seeds, fresh, lr, model, baseWidth, plant, json, plot, lrTransfer, transferSteps, transferWidths, transferK, transferCentre, write,
        };
        command.SetAction(r =>
        {
            if (r.GetValue(lrTransfer)) return RunTransfer(new LrTransferSettings { Steps = r.GetValue(transferSteps), Widths = ParseWidths(r.GetValue(transferWidths)!), LowestK = -r.GetValue(transferK), HighestK = r.GetValue(transferK), CentreLr = r.GetValue(transferCentre) }, r.GetValue(write), r.GetValue(plot), r.GetValue(json));
            CoordinateCheckSettings settings;
            TinyShakespeare corpus;
            try
            {
                var family = ModelFamilies.Get(r.GetValue(model)!);
                var p = MupScaling.Parse(r.GetValue(parametrization)!);
                settings = new CoordinateCheckSettings
                {
                    Model = CoordinateCheckSettings.DefaultModel with
                    {
                        Model = family.Name,
                        MupBaseWidth = p == Parametrization.Mup ? r.GetValue(baseWidth) : 0,
                        Layers = family.ReadsOption(ModelOptions.Layers) ? CoordinateCheckSettings.DefaultModel.Layers : ModelConfig.Defaults.Layers,
                        Heads = family.ReadsOption(ModelOptions.Heads) ? CoordinateCheckSettings.DefaultModel.Heads : ModelConfig.Defaults.Heads,
                    },
                    Parametrization = p,
                    Widths = ParseWidths(r.GetValue(widths)!),
                    Steps = r.GetValue(steps),
                    Seeds = r.GetValue(seeds),
                    FixedBatch = !r.GetValue(fresh),
                    Lr = r.GetValue(lr),
                    Bug = r.GetValue(plant)!.ToLowerInvariant() switch
                    {
                        "none" => PlantedMupBug.None,
                        "readout-multiplier" => PlantedMupBug.ReadoutMultiplierRemoved,
                        var other => throw new ArgumentException($"--plant: unknown bug '{other}'; known: none, readout-multiplier"),
                    },
                };
                settings.Validate();
                corpus = TinyShakespeare.Load();
            }
            catch (Exception e) when (e is ArgumentException or CorpusException)
            {
                CliConsole.Error.WriteLine($"needle coord-check: {e.Message}");
                return ExitCodes.BadInput;
            }
            var result = CoordinateCheck.Run(settings, corpus);
            Print(result);
            if (r.GetValue(plot) is { } path)
            {
                File.WriteAllText(path, CoordinateCheckPlot.Svg(result));
                CliConsole.Out.WriteLine($"plot: {path}");
            }
            bool asPredicted = settings.Parametrization == Parametrization.Mup ? result.Flat : !result.Flat;
            if (r.GetValue(json))
                JsonLine.Write(new
                {
                    Parametrization = MupScaling.Name(settings.Parametrization),
                    Plant = settings.Bug == PlantedMupBug.None ? "none" : "readout-multiplier",
                    Model = settings.Model.Model,
                    settings.Widths,
                    settings.Steps,
                    settings.Seeds,
                    settings.FixedBatch,
                    settings.Lr,
                    BaseWidth = MupScaling.BaseWidth(settings.Model),
                    Threshold = V1MupTransfer.MaxAbsSlope,
                    result.MaxAbsSlope,
                    result.WorstSite,
                    result.Flat,
                    AsPredicted = asPredicted,
                    Sites = result.Sites.Select(s => new { s.Site, s.Slopes, s.MaxAbsSlope, s.MeanAbs }),
                });
            return asPredicted ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static int RunTransfer(LrTransferSettings settings, string? write, string? plot, bool json)
    {
        var corpus = TinyShakespeare.Load();
        var commit = Environment.GetEnvironmentVariable("NEEDLE_COMMIT") ?? "unknown";
        var result = LrTransfer.Run(settings, corpus, commit, p => CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{p.Parametrization,-4} width {p.Width,4} k {p.K,3} lr {p.Lr:G4}  val BPB {p.ValBpb:F4}")));
        foreach (var o in result.Optima)
            CliConsole.Out.WriteLine($"{o.Parametrization}: best k per width {string.Join(", ", o.BestKByWidth.Select(kv => $"{kv.Key}→{kv.Value}"))}; moved {o.GridStepsMoved} grid step(s)");
        if (write is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(write))!);
            File.WriteAllText(write, result.ToJson() + "\n");
            CliConsole.Out.WriteLine($"table: {write}");
        }
        if (plot is not null)
        {
            File.WriteAllText(plot, CoordinateCheckPlot.Svg(result));
            CliConsole.Out.WriteLine($"plot: {plot}");
        }
        if (json) JsonLine.Write(new { result.Optima, result.Points });
        return ExitCodes.Ok;
    }

    private static IReadOnlyList<int> ParseWidths(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(w => int.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i
                : throw new ArgumentException($"--widths: '{w}' is not an integer (e.g. --widths 8,16,32,64,128)"))
            .ToArray();

    private static void Print(CoordinateCheckResult result)
    {
        var s = result.Settings;
        CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coord-check {MupScaling.Name(s.Parametrization)}{(s.Bug == PlantedMupBug.None ? "" : " (planted: readout multiplier removed)")} — {s.Model.Model}, widths {string.Join(",", s.Widths)}, {s.Steps} steps, {s.Seeds} seeds, {(s.FixedBatch ? "one fixed batch per seed" : "a fresh batch per step")}, lr {s.Lr}, base width {MupScaling.BaseWidth(s.Model)}"));
        CliConsole.Out.WriteLine($"{"site",-14} {string.Join(" ", Enumerable.Range(0, s.Steps).Select(t => $"{"slope@" + t,9}"))}  max|slope|");
        foreach (var site in result.Sites)
            CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{site.Site,-14} {string.Join(" ", site.Slopes.Select(x => $"{x,9:F3}"))}  {site.MaxAbsSlope:F3}"));
        CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"max |slope| {result.MaxAbsSlope:F3} at {result.WorstSite}; bound {V1MupTransfer.MaxAbsSlope}: {(result.Flat ? "flat (every |slope| ≤ bound)" : "NOT flat (some |slope| > bound)")}"));
    }
}

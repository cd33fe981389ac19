using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Needle.Training.Data;
using Needle.Training.Run;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle train</c>: trains one model on the canonical TinyShakespeare split with a progress line on stderr,
/// periodic sampled validation, an optional checkpoint folder (and --resume), and a final whole-split validation
/// BPB. With --json the last stdout line is {"steps","seconds","tokens_per_s","train_bpb","val_bpb","params",…}.
/// </summary>
public sealed class TrainVerb : ICliVerb
{
    public Command Build()
    {
        var opts = new TrainOptions();
        var checkpoint = new Option<string?>("--checkpoint") { Description = "folder for checkpoints (saved at each validation and at the end)" };
        var resume = new Option<bool>("--resume") { Description = "resume from the checkpoint in --checkpoint" };
        var json = new Option<bool>("--json") { Description = "print a JSON summary as the last stdout line" };
        var command = new Command("train", "Train a byte-level language model on TinyShakespeare (train = first 1,015,394 bytes, validation = last 100,000).");
        opts.AddTo(command);
        command.Options.Add(checkpoint);
        command.Options.Add(resume);
        command.Options.Add(json);
        command.SetAction(r =>
        {
            if (Needle.Core.Invariants.InvariantCheckpoint.Stop("train", CliConsole.Error) is { } invariantStop) return invariantStop;
            TrainConfig config;
            TinyShakespeare corpus;
            try
            {
                config = opts.ToConfig(r);
                corpus = TinyShakespeare.Load();
            }
            catch (Exception e) when (e is ArgumentException or CorpusException)
            {
                CliConsole.Error.WriteLine($"needle train: {e.Message}");
                return ExitCodes.BadInput;
            }
            CliConsole.Out.WriteLine($"config {config.ToJson()}");
            CliConsole.Out.WriteLine($"corpus {corpus.Path} (sha256 {TinyShakespeare.Sha256}, tokens {TinyShakespeare.TokenTag}, vocab {TinyShakespeare.VocabSize})");
            try
            {
                using var trainer = new Trainer(config, corpus);
                CliConsole.Out.WriteLine($"params {trainer.Model.ParameterCount:N0}  threads {config.Threads}  kernel {Needle.Training.Kernels.Gemm.KernelName}");
                var bar = new ProgressLine(config.Steps);
                var result = trainer.Run(r.GetValue(checkpoint), r.GetValue(resume), progress: bar.Report);
                bar.Finish();
                CliConsole.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"done: {result.Steps} steps in {result.Seconds:F1}s, {result.TokensPerSecond:F0} tokens/s, train BPB={result.TrainBpb:F4} (mean of last 50 step losses), " +
                    $"val BPB={result.ValBpb:F4} (whole validation split, {result.ValTargets} targets, {TinyShakespeare.TokenTag}), val BPB EMA(β={config.BpbEmaDecay})={result.ValBpbEma:F4}"));
                if (r.GetValue(json))
                {
                    var summary = new Dictionary<string, object?>
                    {
                        ["steps"] = result.Steps,
                        ["seconds"] = Math.Round(result.Seconds, 3),
                        ["tokens_per_s"] = Math.Round(result.TokensPerSecond, 1),
                        ["train_bpb"] = Math.Round(result.TrainBpb, 4),
                        ["val_bpb"] = Math.Round(result.ValBpb, 4),
                        ["val_bpb_ema"] = Math.Round(result.ValBpbEma, 4),
                        ["val_bpb_weight_ema"] = result.ValBpbWeightEma is { } w ? Math.Round(w, 4) : null,
                        ["val_targets"] = result.ValTargets,
                        ["params"] = result.Params,
                        ["tokens"] = TinyShakespeare.TokenTag,
                        ["threads"] = config.Threads,
                        ["config_sha256"] = result.ConfigHash,
                    };
                    FamilySummary.AddTo(summary, trainer.Model);
                    CliConsole.Out.WriteLine(JsonSerializer.Serialize(summary));
                }
                return ExitCodes.Ok;
            }
            catch (Exception e) when (e is ArithmeticException or InvalidOperationException or InvalidDataException or FileNotFoundException or ArgumentException)
            {
                CliConsole.Error.WriteLine($"needle train: {e.Message}");
                return ExitCodes.CheckFailed;
            }
        });
        return command;
    }
}

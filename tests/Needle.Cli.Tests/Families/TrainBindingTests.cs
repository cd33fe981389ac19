using System.CommandLine;
using Needle.Cli.Verbs;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Run;

namespace Needle.Cli.Tests.Families;

/// <summary><c>needle train</c>'s options and a race trial's keys go through one binding (TrainSettings).</summary>
public sealed class TrainBindingTests
{
    private static TrainConfig Cli(params string[] args)
    {
        var options = new TrainOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var parse = command.Parse(args);
        parse.Errors.Should().BeEmpty();
        return options.ToConfig(parse);
    }

    [Fact]
    public void No_options_bind_the_engine_defaults()
    {
        Cli().ToJson().Should().Be(TrainConfig.Defaults.ToJson());
    }

    [Fact]
    public void Every_declared_default_given_explicitly_binds_the_engine_defaults()
    {
        // --help shows the declared defaults; giving each one must change nothing, so the help cannot drift from the engine.
        var options = new TrainOptions();
        var command = new RootCommand();
        options.AddTo(command);
        var args = new List<string>();
        foreach (var option in command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal)))
        {
            if (option.Name is "--nca" or "--nca-weight" || option.ValueType == typeof(bool)) continue;
            var implicitValue = command.Parse([]).GetResult(option)?.GetValueOrDefault<object>();
            if (implicitValue is null) continue;
            args.Add(option.Name);
            args.Add(implicitValue switch
            {
                float f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                IFormattable x => x.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                var x => x.ToString()!,
            });
        }
        args.Should().Contain("--qk-gain").And.Contain("--jepa-ramp-steps").And.Contain("--schedule");
        // The family-specific options need a family that reads them; JEPA-T reads all but attn's and TRAIN_V2's own.
        var jepa = Strip(args, "--activation", "--positions", "--ngram-act");
        jepa[jepa.IndexOf("--model") + 1] = "JEPA-T";
        Cli([.. jepa]).ToJson().Should().Be(Cli("--model", "JEPA-T").ToJson());
        var attn = Strip(args, "--ngram-k", "--ngram-act", "--qk-gain", "--jepa-mask", "--jepa-weight", "--jepa-ema-start", "--jepa-ema-end", "--jepa-ramp-steps");
        Cli([.. attn]).ToJson().Should().Be(TrainConfig.Defaults.ToJson());
    }

    private static List<string> Strip(List<string> args, params string[] names)
    {
        var kept = new List<string>();
        for (int i = 0; i < args.Count; i += 2)
            if (!names.Contains(args[i])) kept.AddRange([args[i], args[i + 1]]);
        return kept;
    }

    [Fact]
    public void A_trial_and_needle_train_with_the_same_settings_bind_the_same_config()
    {
        var trial = EngineTrialConfig.From(new TrialSpec("IGLA-JEPA-T-FP32-E0101-seed7", 7, new Dictionary<string, string>
        {
            ["d_model"] = "32", ["layers"] = "1", ["heads"] = "2", ["ctx"] = "16", ["hidden"] = "128", ["batch"] = "4",
            ["lr"] = "0.004", ["steps"] = "300", ["untied"] = "true", ["jepa_mask"] = "0.25", ["ngram_frozen"] = "true", ["nca"] = "0.25",
        }));
        var cli = Cli("--model", "JEPA-T", "--seed", "7", "--d-model", "32", "--layers", "1", "--heads", "2", "--ctx", "16", "--hidden", "128",
            "--batch", "4", "--lr", "0.004", "--steps", "300", "--untied", "--jepa-mask", "0.25", "--ngram-frozen", "--nca", "--eval-every", "0");
        // The race validates on its own cadence: a trial records no periodic validation and the sample size it used to.
        (trial with { EvalWindows = cli.EvalWindows }).ToJson().Should().Be(cli.ToJson());
        trial.Schedule.Should().Be(TrainConfig.Defaults.Schedule, "a trial's default schedule is needle train's");
        trial.Threads.Should().Be(TrainConfig.Defaults.Threads, "a trial's default thread count is needle train's");
    }
}

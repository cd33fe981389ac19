using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Needle.Cli;

namespace Needle.Cli.Tests;

/// <summary>
/// The command line's shared contract, checked on every verb in-process (<see cref="NeedleCli.InvokeAsync(string[], TextWriter, TextWriter, CancellationToken)"/>):
/// every verb is listed, and every verb's <c>--json</c> line has snake_case keys all the way down.
/// </summary>
public sealed partial class CliContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-cli-contract-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    /// <summary>One small real invocation with <c>--json</c> per verb (a sub-verb where the verb is a group).</summary>
    private IEnumerable<(string Verb, string[] Args)> JsonInvocations()
    {
        var study = Path.Combine(_dir, "study.db");
        var space = Path.Combine(_dir, "space.json");
        File.WriteAllText(space, """
            { "name": "contract", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 1, "seeds": [1, 2],
              "configs": [ { "synthetic.binf": 1.8 }, { "synthetic.binf": 2.0 } ] }
            """);
        var root = RepoPaths.Root;
        var history = Path.Combine(root, "data", "history");
        yield return ("race", ["race", "--study", study, "--space", space, "--runner", "synthetic", "--ladder", "10x2^2", "--report-every", "10", "--json"]);
        yield return ("hunt", ["hunt", "status", "--study", study, "--rung", "10", "--json"]);
        yield return ("report", ["report", "--study", study, "--out", Path.Combine(_dir, "report"), "--min-step", "0", "--json"]);
        yield return ("study", ["study", "copy", "--from", study, "--to", Path.Combine(_dir, "copy.db"), "--json"]);
        yield return ("version", ["version", "--json"]);
        yield return ("format", ["format", "list", "--json"]);
        yield return ("plan", ["plan", "list", "--json"]);
        yield return ("ledger", ["ledger", "check", Path.Combine(root, "assertions", "seed_results.jsonl"), "--json"]);
        yield return ("audit", ["audit", "--static", "--root", root, "--json"]);
        yield return ("curves", ["curves", "calibrate", "--history", history, "--json"]);
        yield return ("replay", ["replay", "--history", history, "--strategy", "grid", "--repetitions", "1", "--json"]);
        yield return ("train", ["train", "--d-model", "16", "--layers", "1", "--heads", "2", "--ctx", "16", "--batch", "2", "--steps", "2",
            "--eval-every", "0", "--threads", "1", "--json"]);
        yield return ("bench", ["bench", "train", "--d-model", "16", "--layers", "1", "--heads", "2", "--ctx", "16", "--batch", "2",
            "--threads", "1", "--warmup-steps", "1", "--measure-steps", "2", "--repeats", "1", "--json"]);
        yield return ("falsify", ["falsify", "--only", "ledger", "--repo", root, "--json"]);
        yield return ("coord-check", ["coord-check", "--widths", "8,16", "--steps", "2", "--seeds", "1", "--json"]);
        yield return ("proxies", ["proxies", "--gate", "--cache", Path.Combine(root, "data", "proxies", "history-proxies.jsonl"), "--history", history, "--json"]);
    }

    /// <summary>Verbs with no <c>--json</c> result, and why (a verb may only be here with a reason).</summary>
    private static readonly Dictionary<string, string> NoJsonOutput = new()
    {
        ["smoke-race"] = "its --json is covered by SmokeRaceVerbTests (a race of real training, too long to repeat here)",
        ["history"] = "build trains for CPU-hours and export writes files (history.jsonl, manifest.json) rather than a result line",
    };

    [Fact]
    public void Every_verb_class_is_listed_once()
    {
        var declared = typeof(ICliVerb).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliVerb).IsAssignableFrom(t)).ToList();
        CliVerbs.All.Select(v => v.GetType()).Should().BeEquivalentTo(declared, "a verb class that is not in CliVerbs.All never reaches the command line");
        CliVerbs.All.Select(v => v.Build().Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Help_lists_every_verb_in_process()
    {
        var (code, stdout, _) = await Run("--help");
        code.Should().Be(ExitCodes.Ok);
        foreach (var verb in CliVerbs.All.Select(v => v.Build().Name)) stdout.Should().Contain("  " + verb + " ");
    }

    [Fact]
    public async Task A_bad_option_is_bad_input_on_every_verb()
    {
        foreach (var verb in CliVerbs.All.Select(v => v.Build().Name))
        {
            var (code, _, stderr) = await Run(verb, "--no-such-option");
            code.Should().Be(ExitCodes.BadInput, verb);
            stderr.Should().Contain("--no-such-option", $"{verb} names the option it did not understand");
        }
    }

    [Theory]
    [InlineData("coord-check", "--parametrization", "sp|mup")]
    [InlineData("coord-check", "--plant", "none|readout-multiplier")]
    [InlineData("hunt mirror", "--strategy", "phi-anchored|sibling|random")]
    [InlineData("bench study", "--storage", "sqlite|postgres")]
    [InlineData("race", "--runner", "engine|synthetic")]
    [InlineData("train", "--schedule", "constant|cosine|wsd")]
    [InlineData("report", "--format", "html|md")]
    [InlineData("train", "--model", "attn|TRAIN_V2|HYBRID|JEPA-T")]
    [InlineData("coord-check", "--model", "attn|TRAIN_V2|HYBRID|JEPA-T")]
    [InlineData("bench families", "--overhead-model", "attn|TRAIN_V2|HYBRID|JEPA-T")]
    [InlineData("format encode", "--format", "FP32|FP16|BF16|FP8E4M3|FP8E5M2|DLFLOAT|GF16")]
    [InlineData("format decode", "--overflow", "saturate|nan")]
    [InlineData("audit", "--report", "md")]
    [InlineData("smoke-race", "--report", "md")]
    [InlineData("race", "--checkpoint-store", "directory|database")]
    public async Task A_choice_shows_its_values_in_help_and_a_bad_value_is_bad_input_naming_them(string verb, string option, string values)
    {
        var path = verb.Split(' ');
        var (_, help, _) = await Run([.. path, "--help"]);
        help.Should().Contain($"{option} <{values}>");
        var (code, _, stderr) = await Run([.. path, option, "bogus"]);
        code.Should().Be(ExitCodes.BadInput);
        stderr.Should().Contain($"{option}: 'bogus' is not one of {values.Replace("|", ", ", StringComparison.Ordinal)}");
    }

    [Fact]
    public async Task A_comma_list_choice_checks_every_element_and_shows_its_values()
    {
        var (_, help, _) = await Run("replay", "--help");
        help.Should().Contain("--strategy <grid|random|asha|hyperband|bohb|phigrid|ucb|needle[,…]>");
        var (code, _, stderr) = await Run("replay", "--strategy", "grid,asha,gird", "--repetitions", "1");
        code.Should().Be(ExitCodes.BadInput);
        stderr.Should().Contain("--strategy: 'gird' is not one of grid, random, asha, hyperband, bohb, phigrid, ucb, needle.");
    }

    [Fact]
    public async Task A_bad_choice_on_a_gate_command_is_its_usage_error_not_the_tables_2()
    {
        // To the upstream protocol's scripts, ledger check's 2 means "gate passed, t-test not significant".
        var (code, _, stderr) = await Run("ledger", "check", Path.Combine(RepoPaths.Root, "assertions", "seed_results.jsonl"), "--report", "html");
        code.Should().Be(Needle.Core.Gates.LedgerExitCodes.Usage);
        stderr.Should().Contain("--report: 'html' is not one of md.");
    }

    [Fact]
    public void No_option_lists_its_choices_only_in_words()
    {
        // "a | b" in a description is a choice the parser does not know: make it typed with CliChoice.OneOf.
        static IEnumerable<(string Path, System.CommandLine.Option Option)> Options(System.CommandLine.Command c, string path) =>
            c.Options.Select(o => (path, o)).Concat(c.Subcommands.SelectMany(s => Options(s, path + " " + s.Name)));
        var untyped = CliVerbs.All.SelectMany(v => Options(v.Build(), v.Build().Name))
            .Where(x => x.Option.Description is { } d && WordChoice().IsMatch(d) && x.Option.HelpName?.Contains('|', StringComparison.Ordinal) != true)
            .Select(x => $"{x.Path} {x.Option.Name}: {x.Option.Description}");
        untyped.Should().BeEmpty();
    }

    [GeneratedRegex(@"\w \| \w")]
    private static partial Regex WordChoice();

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public async Task Every_verbs_json_line_has_snake_case_keys()
    {
        var invocations = JsonInvocations().ToList();
        CliVerbs.All.Select(v => v.Build().Name).Except(NoJsonOutput.Keys)
            .Should().BeEquivalentTo(invocations.Select(i => i.Verb), "every verb is walked (or says in NoJsonOutput why not)");
        foreach (var (verb, args) in invocations)
        {
            // The exit code is the verb's verdict (ledger check exits 5 on a ledger with no rows yet); the JSON line is the contract.
            var (code, stdout, stderr) = await Run(args);
            var last = stdout.TrimEnd().Split('\n')[^1];
            JsonNode? node;
            try { node = JsonNode.Parse(last); }
            catch (System.Text.Json.JsonException) { node = null; }
            node.Should().NotBeNull($"`needle {string.Join(' ', args)}` (exit {code}) ends with a JSON line; stderr: {stderr}");
            var bad = NonSnakeKeys(node!, verb).ToList();
            bad.Should().BeEmpty($"`needle {verb} … --json` keys are snake_case");
        }
    }

    private static IEnumerable<string> NonSnakeKeys(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, value) in o)
                {
                    // Objects keyed by data (host names, trial canon names) are data, not keys of the contract.
                    if (!DataKeyed.Contains(LastSegment(path)) && !SnakeCase().IsMatch(key)) yield return $"{path}.{key}";
                    if (value is not null)
                        foreach (var b in NonSnakeKeys(value, $"{path}.{key}")) yield return b;
                }
                break;
            case JsonArray a:
                foreach (var item in a.Where(i => i is not null))
                    foreach (var b in NonSnakeKeys(item!, path + "[]")) yield return b;
                break;
        }
    }

    private static readonly HashSet<string> DataKeyed = ["hosts", "config", "configs", "fixed", "base", "overrides"];

    private static string LastSegment(string path) => path[(path.LastIndexOf('.') + 1)..].TrimEnd('[', ']');

    [GeneratedRegex("^[a-z0-9]+(_[a-z0-9]+)*$")]
    private static partial Regex SnakeCase();

    private static async Task<(int Code, string StdOut, string StdErr)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await NeedleCli.InvokeAsync(args, output, error, TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }
}

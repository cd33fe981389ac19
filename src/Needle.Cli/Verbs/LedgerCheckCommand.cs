using System.CommandLine;
using System.Globalization;
using Needle.Core.Git;
using Needle.Core.Gates;
using Needle.Core.Ledger;

namespace Needle.Cli.Verbs;

/// <summary><c>needle ledger check FILE</c>: read the ledger, evaluate a gate, print the verdict and exit with its code.</summary>
internal static class LedgerCheckCommand
{
    public static Command Build()
    {
        var file = new Argument<FileInfo>("file") { Description = "The ledger, e.g. assertions/seed_results.jsonl." };
        var gate = new Option<string>("--gate")
        {
            Description = "Which gate to evaluate (as named in gates.json).", DefaultValueFactory = _ => "gate-final",
        };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable result as the last stdout line." };
        var report = new Option<string>("--report") { Description = "Print a full report in this format: md." }.OneOf("md");
        var arms = new Option<int?>("--arms")
        {
            Description = "Bonferroni: the number of arms compared (each test runs at α / arms). Default and minimum: the pre-registration's bonferroni_arms (7).",
        };
        var baseline = new Option<string?>("--baseline-bpb")
        {
            Description = "Comma-separated BPBs of a baseline's seeds: adds a Welch two-sample test against them.",
        };
        var gates = LedgerVerb.GatesOption();
        var repo = LedgerVerb.RepoOption();
        var command = new GateExitCodeCommand("check",
            "Check a ledger: exit 0 victory, 2 gate passed but t-test not significant, 4 gate rejected, 5 no data rows, " +
            "10 cannot read the file, 11 malformed row, 12 tripwire (highest wins; 5 only for a well-formed file).")
        {
            file, gate, json, report, arms, baseline, gates, repo,
        };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(gate)!, parse.GetValue(json),
            parse.GetValue(report), parse.GetValue(arms), parse.GetValue(baseline), parse.GetValue(gates), parse.GetValue(repo)));
        return command;
    }

    private static int Run(FileInfo file, string gateName, bool json, string? report, int? arms, string? baselineText,
        FileInfo? gates, DirectoryInfo? repo)
    {
        if (Needle.Core.Invariants.InvariantCheckpoint.Stop("ledger_check", CliConsole.Error) is { } invariantStop) return invariantStop;
        IReadOnlyList<double>? baseline = null;
        if (baselineText is not null)
        {
            var parts = baselineText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var values = parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null).ToList();
            if (values.Any(v => v is null) || values.Count < 2)
                return Usage($"--baseline-bpb '{baselineText}': give at least two finite numbers separated by commas");
            baseline = values.Select(v => v!.Value).ToList();
        }

        var displayPath = Path.IsPathRooted(file.ToString()) ? file.FullName : file.ToString();
        var context = LedgerVerb.Resolve(gates, repo, file.FullName);
        if (context is null) return LedgerExitCodes.Usage;
        GateDefinition gate;
        try
        {
            gate = context.Book.Find(gateName);
            VictoryGate.ArmsFor(context.Plan, arms);
        }
        catch (Exception e) when (e is GateBookException or ArgumentException)
        {
            return Usage(e.Message);
        }

        LedgerCheckResult result;
        try
        {
            var document = LedgerReader.Read(file.FullName);
            document = document with { File = displayPath, Errors = document.Errors.Select(e => e with { File = displayPath }).ToList() };
            result = LedgerCheck.Evaluate(document, context.Book, context.Plan, gate, context.Commits,
                new VictoryOptions(arms, baseline, TimeProvider.System));
        }
        catch (LedgerIoException e)
        {
            return CannotRead(displayPath, e.Message, json);
        }
        catch (CommitCheckException e)
        {
            return CannotRead(displayPath, e.Message, json);
        }

        CliConsole.Out.Write(report == "md" ? GateReport.Markdown(result, context.Book) : GateReport.Text(result));
        if (result.Document.Errors.Count > 0)
            foreach (var e in result.Document.Errors) CliConsole.Error.WriteLine(e);
        if (json) JsonLine.Write(LedgerCheckJson.From(result));
        return result.ExitCode;
    }

    private static int CannotRead(string file, string message, bool json)
    {
        CliConsole.Error.WriteLine($"error: {message}");
        CliConsole.Error.WriteLine("what to do: check the path and permissions; the ledger is a UTF-8 JSONL file (assertions/seed_results.jsonl)");
        if (json) JsonLine.Write(new { ExitCode = LedgerExitCodes.CannotRead, Result = "CANNOT READ", File = file, Error = message });
        return LedgerExitCodes.CannotRead;
    }

    private static int Usage(string message)
    {
        CliConsole.Error.WriteLine($"error: {message}");
        return LedgerExitCodes.Usage;
    }
}

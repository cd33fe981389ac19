using System.CommandLine;
using Needle.Core.Falsification;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle falsify [--only NAME]…</c>: run falsification suites — synthetic witnesses each predicate must
/// reject for the right reason. Exit 0 only if every witness of every selected suite is; 1 otherwise;
/// 64 for an unknown suite name.
/// </summary>
public sealed class FalsifyVerb : ICliVerb
{
    public Command Build()
    {
        var only = new Option<string[]>("--only")
        {
            Description = "Run only these suites (repeatable), e.g. --only ledger.", AllowMultipleArgumentsPerToken = true,
        };
        var list = new Option<bool>("--list") { Description = "List the registered suites and exit." };
        var json = new Option<bool>("--json") { Description = "Print a machine-readable result as the last stdout line." };
        var repo = new Option<DirectoryInfo?>("--repo") { Description = "The checkout (default: found above the working directory)." };
        var command = new Command("falsify", "Show that every predicate rejects its synthetic witnesses, for the right reason.")
        {
            only, list, json, repo,
        };
        command.SetAction(parse => Run(parse.GetValue(only) ?? [], parse.GetValue(list), parse.GetValue(json), parse.GetValue(repo)));
        return command;
    }

    private static int Run(string[] only, bool list, bool json, DirectoryInfo? repo)
    {
        var suites = FalsificationSuites.Discover();
        if (list)
        {
            foreach (var s in suites) CliConsole.Out.WriteLine($"{s.Name} (Vector={s.Vector})");
            return 0;
        }
        var unknown = only.Where(o => suites.All(s => s.Name != o)).ToList();
        if (unknown.Count > 0)
        {
            CliConsole.Error.WriteLine($"error: unknown suite(s) {string.Join(", ", unknown)}; registered: {string.Join(", ", suites.Select(s => s.Name))}");
            return ExitCodes.BadInput;
        }
        var root = repo?.FullName ?? CheckoutLocator.Find();
        if (root is null)
        {
            CliConsole.Error.WriteLine("error: no checkout (assertions/gates.json) found above the working directory; run inside the repository or pass --repo");
            return ExitCodes.BadInput;
        }
        var selected = suites.Where(s => only.Length == 0 || only.Contains(s.Name)).ToList();
        var scratch = Path.Combine(Path.GetTempPath(), $"needle-falsify-{Environment.ProcessId}-{Guid.NewGuid():N}");
        var report = new List<(string Suite, WitnessResult Result)>();
        try
        {
            foreach (var suite in selected)
            {
                var results = suite.Run(new FalsificationContext(root, Path.Combine(scratch, suite.Name)));
                foreach (var r in results)
                {
                    report.Add((suite.Name, r));
                    CliConsole.Out.WriteLine($"{(r.Passed ? "PASS" : "FAIL")} {suite.Name}/{r.Witness}");
                    CliConsole.Out.WriteLine($"     expected: {r.ExpectedReason}");
                    CliConsole.Out.WriteLine($"     observed: {r.ObservedReason}");
                }
            }
        }
        finally
        {
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
        var failed = report.Count(x => !x.Result.Passed);
        CliConsole.Out.WriteLine($"falsify: {report.Count - failed} of {report.Count} witnesses behaved as required ({string.Join(", ", selected.Select(s => s.Name))}){(failed > 0 ? $"; {failed} FAILED" : "")}");
        if (json)
            JsonLine.Write(new
            {
                ExitCode = failed == 0 ? 0 : 1,
                Suites = selected.Select(s => s.Name),
                Witnesses = report.Select(x => new { x.Suite, x.Result.Witness, x.Result.ExpectedReason, x.Result.Rejected, x.Result.RightReason, x.Result.Passed, x.Result.ObservedReason }),
            });
        return failed == 0 && report.Count > 0 ? 0 : 1;
    }
}

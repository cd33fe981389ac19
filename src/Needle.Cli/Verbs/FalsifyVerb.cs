using System.CommandLine;
using Needle.Core.Checkouts;
using Needle.Core.Falsification;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle falsify [--only NAME[,NAME]]…</c>: run falsification suites — synthetic witnesses each predicate must
/// reject for the right reason. With no <c>--only</c>, every registered suite runs and each of the plan's eight
/// falsifier modes (assertions/preregistration.json: V1–V7, and mode 8 = the ledger / H) without a suite gets a
/// loud "NO SUITE" line (nothing is claimed for it; <c>--require-all</c> makes that exit 1). A name matches a
/// suite's name or its vector, case-insensitively (<c>--only V1,V2,V7</c>). Exit 0 only if every witness of
/// every selected suite behaved; 1 otherwise; 64 for an unknown suite name.
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
        var requireAll = new Option<bool>("--require-all") { Description = "Exit 1 when a falsifier mode of the pre-registration has no suite yet." };
        var command = new Command("falsify", "Show that every predicate rejects its synthetic witnesses, for the right reason.")
        {
            only, list, json, repo, requireAll,
        };
        command.SetAction(parse => Run(
            [.. (parse.GetValue(only) ?? []).SelectMany(o => o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))],
            parse.GetValue(list), parse.GetValue(json), parse.GetValue(repo), parse.GetValue(requireAll)));
        return command;
    }

    private static bool Matches(IFalsificationSuite s, string name) =>
        string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(s.Vector, name, StringComparison.OrdinalIgnoreCase);

    private static int Run(string[] only, bool list, bool json, DirectoryInfo? repo, bool requireAll)
    {
        var suites = FalsificationSuites.Discover();
        if (list)
        {
            foreach (var s in suites) CliConsole.Out.WriteLine($"{s.Name} (Vector={s.Vector})");
            return ExitCodes.Ok;
        }
        var unknown = only.Where(o => !suites.Any(s => Matches(s, o))).ToList();
        if (unknown.Count > 0)
        {
            CliConsole.Error.WriteLine($"error: unknown suite(s) {string.Join(", ", unknown)}; registered: {string.Join(", ", suites.Select(s => s.Name))}");
            return ExitCodes.BadInput;
        }
        var root = repo?.FullName ?? CheckoutLocator.Find();
        if (root is null)
        {
            CliConsole.Error.WriteLine("error: no checkout (Needle.sln) found above the working directory; run inside the repository or pass --repo");
            return ExitCodes.BadInput;
        }
        var selected = suites.Where(s => only.Length == 0 || only.Any(o => Matches(s, o))).ToList();
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
        // Every mode the plan pre-registered, and the suites that cover it: a mode without one is said, not skipped.
        var missing = only.Length > 0 ? [] : FalsifierModes.Uncovered(root, suites.Select(s => s.Vector));
        foreach (var m in missing)
            CliConsole.Out.WriteLine($"NO SUITE mode {m.Mode} ({m.Vector}): no falsification suite is registered yet — nothing is claimed for {m.Vector} ({m.Rule})");
        var failed = report.Count(x => !x.Result.Passed);
        CliConsole.Out.WriteLine($"falsify: {report.Count - failed} of {report.Count} witnesses behaved as required ({string.Join(", ", selected.Select(s => s.Name))}){(failed > 0 ? $"; {failed} FAILED" : "")}");
        if (json)
            JsonLine.Write(new
            {
                ExitCode = failed == 0 && !(requireAll && missing.Count > 0) ? ExitCodes.Ok : ExitCodes.CheckFailed,
                Suites = selected.Select(s => s.Name),
                NoSuite = missing.Select(m => new { m.Mode, m.Vector }),
                Witnesses = report.Select(x => new { x.Suite, x.Result.Witness, x.Result.ExpectedReason, x.Result.Rejected, x.Result.RightReason, x.Result.Passed, x.Result.ObservedReason }),
            });
        return failed == 0 && report.Count > 0 && !(requireAll && missing.Count > 0) ? ExitCodes.Ok : ExitCodes.CheckFailed;
    }
}

using System.CommandLine;
using Needle.Audit;
using Needle.Audit.Reporting;
using Needle.Cli.Audit;
using Needle.Core.Checkouts;

namespace Needle.Cli.Verbs;

/// <summary>
/// <c>needle audit [--json] [--report md] [--static] [--msbuild] [--require-evidence] [--root DIR]</c>: checks the invariant
/// registry against the Coq proofs (compiled by the real coqc) and the C# that enforces each invariant.
/// Exit 0 only when every step passes; 1 when anything was found (each finding names file, line,
/// invariant and theorem, and says what to do).
/// </summary>
public sealed class AuditVerb : ICliVerb
{
    public Command Build()
    {
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON line (the last line of stdout)." };
        var report = new Option<string>("--report") { Description = "Print a report in this format: md (Markdown)." }.OneOf("md");
        var staticOnly = new Option<bool>("--static") { Description = "Run only the static steps 1, 2, 6, 7, 8, 9 (no coqc), as dotnet build -t:Audit does." };
        var msbuild = new Option<bool>("--msbuild") { Description = "Print findings as MSBuild errors (file(line): error AUDITn: …)." };
        var requireEvidence = new Option<bool>("--require-evidence") { Description = "Fail when an Empirical claim (V1–V7) has no evidence file yet (by default: reported loudly as NO VERDICT YET)." };
        var root = new Option<string?>("--root") { Description = "The repository root (default: the checkout holding the current folder, else the one needle runs from)." };

        var command = new Command("audit", "Check the invariants: registry ↔ Coq proofs (coqc) ↔ C# citations and constants.");
        foreach (var o in new Option[] { json, report, staticOnly, msbuild, requireEvidence, root }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var repoRoot = parse.GetValue(root) is { Length: > 0 } given
                ? (Directory.Exists(given) ? Path.GetFullPath(given) : null)
                : CheckoutLocator.Find();
            if (repoRoot is null)
            {
                CliConsole.Error.WriteLine($"needle audit: {(parse.GetValue(root) is { Length: > 0 } r ? $"--root {r} is not a folder" : $"no {CheckoutLocator.Marker} in {Directory.GetCurrentDirectory()} or above")}; run it inside the repository or pass --root <checkout>.");
                return ExitCodes.BadInput;
            }
            var result = AuditRunner.Run(new AuditOptions { RepoRoot = repoRoot, Catalog = NeedleAssemblies.Catalog(), SealCheck = new PreregistrationSealCheck(), StaticOnly = parse.GetValue(staticOnly), RequireEvidence = parse.GetValue(requireEvidence) });
            if (parse.GetValue(msbuild)) CliConsole.Out.Write(AuditRenderers.MsBuild(result, repoRoot));
            else if (parse.GetValue(report) == "md") CliConsole.Out.Write(AuditRenderers.Markdown(result));
            else CliConsole.Out.Write(AuditRenderers.Text(result));
            if (!result.Passed && !parse.GetValue(msbuild))
                CliConsole.Error.WriteLine($"needle audit: {result.Findings.Count} finding(s); each names file:line, invariant and theorem (above).");
            if (parse.GetValue(json)) CliConsole.Out.WriteLine(AuditRenderers.Json(result));
            return result.ExitCode;
        });
        return command;
    }
}

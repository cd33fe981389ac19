using System.Text.Json;
using System.Text.RegularExpressions;
using Needle.Audit.Checks;
using Needle.Audit.Registry;
using Needle.Audit.Symbols;
using Needle.Core.Preregistration;

namespace Needle.Audit.Empirical;

/// <summary>
/// Step 8: each Empirical claim's evidence file assertions/evidence/V&lt;n&gt;.json. Absent → "no verdict yet" (a
/// distinct, loud state; a finding only under --require-evidence). Present → its schema, its commit (a commit of
/// this repository that HEAD descends from) and its verdict, which must equal the C# predicate applied to the
/// recorded statistic.
/// </summary>
public static partial class EvidenceCheck
{
    public const string Schema = Needle.Core.Falsification.EmpiricalEvidence.Schema;

    private static readonly HashSet<string> Required = ["schema", "vector", "invariant", "commit", "suite", "inputs", "statistic", "verdict"];
    private static readonly HashSet<string> Optional = ["written_at", "command", "notes", "details"];

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Sha1();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256();

    public static IEnumerable<AuditFinding> Run(AuditContext ctx, ISymbolCatalog catalog, IEvidenceCommits commits, bool requireEvidence,
        List<EvidenceVerdict> verdicts)
    {
        var findings = new List<AuditFinding>();
        foreach (var inv in ctx.Registry.Invariants.Where(i => i.Empirical is not null))
        {
            var e = inv.Empirical!;
            var path = Path.Combine(ctx.Options.RepoRoot, e.EvidencePath);
            if (!File.Exists(path))
            {
                verdicts.Add(new EvidenceVerdict(inv.Id, e.Vector, EvidenceState.NoVerdictYet,
                    $"NO VERDICT YET: {e.EvidencePath} does not exist (run {e.FalsificationSuite})"));
                if (requireEvidence)
                    findings.Add(new AuditFinding(AuditStep.EmpiricalEvidence, $"{inv.Id} ({e.Vector}) has no verdict: {e.EvidencePath} does not exist",
                        $"run {e.FalsificationSuite} on real data; it writes the evidence file", e.EvidencePath, null, inv.Id, inv.CoqTheorem));
                continue;
            }
            var problems = new List<AuditFinding>();
            var state = Judge(ctx, catalog, commits, inv, e, path, problems);
            findings.AddRange(problems);
            verdicts.Add(new EvidenceVerdict(inv.Id, e.Vector, problems.Count > 0 ? EvidenceState.Invalid : state.State, state.Summary));
        }
        return findings;
    }

    private static (EvidenceState State, string Summary) Judge(AuditContext ctx, ISymbolCatalog catalog, IEvidenceCommits commits,
        InvariantEntry inv, EmpiricalParts e, string path, List<AuditFinding> problems)
    {
        void Problem(int? line, string message, string fix) =>
            problems.Add(new AuditFinding(AuditStep.EmpiricalEvidence, $"{inv.Id} ({e.Vector}): {message}", fix, e.EvidencePath, line, inv.Id, inv.CoqTheorem));
        const string rewrite = "re-run the vector's falsification suite, which writes the file; never edit evidence by hand";
        const string invalid = "INVALID evidence (see findings)";

        LinedJson root;
        try { root = LinedJson.Parse(File.ReadAllBytes(path)); }
        catch (JsonException x)
        {
            Problem((int)(x.LineNumber ?? 0) + 1, "the evidence file is not valid JSON", rewrite);
            return (EvidenceState.Invalid, invalid);
        }
        if (root.Kind != LinedJsonKind.Object)
        {
            Problem(root.Line, "the evidence file must be a JSON object", rewrite);
            return (EvidenceState.Invalid, invalid);
        }
        foreach (var (name, line, _) in root.Properties.Where(p => !Required.Contains(p.Name) && !Optional.Contains(p.Name)))
            Problem(line, $"unknown field \"{name}\"", $"use only {string.Join(", ", Required.Concat(Optional).Order(StringComparer.Ordinal))}");
        foreach (var missing in Required.Where(f => root[f] is null).Order(StringComparer.Ordinal))
            Problem(root.Line, $"the evidence has no \"{missing}\"", rewrite);
        if (problems.Count > 0) return (EvidenceState.Invalid, invalid);

        string? Str(string field)
        {
            if (root[field] is { Kind: LinedJsonKind.String, Text.Length: > 0 } s) return s.Text;
            Problem(root[field]!.Line, $"\"{field}\" must be a non-empty string", rewrite);
            return null;
        }
        if (Str("schema") is { } schema && schema != Schema) Problem(root["schema"]!.Line, $"schema \"{schema}\" is not {Schema}", rewrite);
        if (Str("vector") is { } vector && vector != e.Vector) Problem(root["vector"]!.Line, $"the file is {vector}'s evidence, not {e.Vector}'s", rewrite);
        if (Str("invariant") is { } id && id != inv.Id) Problem(root["invariant"]!.Line, $"the file cites {id}, not {inv.Id}", rewrite);
        _ = Str("suite");
        var commit = Str("commit");
        if (commit is not null && !Sha1().IsMatch(commit))
            Problem(root["commit"]!.Line, $"commit \"{commit}\" is not a full 40-hex commit id", rewrite);
        else if (commit is not null && commits.WhyNotReachable(commit) is { } why)
            Problem(root["commit"]!.Line, why, rewrite);

        var inputs = root["inputs"]!;
        if (inputs.Kind != LinedJsonKind.Object || inputs.Properties.Count == 0)
            Problem(inputs.Line, "\"inputs\" must name each input with its SHA-256 ({ \"history.sqlite\": \"<64 hex>\" })", rewrite);
        else
            foreach (var (name, line, value) in inputs.Properties.Where(p => p.Value is not { Kind: LinedJsonKind.String } || !Sha256().IsMatch(p.Value.Text!)))
                Problem(line, $"input \"{name}\" has no SHA-256 (64 lower-case hex digits)", rewrite);

        var verdictText = Str("verdict");
        if (verdictText is not null && !EmpiricalVerdicts.All.Contains(verdictText))
            Problem(root["verdict"]!.Line, $"verdict \"{verdictText}\" is not one of {string.Join(", ", EmpiricalVerdicts.All.Select(v => $"\"{v}\""))}", rewrite);

        var statNode = root["statistic"]!;
        var statistic = new Dictionary<string, double>(StringComparer.Ordinal);
        if (statNode.Kind != LinedJsonKind.Object) Problem(statNode.Line, "\"statistic\" must be an object of numbers", rewrite);
        else
            foreach (var (name, line, value) in statNode.Properties)
            {
                if (value.AsDouble() is { } v) statistic[name] = v;
                else Problem(line, $"statistic field \"{name}\" is not a number", rewrite);
            }
        if (problems.Count > 0) return (EvidenceState.Invalid, invalid);

        var claimType = catalog.FindType(e.Predicate);
        if (claimType is null || Activator.CreateInstance(claimType) is not IEmpiricalClaim claim)
            return (EvidenceState.Invalid, "predicate missing (step 6)");
        foreach (var extra in statistic.Keys.Except(claim.StatisticNames).Order(StringComparer.Ordinal))
            Problem(statNode.Line, $"statistic field \"{extra}\" is not one {e.Predicate} reads ({string.Join(", ", claim.StatisticNames)})", rewrite);
        string computed;
        try { computed = EmpiricalVerdicts.Of(claim, statistic); }
        catch (ArgumentException x)
        {
            Problem(statNode.Line, $"the predicate rejects the recorded statistic: {x.Message}", rewrite);
            return (EvidenceState.Invalid, invalid);
        }
        if (computed != verdictText)
            Problem(root["verdict"]!.Line, $"the file records \"{verdictText}\", but {e.Predicate} on its statistic says \"{computed}\"",
                "the verdict must be the pre-registered predicate applied to the statistic; " + rewrite);
        if (problems.Count > 0) return (EvidenceState.Invalid, invalid);
        return computed switch
        {
            EmpiricalVerdicts.Holds => (EvidenceState.Holds, $"holds on real data ({e.EvidencePath}, commit {commit![..12]})"),
            EmpiricalVerdicts.Refuted => (EvidenceState.Refuted, $"REFUTED on real data ({e.EvidencePath}, commit {commit![..12]}): {(e.Vector == "H" ? "the compounded claim is refuted" : "the vector is switched off")}"),
            _ => (EvidenceState.NotDeterminable, $"NOT DETERMINABLE on this data ({e.EvidencePath}, commit {commit![..12]})"),
        };
    }
}

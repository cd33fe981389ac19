using System.Text.Json;
using Needle.Audit.Checks;
using Needle.Audit.Registry;
using Needle.Audit.Symbols;
using Needle.Core.Contracts;
using Needle.Core.Preregistration;

namespace Needle.Audit.Empirical;

/// <summary>
/// Step 8: each Empirical claim's evidence file assertions/evidence/V&lt;n&gt;.json. Absent → "no verdict yet" (a
/// distinct, loud state; a finding only under --require-evidence). Present → its schema, its commit (a commit of
/// this repository that HEAD descends from) and its verdict, which must equal the C# predicate applied to the
/// recorded statistic.
/// </summary>
public static class EvidenceCheck
{
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

        // The file's shape (fields, types, hashes, the verdict word) is the contract schemas/evidence.schema.json;
        // what it cannot say — which vector and invariant the file must be for, whether its commit is reachable and
        // whether its verdict is the predicate's — is checked below.
        var text = File.ReadAllText(path);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(text); }
        catch (JsonException x)
        {
            Problem((int)(x.LineNumber ?? 0) + 1, "the evidence file is not valid JSON", rewrite);
            return (EvidenceState.Invalid, invalid);
        }
        using var _ = doc;
        var root = doc.RootElement;
        foreach (var v in JsonContract.Check("evidence", root, text, e.EvidencePath))
            Problem(v.Line, v.What, rewrite);
        if (problems.Count > 0) return (EvidenceState.Invalid, invalid);

        var lines = JsonPositions.Of(text);
        int Line(string field) => lines.LineOf("/" + field);
        string Str(string field) => root.GetProperty(field).GetString()!;
        if (Str("vector") is var vector && vector != e.Vector) Problem(Line("vector"), $"the file is {vector}'s evidence, not {e.Vector}'s", rewrite);
        if (Str("invariant") is var id && id != inv.Id) Problem(Line("invariant"), $"the file cites {id}, not {inv.Id}", rewrite);
        var commit = Str("commit");
        if (commits.WhyNotReachable(commit) is { } why) Problem(Line("commit"), why, rewrite);
        var verdictText = Str("verdict");
        var statistic = root.GetProperty("statistic").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble(), StringComparer.Ordinal);
        if (problems.Count > 0) return (EvidenceState.Invalid, invalid);

        var claimType = catalog.FindType(e.Predicate);
        if (claimType is null || Activator.CreateInstance(claimType) is not IEmpiricalClaim claim)
            return (EvidenceState.Invalid, "predicate missing (step 6)");
        foreach (var extra in statistic.Keys.Except(claim.StatisticNames).Order(StringComparer.Ordinal))
            Problem(Line("statistic"), $"statistic field \"{extra}\" is not one {e.Predicate} reads ({string.Join(", ", claim.StatisticNames)})", rewrite);
        string computed;
        try { computed = EmpiricalVerdicts.Of(claim, statistic); }
        catch (ArgumentException x)
        {
            Problem(Line("statistic"), $"the predicate rejects the recorded statistic: {x.Message}", rewrite);
            return (EvidenceState.Invalid, invalid);
        }
        if (computed != verdictText)
            Problem(Line("verdict"), $"the file records \"{verdictText}\", but {e.Predicate} on its statistic says \"{computed}\"",
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

using System.Text.RegularExpressions;
using System.Text.Json;
using Needle.Audit.Checks;

namespace Needle.Audit.Registry;

/// <summary>
/// Step 1: reads assertions/igla_assertions.json and validates its shape by hand (no schema library is
/// served here), naming the line of every problem. Unknown fields are errors, so a misspelt
/// <c>coq_theorm</c> cannot silently drop a citation.
/// </summary>
public static partial class RegistryReader
{
    private static readonly HashSet<string> KnownFields =
    [
        "id", "name", "coq_file", "coq_theorem", "status", "description", "runtime_check", "runtime_target",
        "numeric_anchor", "admitted", "trinity_link", "falsification_record", "coq_constants",
        // Empirical claims
        "vector", "coq_definition", "predicate", "falsification_suite", "evidence",
        // Admitted statements
        "source", "hypotheses_satisfiable", "counterexample_search",
    ];

    private static readonly HashSet<string> PerStatus =
        ["vector", "coq_definition", "predicate", "falsification_suite", "evidence", "source", "hypotheses_satisfiable", "counterexample_search", "coq_theorem"];

    [GeneratedRegex(@"^(V[1-7]|H)$")]
    private static partial Regex VectorPattern();

    /// <summary>A source must name where the proof is: a theorem-like label with its number (Theorem 1, Thm. 3.2, Lemma 4, …).</summary>
    [GeneratedRegex(@"\b(Theorem|Thm\.?|Lemma|Proposition|Prop\.|Corollary|Cor\.)\s*[0-9]")]
    private static partial Regex SourcePattern();

    private static readonly HashSet<string> Actions = ["abort", "warn", "hard_penalty"];

    [GeneratedRegex(@"^INV-[1-9][0-9]*$")]
    private static partial Regex IdPattern();

    /// <summary>Reads and validates; the registry is null when the file cannot be used at all.</summary>
    public static (AssertionRegistry? Registry, IReadOnlyList<AuditFinding> Findings) Read(string path, string displayPath)
    {
        var findings = new List<AuditFinding>();
        if (!File.Exists(path))
        {
            findings.Add(Error(displayPath, null, null, $"the registry {displayPath} does not exist",
                "create it (see README, 'Invariants and proofs') or run from the repository root / pass --root"));
            return (null, findings);
        }
        LinedJson root;
        try
        {
            root = LinedJson.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            findings.Add(Error(displayPath, (int)(e.LineNumber ?? 0) + 1, null, $"invalid JSON: {FirstSentence(e.Message)}",
                "fix the JSON syntax at that line"));
            return (null, findings);
        }
        if (root.Kind != LinedJsonKind.Object || root["invariants"] is not { Kind: LinedJsonKind.Array } list)
        {
            findings.Add(Error(displayPath, root.Line, null, "the top level must be an object with an \"invariants\" array",
                "wrap the entries as { \"invariants\": [ … ] }"));
            return (null, findings);
        }

        var entries = new List<InvariantEntry>();
        var seen = new Dictionary<string, int>();
        foreach (var item in list.Items)
        {
            var entry = ReadEntry(item, displayPath, findings);
            if (entry is null) continue;
            if (seen.TryGetValue(entry.Id, out var firstLine))
            {
                findings.Add(Error(displayPath, entry.Line, entry.Id, $"duplicate id {entry.Id} (first at line {firstLine})",
                    "give every invariant its own id; never reuse an id for a different claim"));
                continue;
            }
            seen[entry.Id] = entry.Line;
            entries.Add(entry);
        }
        return (new AssertionRegistry(displayPath, entries), findings);
    }

    private static InvariantEntry? ReadEntry(LinedJson item, string file, List<AuditFinding> findings)
    {
        if (item.Kind != LinedJsonKind.Object)
        {
            findings.Add(Error(file, item.Line, null, "an invariant must be a JSON object", "write it as { \"id\": \"INV-n\", … }"));
            return null;
        }
        var before = findings.Count;
        var id = item["id"] is { Kind: LinedJsonKind.String } idNode ? idNode.Text! : null;
        if (id is null || !IdPattern().IsMatch(id))
        {
            findings.Add(Error(file, item["id"]?.Line ?? item.Line, id,
                id is null ? "invariant without a string \"id\"" : $"id \"{id}\" is not of the form INV-<n>",
                "use \"id\": \"INV-<n>\" with n ≥ 1"));
            return null;
        }
        foreach (var (unknown, line, _) in item.Properties.Where(p => !KnownFields.Contains(p.Name)))
            findings.Add(Error(file, line, id, $"{id}: unknown field \"{unknown}\"",
                $"use only {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))}"));

        string Str(string field)
        {
            if (item[field] is { Kind: LinedJsonKind.String, Text.Length: > 0 } s) return s.Text!;
            findings.Add(Error(file, item[field]?.Line ?? item.Line, id, $"{id}: field \"{field}\" must be a non-empty string",
                $"add \"{field}\" to {id}"));
            return "";
        }

        var name = Str("name");
        var coqFile = Str("coq_file");
        var description = Str("description");
        var target = Str("runtime_target");
        var statusText = Str("status");
        var status = statusText switch
        {
            "Proven" => InvariantStatus.Proven, "Admitted" => InvariantStatus.Admitted, "Empirical" => InvariantStatus.Empirical,
            _ => (InvariantStatus?)null,
        };
        if (status is null && statusText.Length > 0)
            findings.Add(Error(file, item["status"]!.Line, id, $"{id}: status \"{statusText}\" is neither Proven, Admitted nor Empirical",
                "write \"status\": \"Proven\", \"Admitted\" or \"Empirical\""));

        // Each status has its own fields; a field of another status is an error (a claim is of one kind only).
        var own = status switch
        {
            InvariantStatus.Proven => new HashSet<string> { "coq_theorem" },
            InvariantStatus.Admitted => ["coq_theorem", "source", "hypotheses_satisfiable", "counterexample_search"],
            InvariantStatus.Empirical => ["coq_definition", "vector", "predicate", "falsification_suite", "evidence"],
            _ => PerStatus,
        };
        foreach (var (field, line, _) in item.Properties.Where(p => PerStatus.Contains(p.Name) && !own.Contains(p.Name)))
            findings.Add(Error(file, line, id, $"{id}: field \"{field}\" does not belong to a{(status is InvariantStatus.Admitted or InvariantStatus.Empirical ? "n" : "")} {statusText} invariant",
                $"a {statusText} invariant has {string.Join(", ", own.Order(StringComparer.Ordinal))}; the three kinds of claim are never mixed"));

        var theorem = status == InvariantStatus.Empirical ? Str("coq_definition") : Str("coq_theorem");
        var check = item["runtime_check"] is null && status == InvariantStatus.Empirical ? null : ReadRuntimeCheck(item, file, id, status, findings);
        var anchors = ReadAnchors(item, file, id, findings);
        var constants = ReadCoqConstants(item, file, id, findings);
        var admitted = ReadAdmitted(item, file, id, findings);

        AdmittedWarrant? warrant = null;
        EmpiricalParts? empirical = null;
        if (status == InvariantStatus.Admitted)
        {
            if (!admitted.Any(a => a.Lemma == theorem))
                findings.Add(Error(file, item.Line, id, $"{id} is Admitted but its \"admitted\" list does not name {theorem} with a reason",
                    $"add {{ \"lemma\": \"{theorem}\", \"reason\": \"why it is not proven yet\" }} to \"admitted\""));
            var source = Str("source");
            if (source.Length > 0 && !SourcePattern().IsMatch(source))
                findings.Add(Error(file, item["source"]!.Line, id, $"{id}: source \"{source}\" names no theorem number",
                    "name the paper and the theorem that proves the statement, e.g. \"Auer, Cesa-Bianchi, Fischer 2002, Theorem 1\""));
            warrant = new AdmittedWarrant(source, Str("hypotheses_satisfiable"), Str("counterexample_search"));
        }
        else if (admitted.Count > 0)
            findings.Add(Error(file, item["admitted"]!.Line, id, $"{id} is {statusText} but lists admitted lemmas ({string.Join(", ", admitted.Select(a => a.Lemma))})",
                status == InvariantStatus.Proven ? "prove them, or mark the invariant Admitted" : "an Empirical claim is a definition: it admits nothing"));
        if (status == InvariantStatus.Empirical)
        {
            var vector = Str("vector");
            if (vector.Length > 0 && !VectorPattern().IsMatch(vector))
                findings.Add(Error(file, item["vector"]!.Line, id, $"{id}: vector \"{vector}\" is not one of V1 … V7 or H (the compounded claim)", "write \"vector\": \"V<n>\" or \"H\""));
            var evidence = Str("evidence");
            if (vector.Length > 0 && evidence.Length > 0 && evidence != $"assertions/evidence/{vector}.json")
                findings.Add(Error(file, item["evidence"]!.Line, id, $"{id}: evidence \"{evidence}\" is not assertions/evidence/{vector}.json",
                    "each vector's verdict lives in assertions/evidence/V<n>.json"));
            empirical = new EmpiricalParts(vector, Str("predicate"), Str("falsification_suite"), evidence);
        }

        if (findings.Count > before || status is null || (check is null && status != InvariantStatus.Empirical)) return null;
        return new InvariantEntry(id, name, coqFile, theorem, status.Value, description, check, target, anchors, admitted, item.Line)
        {
            CoqConstants = constants, Warrant = warrant, Empirical = empirical,
        };
    }

    private static RuntimeCheck? ReadRuntimeCheck(LinedJson item, string file, string id, InvariantStatus? status, List<AuditFinding> findings)
    {
        var node = item["runtime_check"];
        if (node is { Kind: LinedJsonKind.Object }
            && node["action"] is { Kind: LinedJsonKind.String } action && Actions.Contains(action.Text!)
            && node["message"] is { Kind: LinedJsonKind.String, Text.Length: > 0 } message)
        {
            var at = new List<string>();
            if (node["at"] is { Kind: LinedJsonKind.Array } atNode)
            {
                foreach (var p in atNode.Items)
                {
                    if (p is { Kind: LinedJsonKind.String } && Needle.Core.Invariants.CheckPoints.All.Contains(p.Text!)) at.Add(p.Text!);
                    else findings.Add(Error(file, p.Line, id, $"{id}: runtime_check.at lists \"{p.Text}\", which is no checkpoint",
                        $"use {string.Join(", ", Needle.Core.Invariants.CheckPoints.All)}"));
                }
            }
            else if (status == InvariantStatus.Proven)
                findings.Add(Error(file, node.Line, id, $"{id}: runtime_check has no \"at\" list, so it never runs",
                    "say where it runs: \"at\": [\"race\", \"train\", \"ledger_check\"] (a subset)"));
            var check = node["check"] is { Kind: LinedJsonKind.String, Text.Length: > 0 } c ? c.Text : null;
            if (at.Count > 0 && check is null)
                findings.Add(Error(file, node.Line, id, $"{id}: runtime_check runs at {string.Join(", ", at)} but names no \"check\" type",
                    "name the IInvariantCheck that runs: \"check\": \"Namespace.Type, Assembly\""));
            if (status == InvariantStatus.Proven && at.Count == 0 && node["at"] is not null)
                findings.Add(Error(file, node["at"]!.Line, id, $"{id}: runtime_check.at is empty, so the declared check never runs",
                    "list the checkpoints where it runs"));
            return new RuntimeCheck(action.Text!, message.Text!, at, check, node.Line);
        }
        findings.Add(Error(file, node?.Line ?? item.Line, id,
            $"{id}: \"runtime_check\" must be {{ \"action\": abort|warn|hard_penalty, \"message\": non-empty, \"at\": [checkpoints], \"check\": type }}",
            "state what the code does when the invariant fails, where it runs and which check runs"));
        return null;
    }

    private static List<CoqConstant> ReadCoqConstants(LinedJson item, string file, string id, List<AuditFinding> findings)
    {
        var constants = new List<CoqConstant>();
        if (item["coq_constants"] is not { } node) return constants;
        if (node.Kind != LinedJsonKind.Object)
        {
            findings.Add(Error(file, node.Line, id, $"{id}: \"coq_constants\" must be an object {{ \"coq_name\": \"Full.CSharp.Constant\" }}",
                "map each Coq constant to the C# constant it must equal"));
            return constants;
        }
        foreach (var (name, line, value) in node.Properties)
        {
            if (value is { Kind: LinedJsonKind.String, Text.Length: > 0 }) constants.Add(new CoqConstant(name, value.Text!, line));
            else findings.Add(Error(file, line, id, $"{id}: coq constant \"{name}\" must map to a C# constant's full name", "write \"coq_name\": \"Namespace.Type.Constant\""));
        }
        return constants;
    }

    private static List<NumericAnchor> ReadAnchors(LinedJson item, string file, string id, List<AuditFinding> findings)
    {
        var anchors = new List<NumericAnchor>();
        if (item["numeric_anchor"] is not { } node) return anchors;
        if (node.Kind != LinedJsonKind.Object)
        {
            findings.Add(Error(file, node.Line, id, $"{id}: \"numeric_anchor\" must be an object {{ \"Full.CSharp.Constant\": number }}",
                "name each C# constant by its full name"));
            return anchors;
        }
        foreach (var (name, line, value) in node.Properties)
        {
            if (value.AsDouble() is { } v) anchors.Add(new NumericAnchor(name, v, value.Text!, line));
            else findings.Add(Error(file, line, id, $"{id}: numeric anchor \"{name}\" is not a number", "write the constant's value as a JSON number"));
        }
        return anchors;
    }

    private static List<AdmittedLemma> ReadAdmitted(LinedJson item, string file, string id, List<AuditFinding> findings)
    {
        var lemmas = new List<AdmittedLemma>();
        if (item["admitted"] is not { } node) return lemmas;
        if (node.Kind != LinedJsonKind.Array)
        {
            findings.Add(Error(file, node.Line, id, $"{id}: \"admitted\" must be an array", "write [ { \"lemma\": …, \"reason\": … } ]"));
            return lemmas;
        }
        foreach (var a in node.Items)
        {
            if (a is { Kind: LinedJsonKind.Object } && a["lemma"] is { Kind: LinedJsonKind.String, Text.Length: > 0 } lemma
                && a["reason"] is { Kind: LinedJsonKind.String, Text.Length: > 0 } reason)
                lemmas.Add(new AdmittedLemma(lemma.Text!, reason.Text!, a.Line));
            else
                findings.Add(Error(file, a.Line, id, $"{id}: each admitted entry needs a \"lemma\" and an honest \"reason\"",
                    "write { \"lemma\": \"name\", \"reason\": \"why it is not proven\" }"));
        }
        return lemmas;
    }

    private static AuditFinding Error(string file, int? line, string? id, string message, string fix) =>
        new(AuditStep.RegistryParses, message, fix, file, line, id);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

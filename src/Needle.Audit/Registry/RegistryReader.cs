using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Needle.Audit.Checks;
using Needle.Core.Contracts;

namespace Needle.Audit.Registry;

/// <summary>
/// Step 1: reads assertions/igla_assertions.json. Its shape — known fields only (a misspelt <c>coq_theorm</c> cannot
/// silently drop a citation), types, the three kinds of claim and the fields each kind has — is the contract
/// schemas/registry.schema.json, each violation a finding at its line. What a schema cannot say is checked here:
/// ids are unique, an Admitted entry admits its own theorem, an Empirical entry's evidence is its vector's file.
/// </summary>
public static partial class RegistryReader
{
    [GeneratedRegex(@"^invariants\[([0-9]+)\]")]
    private static partial Regex EntryIndex();

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
        var text = File.ReadAllText(path);
        using var doc = JsonDocument.Parse(text);
        var violations = JsonContract.Check("registry", doc.RootElement, text, displayPath);
        var broken = new HashSet<int>();
        foreach (var v in violations)
        {
            var index = EntryIndex().Match(v.Field) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
            if (index is { } i) broken.Add(i);
            var id = index is { } j && root["invariants"]?.Items is { } items && j < items.Count && items[j]["id"] is { Kind: LinedJsonKind.String } idNode ? idNode.Text : null;
            findings.Add(Error(displayPath, v.Line, id, (id is null ? "" : id + ": ") + v.What,
                "fix the entry (schemas/registry.schema.json is the registry's contract; docs/schemas.md)"));
        }
        if (root["invariants"] is not { Kind: LinedJsonKind.Array } list) return (null, findings);

        var entries = new List<InvariantEntry>();
        var seen = new Dictionary<string, int>();
        for (var index = 0; index < list.Items.Count; index++)
        {
            if (broken.Contains(index)) continue;
            var entry = ReadEntry(list.Items[index], displayPath, findings);
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

    // An entry that meets the contract, read; null when a rule across its fields fails (the finding says which).
    private static InvariantEntry? ReadEntry(LinedJson item, string file, List<AuditFinding> findings)
    {
        string? Text(LinedJson? node, string field) => node?[field]?.Text;
        var id = Text(item, "id")!;
        var status = Enum.Parse<InvariantStatus>(Text(item, "status")!);
        var theorem = status == InvariantStatus.Empirical ? Text(item, "coq_definition")! : Text(item, "coq_theorem")!;
        var check = item["runtime_check"] is { } rc
            ? new RuntimeCheck(Text(rc, "action")!, Text(rc, "message")!, rc["at"]?.Items.Select(p => p.Text!).ToList() ?? [], Text(rc, "check"), rc.Line)
            : null;
        var anchors = (item["numeric_anchor"]?.Properties ?? []).Select(p => new NumericAnchor(p.Name, p.Value.AsDouble()!.Value, p.Value.Text!, p.Line)).ToList();
        var constants = (item["coq_constants"]?.Properties ?? []).Select(p => new CoqConstant(p.Name, p.Value.Text!, p.Line)).ToList();
        var admitted = (item["admitted"]?.Items ?? []).Select(a => new AdmittedLemma(Text(a, "lemma")!, Text(a, "reason")!, a.Line)).ToList();
        var before = findings.Count;

        AdmittedWarrant? warrant = null;
        EmpiricalParts? empirical = null;
        if (status == InvariantStatus.Admitted)
        {
            if (!admitted.Any(a => a.Lemma == theorem))
                findings.Add(Error(file, item.Line, id, $"{id} is Admitted but its \"admitted\" list does not name {theorem} with a reason",
                    $"add {{ \"lemma\": \"{theorem}\", \"reason\": \"why it is not proven yet\" }} to \"admitted\""));
            warrant = new AdmittedWarrant(Text(item, "source")!, Text(item, "hypotheses_satisfiable")!, Text(item, "counterexample_search")!);
        }
        if (status == InvariantStatus.Empirical)
        {
            var vector = Text(item, "vector")!;
            var evidence = Text(item, "evidence")!;
            if (evidence != $"assertions/evidence/{vector}.json")
                findings.Add(Error(file, item["evidence"]!.Line, id, $"{id}: evidence \"{evidence}\" is not assertions/evidence/{vector}.json",
                    "each vector's verdict lives in assertions/evidence/V<n>.json"));
            empirical = new EmpiricalParts(vector, Text(item, "predicate")!, Text(item, "falsification_suite")!, evidence);
        }
        if (findings.Count > before) return null;
        return new InvariantEntry(id, Text(item, "name")!, Text(item, "coq_file")!, theorem, status, Text(item, "description")!, check,
            Text(item, "runtime_target")!, anchors, admitted, item.Line)
        {
            CoqConstants = constants, Warrant = warrant, Empirical = empirical,
        };
    }

    private static AuditFinding Error(string file, int? line, string? id, string message, string fix) =>
        new(AuditStep.RegistryParses, message, fix, file, line, id);

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Needle.Core.Falsification;

/// <summary>
/// An Empirical claim's evidence file, assertions/evidence/V&lt;n&gt;.json (schema <see cref="Schema"/>, checked by
/// <c>needle audit</c>'s step 8): the inputs' SHA-256, the measured statistic, the verdict of the C# predicate on it,
/// and the commit whose code measured it. A falsification suite builds one from real data and calls
/// <see cref="Write"/>; nobody writes it by hand. The one writer of evidence files: every vector's suite goes through it. The output has no timestamp, so re-running a suite on unchanged
/// inputs leaves the file byte-for-byte as it was (no churn in the checkout).
/// </summary>
public sealed record EmpiricalEvidence(
    string Vector, string Invariant, string Commit, string Suite, IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, double> Statistic, string Verdict, string? Command = null, string? Notes = null, JsonObject? Details = null)
{
    public const string Schema = "needle-evidence/1";

    /// <summary>The verdict word of a two-valued claim (H, three-valued, passes its own word).</summary>
    public static string VerdictOf(bool holds) => holds ? "holds" : "refuted";

    /// <summary>assertions/evidence/&lt;vector&gt;.json, relative to the checkout.</summary>
    public static string RelativePathOf(string vector) => Path.Combine("assertions", "evidence", vector + ".json");

    /// <summary>Lower-case hex SHA-256 of a file's bytes (for <see cref="Inputs"/>).</summary>
    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    public string ToJson()
    {
        var o = new JsonObject
        {
            ["schema"] = Schema,
            ["vector"] = Vector,
            ["invariant"] = Invariant,
            ["commit"] = Commit,
            ["suite"] = Suite,
            ["inputs"] = new JsonObject(Inputs.OrderBy(i => i.Key, StringComparer.Ordinal).Select(i => KeyValuePair.Create(i.Key, (JsonNode?)i.Value))),
            ["statistic"] = new JsonObject(Statistic.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
            ["verdict"] = Verdict,
        };
        if (Command is not null) o["command"] = Command;
        if (Notes is not null) o["notes"] = Notes;
        if (Details is not null) o["details"] = Details.DeepClone();
        return o.ToJsonString(Options) + "\n";
    }

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the file under <paramref name="repositoryRoot"/> (atomically); returns false when it already held exactly this.</summary>
    public bool Write(string repositoryRoot) => WriteTo(Path.Combine(repositoryRoot, RelativePathOf(Vector)));

    /// <summary>Writes the file at <paramref name="path"/> (atomically); returns false when it already held exactly this.</summary>
    public bool WriteTo(string path)
    {
        foreach (var v in Statistic.Values)
            if (!double.IsFinite(v)) throw new ArgumentException($"{Vector} evidence: a statistic is {v}; only finite measured numbers are evidence");
        var text = ToJson();
        if (File.Exists(path) && File.ReadAllText(path, Encoding.UTF8) == text) return false;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, text, new UTF8Encoding(false));
        File.Move(tmp, path, overwrite: true);
        return true;
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Gates;

namespace Needle.Search.Accelerators;

/// <summary>
/// An accelerator's evidence file, <c>assertions/evidence/V&lt;n&gt;.json</c> (schema needle-evidence/1, checked by
/// <c>needle audit --require-evidence</c>): written only by the vector's falsification suite from a verdict it has just
/// computed on real data, and read back as a <see cref="VectorState"/> (so a search can switch a vector on or off from
/// the committed verdict without recomputing it).
/// </summary>
public static class EvidenceFile
{
    public const string Schema = "needle-evidence/1";

    public static string PathOf(string repositoryRoot, string vector) => Path.Combine(repositoryRoot, "assertions", "evidence", vector + ".json");

    /// <summary>Writes the evidence; the commit is the checkout's HEAD (the code that measured), the inputs are hashed here.</summary>
    public static string Write(
        string repositoryRoot, string vector, string invariant, string suite, IReadOnlyList<string> inputFiles,
        IReadOnlyDictionary<string, double> statistic, bool holds, string command, string notes, JsonNode? details = null)
    {
        ArgumentNullException.ThrowIfNull(inputFiles);
        ArgumentNullException.ThrowIfNull(statistic);
        var inputs = new JsonObject();
        foreach (var file in inputFiles)
            inputs[Path.GetRelativePath(repositoryRoot, file).Replace('\\', '/')] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var stat = new JsonObject();
        foreach (var (k, v) in statistic.OrderBy(s => s.Key, StringComparer.Ordinal)) stat[k] = v;
        var root = new JsonObject
        {
            ["schema"] = Schema, ["vector"] = vector, ["invariant"] = invariant, ["commit"] = new GitCommitOracle(repositoryRoot).Head(),
            ["suite"] = suite, ["inputs"] = inputs, ["statistic"] = stat, ["verdict"] = holds ? "holds" : "refuted",
            ["written_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["command"] = command, ["notes"] = notes,
        };
        if (details is not null) root["details"] = details;
        var path = PathOf(repositoryRoot, vector);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        // Write beside and move: an interrupted run never leaves half a file.
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>
    /// The vector's state from its committed evidence: enabled when the verdict is "holds", disabled when "refuted" or
    /// when there is no evidence yet (a vector without a verdict is not switched on); the reason is the file's notes.
    /// </summary>
    public static VectorState ReadState(string repositoryRoot, string vector)
    {
        var path = PathOf(repositoryRoot, vector);
        if (!File.Exists(path)) return VectorState.Off(vector, $"no verdict yet ({Path.GetRelativePath(repositoryRoot, path)} does not exist; run needle falsify --only {vector.ToLowerInvariant()})");
        JsonNode? root;
        try { root = JsonNode.Parse(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path}:{e.LineNumber + 1}: not valid JSON ({e.Message}); re-run needle falsify --only {vector.ToLowerInvariant()}", e); }
        var verdict = root?["verdict"]?.GetValue<string>();
        var notes = root?["notes"]?.GetValue<string>() ?? "";
        return verdict switch
        {
            "holds" => VectorState.On(vector, notes),
            "refuted" => VectorState.Off(vector, notes),
            _ => throw new InvalidDataException($"{path}: field \"verdict\" is \"{verdict}\", neither \"holds\" nor \"refuted\"; re-run needle falsify --only {vector.ToLowerInvariant()}"),
        };
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Gates;
using Needle.Core.Vectors;

namespace Needle.Search.Accelerators;

/// <summary>
/// An accelerator's evidence file, <c>assertions/evidence/V&lt;n&gt;.json</c> (schema needle-evidence/1, checked by
/// <c>needle audit --require-evidence</c>): written only by the vector's falsification suite from a verdict it has just
/// computed on real data. <see cref="VectorEvidence.Read"/> reads it back as a vector state.
/// </summary>
public static class EvidenceWriter
{

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
            ["schema"] = VectorEvidence.Schema, ["vector"] = vector, ["invariant"] = invariant, ["commit"] = new GitCommitOracle(repositoryRoot).Head(),
            ["suite"] = suite, ["inputs"] = inputs, ["statistic"] = stat, ["verdict"] = holds ? "holds" : "refuted",
            ["written_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["command"] = command, ["notes"] = notes,
        };
        if (details is not null) root["details"] = details;
        var path = VectorEvidence.PathOf(repositoryRoot, vector);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        // Write beside and move: an interrupted run never leaves half a file.
        File.WriteAllText(path + ".tmp", text);
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }
}

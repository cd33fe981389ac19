using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Preregistration;

namespace Needle.Search.Accelerators.Proxies;

/// <summary>
/// Writes a vector's evidence file (<c>assertions/evidence/V&lt;n&gt;.json</c>, schema needle-evidence/1, checked by
/// <c>needle audit</c>): the inputs' SHA-256, the statistic, the verdict the pre-registered predicate gives on it, and
/// the commit the measuring code ran at (git HEAD of the checkout). Only suites call it, on real data.
/// </summary>
public static class EvidenceFile
{
    public const string Schema = "needle-evidence/1";

    public static string PathOf(string directory, string vector) => Path.Combine(directory, vector + ".json");

    /// <summary>SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256Of(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Writes the file; returns the verdict written ("holds" or "refuted", the predicate's own).</summary>
    public static string Write(
        string directory, string repositoryRoot, IEmpiricalClaim claim, string invariant, string suite, IReadOnlyDictionary<string, string> inputs,
        IReadOnlyDictionary<string, double> statistic, string command, string notes, JsonNode? details = null)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(statistic);
        var verdict = claim.Holds(statistic) ? "holds" : "refuted";
        var stat = new JsonObject();
        foreach (var name in claim.StatisticNames) stat[name] = statistic[name];
        var inputNode = new JsonObject();
        foreach (var (name, sha) in inputs.OrderBy(i => i.Key, StringComparer.Ordinal)) inputNode[name] = sha;
        var root = new JsonObject
        {
            ["schema"] = Schema, ["vector"] = claim.Vector, ["invariant"] = invariant, ["commit"] = Head(repositoryRoot), ["suite"] = suite,
            ["inputs"] = inputNode, ["statistic"] = stat, ["verdict"] = verdict, ["command"] = command, ["notes"] = notes,
            ["written_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (details is not null) root["details"] = details;
        Directory.CreateDirectory(directory);
        var path = PathOf(directory, claim.Vector);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        File.Move(tmp, path, overwrite: true);
        return verdict;
    }

    /// <summary>The checkout's HEAD commit (the code that measured).</summary>
    public static string Head(string repositoryRoot)
    {
        var start = new ProcessStartInfo("git", ["-C", repositoryRoot, "rev-parse", "HEAD"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started (sudo apt-get install git)");
        var sha = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        if (git.ExitCode != 0 || sha.Length != 40)
            throw new InvalidOperationException($"{repositoryRoot}: `git rev-parse HEAD` failed ({git.StandardError.ReadToEnd().Trim()}); evidence needs the commit that measured it");
        return sha;
    }
}

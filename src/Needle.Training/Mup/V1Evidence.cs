using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Preregistration;

namespace Needle.Training.Mup;

/// <summary>
/// assertions/evidence/V1.json (schema needle-evidence/1, checked by <c>needle audit</c>): the statistic
/// {max_abs_slope, lr_shift_grid_steps}, the verdict of <see cref="V1MupTransfer.Holds(double, int)"/> on it, the
/// inputs' SHA-256, the commit, and V1's search state in "details". Written only by the V1 suite on real runs.
/// </summary>
public sealed record V1Evidence(double MaxAbsSlope, int LrShiftGridSteps, string Verdict, string Reason)
{
    public const string RelativePath = "assertions/evidence/V1.json";
    public const string Suite = "needle falsify --only v1";

    public static V1Evidence Read(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var stat = root["statistic"]!.AsObject();
            return new V1Evidence(stat["max_abs_slope"]!.GetValue<double>(), stat["lr_shift_grid_steps"]!.GetValue<int>(),
                root["verdict"]!.GetValue<string>(), root["notes"]?.GetValue<string>() ?? "");
        }
        catch (Exception e) when (e is JsonException or NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a V1 evidence file ({e.Message}); re-run {Suite}, which writes it");
        }
    }

    /// <summary>Writes the file from a real coordinate check, the lr-transfer table and the falsifier-mode-2 state.</summary>
    public static V1Evidence Write(string repositoryRoot, CoordinateCheckResult check, LrTransferResult transfer, string transferPath,
        string corpusPath, V1State state)
    {
        int shift = transfer.GridStepsMoved(Models.Parametrization.Mup);
        bool holds = V1MupTransfer.Holds(check.MaxAbsSlope, shift);
        var reason = holds
            ? $"every |slope| ≤ {V1MupTransfer.MaxAbsSlope} (max {check.MaxAbsSlope:F3}) and the muP lr optimum moved {shift} grid step(s)"
            : string.Join("; ", new[]
            {
                check.MaxAbsSlope > V1MupTransfer.MaxAbsSlope ? $"coordinate check max |slope| {check.MaxAbsSlope:F3} at {check.WorstSite} > {V1MupTransfer.MaxAbsSlope}" : null,
                shift > V1MupTransfer.MaxLrShiftGridSteps ? $"muP lr optimum moved {shift} grid steps > {V1MupTransfer.MaxLrShiftGridSteps}" : null,
            }.OfType<string>());
        var s = check.Settings;
        var doc = new JsonObject
        {
            ["schema"] = "needle-evidence/1",
            ["vector"] = "V1",
            ["invariant"] = "INV-21",
            ["commit"] = Head(repositoryRoot),
            ["suite"] = Suite,
            ["inputs"] = new JsonObject
            {
                ["tinyshakespeare.txt"] = Sha256(corpusPath),
                [Path.GetFileName(transferPath)] = Sha256(transferPath),
            },
            ["statistic"] = new JsonObject
            {
                ["max_abs_slope"] = Math.Round(check.MaxAbsSlope, 6),
                ["lr_shift_grid_steps"] = shift,
            },
            ["verdict"] = holds ? "holds" : "refuted",
            ["written_at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["command"] = $"needle coord-check --parametrization mup --widths {string.Join(",", s.Widths)} --steps {s.Steps} --seeds {s.Seeds} --lr {s.Lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}; lr table: {Path.GetRelativePath(repositoryRoot, transferPath)}",
            ["notes"] = reason,
            ["details"] = new JsonObject
            {
                ["worst_site"] = check.WorstSite,
                ["site_max_abs_slope"] = new JsonObject(check.Sites.Select(x => KeyValuePair.Create(x.Site, (JsonNode?)Math.Round(x.MaxAbsSlope, 4)))),
                ["sp_lr_shift_grid_steps"] = transfer.GridStepsMoved(Models.Parametrization.Sp),
                ["v1_enabled"] = state.Enabled,
                ["v1_state_reason"] = state.Reason,
            },
        };
        var path = Path.Combine(repositoryRoot, RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        return new V1Evidence(check.MaxAbsSlope, shift, holds ? "holds" : "refuted", reason);
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>The checkout's HEAD commit (the evidence cites the code that measured it).</summary>
    private static string Head(string repositoryRoot)
    {
        var psi = new ProcessStartInfo("git", ["-C", repositoryRoot, "rev-parse", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var git = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started (the evidence needs the commit)");
        var head = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        if (git.ExitCode != 0 || head.Length != 40) throw new InvalidOperationException($"git rev-parse HEAD in {repositoryRoot} failed: {git.StandardError.ReadToEnd().Trim()}");
        return head;
    }
}

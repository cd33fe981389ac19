using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core.Git;
using Needle.Core.Falsification;
using Needle.Core.Preregistration;

namespace Needle.Training.Mup;

/// <summary>
/// assertions/evidence/V1.json (schema needle-evidence/1, checked by <c>needle audit</c>): the statistic
/// {max_abs_slope, lr_shift_grid_steps}, the verdict of <see cref="V1MupTransfer.Holds(double, int)"/> on it, the
/// inputs' SHA-256, the commit, and V1's search state in "details". Written only by the V1 suite on real runs.
/// </summary>
public sealed record V1Evidence(double MaxAbsSlope, int LrShiftGridSteps, string Verdict, string Reason)
{
    /// <summary>Falsifier mode 2's outcome as the suite recorded it (details.v1_enabled; false when absent).</summary>
    public bool Mode2Passed { get; init; }

    /// <summary>Its words (details.v1_state_reason).</summary>
    public string Mode2Reason { get; init; } = "";

    public const string RelativePath = "assertions/evidence/V1.json";
    public const string Suite = "needle falsify --only v1";

    public static V1Evidence Read(string path)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            var stat = root["statistic"]!.AsObject();
            return new V1Evidence(stat["max_abs_slope"]!.GetValue<double>(), stat["lr_shift_grid_steps"]!.GetValue<int>(),
                root["verdict"]!.GetValue<string>(), root["notes"]?.GetValue<string>() ?? "")
            {
                Mode2Passed = root["details"]?["v1_enabled"]?.GetValue<bool>() ?? false,
                Mode2Reason = root["details"]?["v1_state_reason"]?.GetValue<string>() ?? "no falsifier-mode-2 state recorded",
            };
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
        reason += $"; {state.Reason}"; // the search's switch (falsifier mode 2) in the words the study stores
        var s = check.Settings;
        var command = $"needle coord-check --parametrization mup --widths {string.Join(",", s.Widths)} --steps {s.Steps} --seeds {s.Seeds}{(s.FixedBatch ? "" : " --fresh-batches")} --lr {s.Lr.ToString(System.Globalization.CultureInfo.InvariantCulture)}; lr table: {Path.GetRelativePath(repositoryRoot, transferPath)}";
        var details = new JsonObject
        {
            ["worst_site"] = check.WorstSite,
            ["site_max_abs_slope"] = new JsonObject(check.Sites.Select(x => KeyValuePair.Create(x.Site, (JsonNode?)Math.Round(x.MaxAbsSlope, 4)))),
            ["sp_lr_shift_grid_steps"] = transfer.GridStepsMoved(Models.Parametrization.Sp),
            ["v1_enabled"] = state.Enabled,
            ["v1_state_reason"] = state.Reason,
        };
        new EmpiricalEvidence("V1", "INV-21", new GitCommitOracle(repositoryRoot).Head(), Suite,
            new Dictionary<string, string> { ["tinyshakespeare.txt"] = Sha256(corpusPath), [Path.GetFileName(transferPath)] = Sha256(transferPath) },
            new Dictionary<string, double> { ["max_abs_slope"] = Math.Round(check.MaxAbsSlope, 6), ["lr_shift_grid_steps"] = shift },
            EmpiricalEvidence.VerdictOf(holds), command, reason, details).Write(repositoryRoot);
        return new V1Evidence(check.MaxAbsSlope, shift, holds ? "holds" : "refuted", reason) { Mode2Passed = state.Enabled, Mode2Reason = state.Reason };
    }

    public static string Sha256(string path) => EmpiricalEvidence.Sha256Of(path);
}

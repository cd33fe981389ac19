using System.Text.Json;
using Needle.Core.Falsification;
using Needle.Training.Curriculum.Measurement;

namespace Needle.Training.Curriculum;

/// <summary>
/// Whether V7 (the online curriculum) may be used, and why — what a study, the race report or a replay strategy
/// shows for it. Read from the evidence file its falsification suite writes (<see cref="Read"/>): "holds" enables
/// it; "refuted", a missing file or an unreadable one disables it, each with its own reason. Matches the study's
/// stored vector state <c>{"vector": "V7", "enabled": …, "reason": …}</c>.
/// </summary>
public sealed record V7State(bool Enabled, string Reason)
{
    public const string Vector = "V7";

    public static string EvidencePath => EmpiricalEvidence.RelativePathOf(Vector);

    /// <summary>The state a measurement's analysis implies.</summary>
    public static V7State From(CurriculumAnalysis analysis) =>
        new(analysis.Holds, analysis.Holds ? $"falsifier mode 7 {analysis.Reason}" : $"switched off by falsifier mode 7: {analysis.Reason}");

    /// <summary>The state recorded in <paramref name="repositoryRoot"/>/assertions/evidence/V7.json.</summary>
    public static V7State Read(string repositoryRoot)
    {
        var path = Path.Combine(repositoryRoot, EvidencePath);
        if (!File.Exists(path))
            return new(false, $"no verdict yet: {EvidencePath} does not exist (run needle falsify --only v7)");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            string verdict = root.GetProperty("verdict").GetString() ?? "";
            string why = root.TryGetProperty("details", out var d) && d.TryGetProperty("reason", out var r) ? r.GetString() ?? "" : "";
            return verdict switch
            {
                "holds" => new(true, $"falsifier mode 7 {why} ({EvidencePath})"),
                "refuted" => new(false, $"switched off by falsifier mode 7: {why} ({EvidencePath})"),
                _ => new(false, $"{EvidencePath}: verdict \"{verdict}\" is neither holds nor refuted; re-run needle falsify --only v7"),
            };
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return new(false, $"{EvidencePath} is unreadable ({e.Message}); re-run needle falsify --only v7");
        }
    }
}

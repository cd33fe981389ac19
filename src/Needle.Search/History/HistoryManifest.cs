using System.Text.Json.Serialization;

namespace Needle.Search.History;

/// <summary>The export's manifest (<c>data/history/manifest.json</c>): what the lines are, how they were made, and their hashes.</summary>
public sealed record HistoryManifest
{
    [JsonPropertyName("space_file")] public required string SpaceFile { get; init; }
    [JsonPropertyName("space_sha256")] public required string SpaceSha256 { get; init; }
    [JsonPropertyName("study")] public required string Study { get; init; }
    [JsonPropertyName("ladder")] public required long[] Ladder { get; init; }
    [JsonPropertyName("eta")] public required int Eta { get; init; }
    [JsonPropertyName("report_every")] public required int ReportEvery { get; init; }
    [JsonPropertyName("validation_sample")] public required string ValidationSample { get; init; }
    [JsonPropertyName("seconds_per_step")] public required string SecondsPerStepMeaning { get; init; }
    [JsonPropertyName("fold_rule")] public required string FoldRule { get; init; }
    [JsonPropertyName("machine")] public required string Machine { get; init; }
    [JsonPropertyName("date")] public required string Date { get; init; }
    [JsonPropertyName("total_cpu_seconds")] public required double TotalCpuSeconds { get; init; }
    [JsonPropertyName("trial_cpu_seconds")] public required double TrialCpuSeconds { get; init; }
    [JsonPropertyName("planned_trials")] public required int PlannedTrials { get; init; }
    [JsonPropertyName("exported_trials")] public required int ExportedTrials { get; init; }
    [JsonPropertyName("partial")] public required bool Partial { get; init; }
    [JsonPropertyName("note")] public required string Note { get; init; }

    /// <summary>SHA-256 of each data file, by name.</summary>
    [JsonPropertyName("files")] public required SortedDictionary<string, string> Files { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Needle.Search.Study;

namespace Needle.Reporting.StudyReports;

/// <summary>
/// The accelerator vectors V1–V7 (docs/accelerators.md) and their state in a study. A study records vector states
/// in its scheduler state under <see cref="StateKey"/> as a JSON array of <c>{"vector": "V4", "enabled": false,
/// "reason": "…"}</c>; a vector the study says nothing about is reported "not built" — the report never guesses
/// that a vector ran.
/// </summary>
public static class AcceleratorVectors
{
    /// <summary>The scheduler-state key holding the vectors' states.</summary>
    public const string StateKey = "vectors";

    /// <summary>The vectors by id, with the names docs/accelerators.md uses.</summary>
    public static IReadOnlyList<(string Id, string Name)> All { get; } =
    [
        ("V1", "muP transfer"),
        ("V2", "zero-cost proxies"),
        ("V3", "BOHB"),
        ("V4", "XGBoost surrogate"),
        ("V5", "φ-pruned grid"),
        ("V6", "UCB1 over families"),
        ("V7", "online curriculum"),
    ];

    /// <summary>Every vector's state in the study; throws <see cref="InvalidDataException"/> naming the key when the stored value is malformed.</summary>
    public static IReadOnlyList<VectorStatus> Read(IStudyStorage storage, long studyId)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var json = storage.GetSchedulerState(studyId, StateKey);
        var stored = new Dictionary<string, StoredVector>(StringComparer.Ordinal);
        if (json is not null)
        {
            List<StoredVector>? parsed;
            try
            {
                parsed = JsonSerializer.Deserialize<List<StoredVector>>(json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"study scheduler state '{StateKey}': not a JSON array of {{vector, enabled, reason}} ({e.Message}); fix or delete that row");
            }
            foreach (var (v, i) in (parsed ?? []).Select((v, i) => (v, i)))
            {
                if (v.Vector is null || All.All(a => a.Id != v.Vector))
                    throw new InvalidDataException($"study scheduler state '{StateKey}': entry {i} names vector '{v.Vector}', not one of {string.Join(", ", All.Select(a => a.Id))}");
                stored[v.Vector] = v;
            }
        }
        return All.Select(a => stored.TryGetValue(a.Id, out var s)
                ? new VectorStatus(a.Id, a.Name, s.Enabled ? "enabled" : "disabled", string.IsNullOrWhiteSpace(s.Reason) ? "(the study gives no reason)" : s.Reason)
                : new VectorStatus(a.Id, a.Name, "not built", "the study stores no state for it; see docs/accelerators.md"))
            .ToList();
    }

    private sealed record StoredVector(
        [property: JsonPropertyName("vector")] string? Vector,
        [property: JsonPropertyName("enabled")] bool Enabled,
        [property: JsonPropertyName("reason")] string? Reason);
}

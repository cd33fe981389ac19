using Needle.Core.Vectors;
using Needle.Search.Study;

namespace Needle.Reporting.StudyReports;

/// <summary>
/// The accelerator vectors V1–V7 (docs/accelerators.md) and their state in a study, as the race recorded it in the
/// study's vector_states table (<see cref="IStudyStorage.GetVectorStates"/>): enabled, disabled or no verdict, why,
/// and the evidence file's hash. A vector the study says nothing about is reported "not recorded" — the report
/// never guesses that a vector ran.
/// </summary>
public static class AcceleratorVectors
{
    /// <summary>Every vector's state in the study.</summary>
    public static IReadOnlyList<VectorStatus> Read(IStudyStorage storage, long studyId)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var stored = storage.GetVectorStates(studyId).ToDictionary(v => v.Vector, StringComparer.Ordinal);
        return [.. VectorNames.All.Select(a => stored.TryGetValue(a.Id, out var s)
            ? new VectorStatus(a.Id, a.Name, s.SwitchText, Describe(s))
            : new VectorStatus(a.Id, a.Name, "not recorded", "the study stores no state for it (a race before vectors existed, or a replay); see docs/accelerators.md"))];
    }

    /// <summary>The reason with the evidence file's hash prefix, so a report names the measurement behind the state.</summary>
    public static string Describe(VectorState s) =>
        s.EvidenceSha256 is { } sha ? $"{s.Reason} [evidence sha256 {sha[..12]}…]" : s.Reason;
}

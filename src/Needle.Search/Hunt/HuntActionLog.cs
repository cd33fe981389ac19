using System.Text.Json;
using Needle.Search.Study;

namespace Needle.Search.Hunt;

/// <summary>One rung action the seed hunt took, as stored in the study (seed-hunt state <c>hunt_actions</c>).</summary>
/// <param name="RungIndex">0-based rung.</param>
/// <param name="Rung">The rung's step.</param>
/// <param name="Action">The plan's action name (snake_case).</param>
/// <param name="Cohort">The seeds judged, best BPB at the rung first.</param>
/// <param name="Kept">Re-admitted to run on.</param>
/// <param name="Stopped">Stopped here (Pruned), with the reason.</param>
/// <param name="Killed">Killed as DIVERGING (or found Diverged by the runner) and replaced.</param>
/// <param name="Replacements">φ-anchored seeds queued for killed or diverged ones.</param>
/// <param name="Mirrors">φ-anchored mirrors of the leader.</param>
/// <param name="Note">What else happened (the leader, the gate verdict).</param>
public sealed record HuntActionRecord(
    int RungIndex, long Rung, string Action, IReadOnlyList<string> Cohort, IReadOnlyList<string> Kept, IReadOnlyList<string> Stopped,
    IReadOnlyList<string> Killed, IReadOnlyList<string> Replacements, IReadOnlyList<string> Mirrors, string Note);

/// <summary>The seed hunt's rung actions, stored in the study so a resumed hunt never repeats one and `hunt status` shows them.</summary>
public static class HuntActionLog
{
    public const string Key = "hunt_actions";

    public static IReadOnlyList<HuntActionRecord> Read(IStudyStorage storage, StudyRecord study)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(study);
        return storage.GetSeedHuntState(study.Id, Key) is { } json ? JsonSerializer.Deserialize<List<HuntActionRecord>>(json)! : [];
    }

    public static void Append(IStudyStorage storage, StudyRecord study, HuntActionRecord record, DateTimeOffset now)
    {
        var list = Read(storage, study).ToList();
        if (list.Any(r => r.RungIndex == record.RungIndex))
            throw new InvalidOperationException($"study '{study.Name}': the hunt's action at rung {record.Rung} is already recorded; an action is taken once");
        list.Add(record);
        storage.SetSeedHuntState(study.Id, Key, JsonSerializer.Serialize(list), now);
    }
}

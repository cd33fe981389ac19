using Needle.Search.Study;

namespace Needle.Search.Workers;

/// <summary>
/// Where a study's checkpoints live so that every worker can resume every trial. Runners always read and write a
/// local path; the store turns what a runner wrote into the location the study records, and a recorded location
/// back into a local path. <see cref="DirectoryCheckpointStore"/> (default): the path itself, on a directory all hosts
/// share. <see cref="DatabaseCheckpointStore"/>: the bytes in the study database, for hosts that share nothing else.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>directory or database (<c>--checkpoint-store</c>).</summary>
    string Name { get; }

    /// <summary>Records the runner's checkpoint (a file or a directory at <c>local.Location</c>); returns what the study stores.</summary>
    TrialCheckpoint Store(long trialId, TrialCheckpoint local);

    /// <summary>A local path holding the checkpoint the study recorded, under <paramref name="scratch"/> if it must be fetched.</summary>
    TrialCheckpoint Materialise(long trialId, TrialCheckpoint recorded, string scratch);
}

/// <summary>Checkpoints stay where the runner wrote them (a directory every host sees, e.g. NFS).</summary>
public sealed class DirectoryCheckpointStore : ICheckpointStore
{
    public string Name => "directory";
    public TrialCheckpoint Store(long trialId, TrialCheckpoint local) => local;
    public TrialCheckpoint Materialise(long trialId, TrialCheckpoint recorded, string scratch) => recorded;
}

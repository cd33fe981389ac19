using Needle.Search.Running;

namespace Needle.Search.Workers;

/// <summary>
/// Puts a <see cref="ICheckpointStore"/> between the race and a runner: the segment resumes from a local copy of the
/// recorded checkpoint, and the checkpoint the runner writes is stored before the race records it. The runner itself
/// never knows where checkpoints live.
/// </summary>
public sealed class CheckpointStoreRunner(ITrialRunner inner, ICheckpointStore store) : ITrialRunner
{
    public string Name => inner.Name;

    public async Task<SegmentOutcome> RunSegmentAsync(TrialSegment segment, IReportSink reports, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(segment);
        var local = segment;
        if (segment.ResumeFrom is { } recorded)
        {
            try
            {
                local = segment with { ResumeFrom = store.Materialise(segment.TrialId, recorded, segment.CheckpointDirectory) };
            }
            catch (Exception e) when (e is IOException or InvalidDataException or KeyNotFoundException)
            {
                return new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null,
                    $"checkpoint {recorded.Location} (step {recorded.Step}) of '{segment.Spec.CanonName}' cannot be fetched from the {store.Name} store: {e.Message}");
            }
        }
        var outcome = await inner.RunSegmentAsync(local, reports, cancellation).ConfigureAwait(false);
        return outcome.Checkpoint is { } written ? outcome with { Checkpoint = store.Store(segment.TrialId, written) } : outcome;
    }
}

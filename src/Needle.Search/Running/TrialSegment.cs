using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// One segment of a trial to run: continue <paramref name="Spec"/> from <paramref name="ResumeFrom"/> (null = from
/// scratch) to <paramref name="UntilStep"/> (its next rung), reporting every <paramref name="ReportEvery"/> steps and
/// writing checkpoints under <paramref name="CheckpointDirectory"/>.
/// </summary>
public sealed record TrialSegment(
    long TrialId, TrialSpec Spec, TrialCheckpoint? ResumeFrom, long UntilStep, int ReportEvery, string CheckpointDirectory)
{
    /// <summary>The step the segment starts after.</summary>
    public long StartStep => ResumeFrom?.Step ?? 0;
}

namespace Needle.Search.Running;

/// <summary>
/// A report sink that also wants what the history records (<c>needle history build</c>): the whole-split BPB at the
/// segment's target step (the rung) and the CPU cost of the segment. The engine runner measures both only when its
/// sink implements this, so a race pays for neither.
/// </summary>
public interface IMeasurementSink : IReportSink
{
    /// <summary>BPB over the whole validation split at <paramref name="step"/> (the segment's rung).</summary>
    void WholeSplit(long step, double bpb);

    /// <summary>
    /// The segment's cost: <paramref name="steps"/> training steps took <paramref name="trainSeconds"/> and its
    /// evaluations <paramref name="evalSeconds"/>; CPU seconds of the training thread when
    /// <paramref name="cpuTime"/>, wall seconds otherwise.
    /// </summary>
    void Cost(long steps, double trainSeconds, double evalSeconds, bool cpuTime);
}

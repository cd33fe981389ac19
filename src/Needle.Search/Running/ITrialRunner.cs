namespace Needle.Search.Running;

/// <summary>
/// Executes trials. The race calls it one segment at a time — from the trial's last checkpoint (or step 0) up to its
/// next rung — so a promoted trial continues instead of restarting. The real training engine implements this
/// (trial spec = canon name + config + seed); <see cref="SyntheticCurveTrialRunner"/> is the scheduler's test harness.
/// Contract:
/// - report BPB through <see cref="IReportSink"/> at every multiple of <see cref="TrialSegment.ReportEvery"/> in
///   (start, until]; a report is durable when <see cref="IReportSink.Report"/> returns;
/// - on reaching <see cref="TrialSegment.UntilStep"/>, save a checkpoint there and return <see cref="SegmentStatus.ReachedTarget"/>;
/// - cooperative kill: when the token is cancelled, stop at the next step, save a checkpoint at the step reached,
///   and return <see cref="SegmentStatus.Cancelled"/> (never throw for cancellation);
/// - any other failure: return <see cref="SegmentStatus.Failed"/> with the error, or throw.
/// </summary>
public interface ITrialRunner
{
    /// <summary>Name used by <c>needle race --runner</c>.</summary>
    string Name { get; }

    /// <summary>Runs one segment of a trial.</summary>
    Task<SegmentOutcome> RunSegmentAsync(TrialSegment segment, IReportSink reports, CancellationToken cancellation);
}

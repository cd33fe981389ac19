using System.Globalization;
using Needle.Search.History;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Replay;

/// <summary>
/// The tabular replay backend: an <see cref="ITrialRunner"/> that reads each trial's curve from the history instead of
/// training, on a <see cref="SimulatedClock"/>. A segment costs (until − start) × the trial's measured CPU
/// seconds_per_step (continuing from a checkpoint costs only the additional steps); the race's parallelism is the number
/// of simulated workers. Nothing of a segment is visible before it ends in simulated time: its reports are delivered
/// when the race, having started all it can (<see cref="IRaceObserver.AwaitingSegments"/>), waits — and then only for
/// the segment that finishes first. So a strategy sees a curve only up to the steps it has paid for, and the real
/// <see cref="RaceRunner"/>, ASHA and the study storage run unchanged on top.
/// </summary>
public sealed class ReplayTrialRunner(IReadOnlyDictionary<string, HistoryRecord> byCanon, SimulatedClock clock) : ITrialRunner, IRaceObserver
{
    private readonly List<Pending> _pending = [];
    private long _order;

    public string Name => "replay";

    /// <summary>Every rung a trial reached, in simulated time order: (time, trial canon, rung, whole-split BPB).</summary>
    public List<(double Seconds, string Canon, long Rung, double WholeSplitBpb)> RungEvents { get; } = [];

    public Task<SegmentOutcome> RunSegmentAsync(TrialSegment segment, IReportSink reports, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(segment);
        if (!byCanon.TryGetValue(segment.Spec.CanonName, out var record))
            return Task.FromResult(new SegmentOutcome(SegmentStatus.Failed, segment.StartStep, null, $"'{segment.Spec.CanonName}' is not in the history"));
        var diverges = record.State == "Diverged" && record.LastStep < segment.UntilStep;
        var end = diverges ? Math.Max(segment.StartStep, record.LastStep) : segment.UntilStep;
        var cost = (end - segment.StartStep) * record.SecondsPerStep;
        var pending = new Pending(segment, reports, record, clock.Seconds + cost, _order++, diverges, new TaskCompletionSource<SegmentOutcome>());
        _pending.Add(pending);
        return pending.Done.Task;
    }

    /// <summary>Ends the segment that finishes first in simulated time (ties: the one started first).</summary>
    public void AwaitingSegments(int inFlight)
    {
        if (_pending.Count == 0) return;
        var next = _pending.OrderBy(p => p.FinishAt).ThenBy(p => p.Order).First();
        _pending.Remove(next);
        clock.AdvanceTo(next.FinishAt);
        var s = next.Segment;
        foreach (var point in next.Record.Curve)
        {
            var step = (long)point[0];
            if (step > s.StartStep && step <= s.UntilStep && step % s.ReportEvery == 0) next.Reports.Report(step, point[1]);
        }
        if (next.Diverges)
        {
            next.Done.SetResult(new SegmentOutcome(SegmentStatus.Diverged, next.Record.LastStep, null, next.Record.Error ?? "DIVERGED in the history"));
            return;
        }
        if (next.Record.AtRung(s.UntilStep) is { } whole) RungEvents.Add((clock.Seconds, s.Spec.CanonName, s.UntilStep, whole));
        var checkpoint = new TrialCheckpoint(s.UntilStep, string.Create(CultureInfo.InvariantCulture, $"replay:trial{s.TrialId}-step{s.UntilStep}"));
        next.Done.SetResult(new SegmentOutcome(SegmentStatus.ReachedTarget, s.UntilStep, checkpoint));
    }

    private sealed record Pending(
        TrialSegment Segment, IReportSink Reports, HistoryRecord Record, double FinishAt, long Order, bool Diverges,
        TaskCompletionSource<SegmentOutcome> Done);
}

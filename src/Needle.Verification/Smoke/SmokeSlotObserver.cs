using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Smoke;

/// <summary>
/// Watches the race's segments: how many run at once, whether any started while every slot was still taken
/// (kill-before-spin), how many were stopped mid-run; and cancels the race after a given number of stored reports.
/// </summary>
internal sealed class SmokeSlotObserver(int parallelism, long cancelAfterReports, CancellationTokenSource? cancel) : IRaceObserver
{
    private readonly Lock _gate = new();
    private int _inFlight;

    public int MaxInFlight { get; private set; }
    public int StartedWhileFull { get; private set; }
    public int Stopped { get; private set; }
    public long Reports { get; private set; }

    /// <summary>Segment starts and ends in the order they happened (kill-before-spin is read from it).</summary>
    public List<Event> Events { get; } = [];

    /// <summary>One segment event: <c>started</c>, <c>ended-killed</c> or <c>ended</c>.</summary>
    public sealed record Event(string Canon, string Kind);

    public void SegmentStarted(TrialRecord trial, TrialSegment segment)
    {
        lock (_gate)
        {
            if (_inFlight >= parallelism) StartedWhileFull++;
            Events.Add(new Event(trial.Spec.CanonName, "started"));
            _inFlight++;
            MaxInFlight = Math.Max(MaxInFlight, _inFlight);
        }
    }

    public void Reported(TrialRecord trial, long step, double bpb, bool stored)
    {
        lock (_gate)
        {
            if (stored) Reports++;
            if (cancel is not null && Reports >= cancelAfterReports && !cancel.IsCancellationRequested) cancel.Cancel();
        }
    }

    public void SegmentEnded(TrialRecord trial, SegmentOutcome outcome, TrialState newState)
    {
        lock (_gate)
        {
            _inFlight--;
            if (outcome.Status == SegmentStatus.Cancelled) Stopped++;
            Events.Add(new Event(trial.Spec.CanonName, newState is TrialState.Killed or TrialState.Diverged ? "ended-killed" : "ended"));
        }
    }
}

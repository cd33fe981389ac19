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

    public void SegmentStarted(TrialRecord trial, TrialSegment segment)
    {
        lock (_gate)
        {
            if (_inFlight >= parallelism) StartedWhileFull++;
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
        }
    }
}

using Needle.Search.Asha;
using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>Progress of a race, for the command line (progress bar, echo) and tests. Called after the study is updated.</summary>
public interface IRaceObserver
{
    void SegmentStarted(TrialRecord trial, TrialSegment segment) { }
    void Reported(TrialRecord trial, long step, double bpb, bool stored) { }
    void Decided(TrialRecord trial, RungDecision decision) { }
    void SegmentEnded(TrialRecord trial, SegmentOutcome outcome, TrialState newState) { }

    /// <summary>
    /// The race has started what it can and now waits for one of <paramref name="inFlight"/> segments to end. A replay
    /// on a simulated clock ends the next segment here (the one that finishes first in simulated time).
    /// </summary>
    void AwaitingSegments(int inFlight) { }
}

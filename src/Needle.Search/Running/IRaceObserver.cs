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
}

using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>Stores each report in the study (durable on return), then tells the observer.</summary>
internal sealed class StudyReportSink(IStudyStorage storage, TrialRecord trial, TimeProvider time, IRaceObserver observer, Action onReport) : IReportSink
{
    public long Stored { get; private set; }

    public void Report(long step, double bpb)
    {
        var stored = storage.AddReport(trial.Id, step, bpb, time.GetUtcNow());
        if (stored) Stored++;
        observer.Reported(trial, step, bpb, stored);
        onReport();
    }
}

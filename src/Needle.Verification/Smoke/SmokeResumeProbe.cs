using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Smoke;

/// <summary>
/// Criterion 14's probe: runs one smoke run again from scratch with the real engine, stops it cooperatively right
/// after its first report (the checkpoint is kept), resumes it from that checkpoint to the end, and returns the final
/// BPB — to be compared with the same run's uninterrupted final BPB in the race.
/// </summary>
internal static class SmokeResumeProbe
{
    public static async Task<SmokeResumeEvidence> RunAsync(ITrialRunner runner, TrialSpec spec, long steps, int reportEvery, double uninterrupted, string directory)
    {
        Directory.CreateDirectory(directory);
        using var stop = new CancellationTokenSource();
        var first = new Sink(() => stop.Cancel());
        var stopped = await runner.RunSegmentAsync(new TrialSegment(-1, spec, null, steps, reportEvery, directory), first, stop.Token)
            .ConfigureAwait(false);
        double resumed = double.NaN;
        if (stopped is { Status: SegmentStatus.Cancelled, Checkpoint: { } checkpoint })
        {
            var rest = new Sink(null);
            var end = await runner.RunSegmentAsync(new TrialSegment(-1, spec, checkpoint, steps, reportEvery, directory), rest, CancellationToken.None)
                .ConfigureAwait(false);
            if (end.Status == SegmentStatus.ReachedTarget && rest.Last is { } last && last.Step == steps) resumed = last.Bpb;
        }
        return new SmokeResumeEvidence(spec.CanonName, stopped.Status.ToString(), stopped.ReachedStep, steps, resumed, uninterrupted);
    }

    private sealed class Sink(Action? onFirst) : IReportSink
    {
        public (long Step, double Bpb)? Last { get; private set; }

        public void Report(long step, double bpb)
        {
            Last = (step, bpb);
            onFirst?.Invoke();
        }
    }
}

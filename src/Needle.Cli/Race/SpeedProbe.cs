using System.Diagnostics;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>
/// Measures how fast one trial of a space trains on this machine right now, by training its first trial for two
/// report intervals with the race's own runner into a throwaway checkpoint directory. The speed is the second
/// interval's (steps and the evaluation at its report), so model construction and the first steps' warm-up do not
/// count: timing from the start read 46.8 steps/s where the race then trained at ~80. Used once, when a
/// budget-filling race is created.
/// </summary>
public static class SpeedProbe
{
    /// <summary>Report intervals the probe trains: enough to amortise construction, short enough to cost seconds.</summary>
    public const int Intervals = 2;

    /// <summary>Steps per second of <paramref name="spec"/> trained alone by <paramref name="runner"/>.</summary>
    public static async Task<double> StepsPerSecondAsync(ITrialRunner runner, TrialSpec spec, int reportEvery, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(spec);
        var directory = Directory.CreateTempSubdirectory("needle-speed-probe-");
        try
        {
            var steps = (long)Intervals * reportEvery;
            var reports = new Timed();
            var outcome = await runner.RunSegmentAsync(new TrialSegment(0, spec, null, steps, reportEvery, directory.FullName), reports, cancellation);
            if (outcome.Status != SegmentStatus.ReachedTarget || reports.At.Count < Intervals)
                throw new InvalidOperationException($"the speed probe of trial '{spec.CanonName}' ended {outcome.Status} after {reports.At.Count} reports: {outcome.Error}");
            return reportEvery / (reports.At[^1] - reports.At[^2]).TotalSeconds;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // When each report arrived (the runner reports from its training thread, one at a time).
    private sealed class Timed : IReportSink
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public List<TimeSpan> At { get; } = [];

        public void Report(long step, double bpb) => At.Add(_clock.Elapsed);
    }
}

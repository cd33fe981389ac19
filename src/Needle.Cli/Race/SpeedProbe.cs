using System.Diagnostics;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Cli.Race;

/// <summary>
/// Measures how fast one trial of a space trains on this machine right now, by training its first trial for a few
/// report intervals with the race's own runner (so the figure includes the race's evaluations at each report and the
/// model's construction) into a throwaway checkpoint directory. Used once, when a budget-filling race is created.
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
            var clock = Stopwatch.StartNew();
            var outcome = await runner.RunSegmentAsync(new TrialSegment(0, spec, null, steps, reportEvery, directory.FullName), new Discard(), cancellation);
            clock.Stop();
            if (outcome.Status != SegmentStatus.ReachedTarget)
                throw new InvalidOperationException($"the speed probe of trial '{spec.CanonName}' ended {outcome.Status}: {outcome.Error}");
            return steps / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private sealed class Discard : IReportSink
    {
        public void Report(long step, double bpb) { }
    }
}

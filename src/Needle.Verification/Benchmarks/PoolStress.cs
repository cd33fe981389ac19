using System.Diagnostics;
using Needle.Core.Seeds;
using Needle.Training.Kernels;

namespace Needle.Training.Benchmarks;

/// <summary>
/// Hammers <see cref="WorkerPool"/>'s hand-offs the way that exposes lost wake-ups and double runs: more threads than
/// cores, a tiny spin limit so workers are forever falling asleep, and a random 0–<c>MaxPause</c> µs busy pause between
/// dispatches so work tends to arrive exactly while a worker is going to sleep. Every dispatch counts how many times
/// each item ran (it must be exactly once, and nothing may run outside a dispatch). A watchdog on the calling thread
/// turns "no dispatch finished for <c>Stall</c>" into a failure carrying the pool's hand-off state, so a lost wake-up
/// becomes a report instead of a hung process. The CI test runs it for seconds; <c>needle bench pool</c> for long.
/// </summary>
public static class PoolStress
{
    public sealed record Settings(int Threads, long Dispatches, double SpinMicroseconds, double MaxPauseMicroseconds,
        int MaxItems, TimeSpan Stall, ulong Seed);

    /// <summary><paramref name="Failure"/> is null when every dispatch ran every item exactly once.</summary>
    public sealed record Outcome(long Dispatches, double Seconds, string? Failure);

    private sealed class CountingJob(int maxItems) : IRangeJob
    {
        public readonly int[] Counts = new int[maxItems];
        public volatile bool Open;
        public int StrayRuns;

        public void Execute(int start, int end)
        {
            // A slice that runs while no dispatch is open is a generation run twice (or run late).
            if (!Open) Interlocked.Increment(ref StrayRuns);
            for (int i = start; i < end; i++) Interlocked.Increment(ref Counts[i]);
        }
    }

    public static Outcome Run(Settings s)
    {
        if (s.Threads < 2) throw new ArgumentOutOfRangeException(nameof(s), s.Threads, "a pool stress needs at least 2 threads");
        if (s.MaxItems < 2) throw new ArgumentOutOfRangeException(nameof(s), s.MaxItems, "MaxItems must be at least 2 (one item runs inline)");
        // The pool's own stall bound fires first, so a lost hand-off is reported by the pool with each worker's state;
        // the harness's watchdog (twice as long) catches a pool that hangs without reporting.
        var pool = new WorkerPool(s.Threads, s.SpinMicroseconds, s.Stall / 2);
        var job = new CountingJob(s.MaxItems);
        long done = 0;
        string? failure = null;
        var clock = Stopwatch.StartNew();
        var dispatcher = new Thread(() =>
        {
            var rng = new SplitMix64(s.Seed);
            long pauseTicksMax = (long)(s.MaxPauseMicroseconds * Stopwatch.Frequency / 1e6);
            try
            {
                for (long d = 0; d < s.Dispatches; d++)
                {
                    int count = 2 + rng.NextInt(s.MaxItems - 1);
                    job.Open = true;
                    pool.Run(job, count);
                    job.Open = false;
                    if (Check(job, count, d) is { } bad) { failure = bad; return; }
                    Volatile.Write(ref done, d + 1);
                    long until = Stopwatch.GetTimestamp() + (long)(rng.NextFloat() * pauseTicksMax);
                    while (Stopwatch.GetTimestamp() < until) Thread.SpinWait(1);
                }
            }
            catch (Exception e)
            {
                failure = $"dispatch {Volatile.Read(ref done)} threw {e.GetType().Name}: {e.Message}";
            }
        }) { IsBackground = true, Name = "pool-stress-dispatcher" };
        dispatcher.Start();

        long seen = -1;
        var sinceProgress = Stopwatch.StartNew();
        while (!dispatcher.Join(50))
        {
            long now = Volatile.Read(ref done);
            if (now != seen) { seen = now; sinceProgress.Restart(); continue; }
            if (sinceProgress.Elapsed > s.Stall)
            {
                // The dispatcher is stuck inside the pool: leave it (a background thread) and the pool behind.
                return new Outcome(now, clock.Elapsed.TotalSeconds,
                    $"no dispatch finished for {s.Stall.TotalSeconds:F0} s after {now} dispatches; pool state: {pool.DescribeState()}");
            }
        }
        pool.Dispose();
        return new Outcome(Volatile.Read(ref done), clock.Elapsed.TotalSeconds, failure);
    }

    private static string? Check(CountingJob job, int count, long dispatch)
    {
        string? bad = null;
        for (int i = 0; i < job.Counts.Length; i++)
        {
            int expected = i < count ? 1 : 0;
            if (job.Counts[i] != expected && bad is null)
                bad = $"dispatch {dispatch} ({count} items): item {i} ran {job.Counts[i]} times, expected {expected}";
            job.Counts[i] = 0;
        }
        int stray = Interlocked.Exchange(ref job.StrayRuns, 0);
        if (bad is null && stray != 0) bad = $"dispatch {dispatch}: {stray} slice(s) ran while no dispatch was open";
        return bad;
    }
}

using Needle.Training.Benchmarks;

namespace Needle.Training.Tests.Kernels;

/// <summary>
/// The CI-sized run of <see cref="PoolStress"/>: more threads than this machine's 2 cores, a 1 µs spin limit so workers
/// keep falling asleep, random 0–12 µs pauses between dispatches. It fails (never hangs) on a lost wake-up, a slice run
/// twice or a slice run outside a dispatch. On the pool before issue 16 the 8-thread case failed in 5 of 6 seeds
/// within 30,000 dispatches (docs/engine-performance.md); the long version is <c>needle bench pool --dispatches N</c>.
/// </summary>
public sealed class WorkerPoolStressTests
{
    [Theory]
    [InlineData(3, 30_000, 1ul)]
    [InlineData(8, 20_000, 3ul)]
    public void Every_item_runs_exactly_once_while_workers_keep_falling_asleep(int threads, long dispatches, ulong seed)
    {
        var outcome = PoolStress.Run(new PoolStress.Settings(
            Threads: threads, Dispatches: dispatches, SpinMicroseconds: 1, MaxPauseMicroseconds: 12, MaxItems: 48,
            Stall: TimeSpan.FromSeconds(20), Seed: seed));
        outcome.Failure.Should().BeNull();
        outcome.Dispatches.Should().Be(dispatches);
    }
}

using Needle.Training.Benchmarks;

namespace Needle.Training.Tests.Kernels;

/// <summary>
/// The CI-sized run of <see cref="PoolStress"/>: 3 threads on this 2-core machine, a 1 µs spin limit, random 0–12 µs
/// pauses between dispatches. It fails (never hangs) on a lost wake-up, a slice run twice or a slice run outside a
/// dispatch. The long version is <c>needle bench pool --dispatches N</c>.
/// </summary>
public sealed class WorkerPoolStressTests
{
    [Theory]
    [InlineData(3, 1ul)]
    [InlineData(2, 2ul)]
    public void Every_item_runs_exactly_once_while_workers_keep_falling_asleep(int threads, ulong seed)
    {
        var outcome = PoolStress.Run(new PoolStress.Settings(
            Threads: threads, Dispatches: 100_000, SpinMicroseconds: 1, MaxPauseMicroseconds: 12, MaxItems: 48,
            Stall: TimeSpan.FromSeconds(10), Seed: seed));
        outcome.Failure.Should().BeNull();
        outcome.Dispatches.Should().Be(100_000);
    }
}

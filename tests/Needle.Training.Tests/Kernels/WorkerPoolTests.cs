using Needle.Training.Kernels;

namespace Needle.Training.Tests.Kernels;

public sealed class WorkerPoolTests
{
    private sealed class Mark(int[] hits) : IRangeJob
    {
        public void Execute(int start, int end)
        {
            for (int i = start; i < end; i++) Interlocked.Increment(ref hits[i]);
        }
    }

    private sealed class Boom : IRangeJob
    {
        public void Execute(int start, int end)
        {
            if (start > 0) throw new InvalidOperationException("worker slice failed");
        }
    }

    [Fact]
    public void Every_item_runs_exactly_once_across_many_dispatches()
    {
        using var pool = new WorkerPool(3);
        var hits = new int[101];
        var job = new Mark(hits);
        for (int r = 0; r < 500; r++) pool.Run(job, hits.Length);
        hits.Should().OnlyContain(h => h == 500);
    }

    [Fact]
    public void A_worker_exception_reaches_the_caller()
    {
        using var pool = new WorkerPool(2);
        var act = () => pool.Run(new Boom(), 10);
        act.Should().Throw<AggregateException>().WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void Slices_partition_the_range()
    {
        for (int threads = 1; threads <= 5; threads++)
        {
            int next = 0;
            for (int t = 0; t < threads; t++)
            {
                var (s, e) = WorkerPool.Slice(17, t, threads);
                s.Should().Be(next);
                next = e;
            }
            next.Should().Be(17);
        }
    }
}

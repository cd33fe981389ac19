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

    private sealed class Block(ManualResetEventSlim release) : IRangeJob
    {
        public void Execute(int start, int end)
        {
            if (start > 0) release.Wait();
        }
    }

    private sealed class Nested(WorkerPool pool) : IRangeJob
    {
        public void Execute(int start, int end)
        {
            if (start == 0) pool.Run(new Mark(new int[4]), 4);
        }
    }

    [Fact]
    public void A_dispatch_that_never_finishes_fails_with_each_workers_state_instead_of_hanging()
    {
        using var release = new ManualResetEventSlim(false);
        var pool = new WorkerPool(2, stallTimeout: TimeSpan.FromMilliseconds(300));
        try
        {
            var act = () => pool.Run(new Block(release), 2);
            act.Should().Throw<WorkerPoolStalledException>()
                .WithMessage("*did not finish within*worker 1: last ran generation 0, running its slice*still working*");
            // A stalled pool refuses further work rather than corrupting it.
            var again = () => pool.Run(new Mark(new int[2]), 2);
            again.Should().Throw<WorkerPoolStalledException>().WithMessage("*refuses work*");
        }
        finally
        {
            release.Set();
            pool.Dispose();
        }
    }

    [Fact]
    public void Dispatching_from_inside_a_job_is_a_clear_error()
    {
        using var pool = new WorkerPool(2);
        var act = () => pool.Run(new Nested(pool), 2);
        act.Should().Throw<InvalidOperationException>().WithMessage("*one dispatch at a time*");
        var hits = new int[10];
        pool.Run(new Mark(hits), hits.Length);
        hits.Should().OnlyContain(h => h == 1);
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

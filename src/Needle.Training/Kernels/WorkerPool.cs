using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Needle.Training.Kernels;

/// <summary>
/// A fixed set of persistent worker threads. <see cref="Run"/> splits items statically (thread t gets the t-th
/// contiguous slice), runs the caller's slice on the calling thread and returns when all slices are done.
/// Workers spin briefly between dispatches (a step issues hundreds of small ops; waking a blocked thread costs
/// tens of µs) and then block, so an idle pool does not burn a shared core.
/// <para>
/// The hand-off. Each dispatch has a generation number G. The dispatcher stores the job, then publishes G with a
/// full fence (<c>Interlocked.Increment</c>) and unparks every worker. A worker runs a generation only when it is
/// exactly one past the last generation it ran, and records G as run when its slice is done — so no wake-up, late or
/// spurious, can make it run a generation twice (a release for G arriving after the worker had already seen G while
/// spinning and gone back to sleep would otherwise do it). The sleep/wake hand-offs in both directions
/// (dispatcher→worker "G is published", last worker→dispatcher "pending reached 0") go through <see cref="Parker"/>,
/// whose full fences on both sides make a lost wake-up impossible (a release-store/acquire-load pair can miss one). The dispatcher never waits forever: after <see cref="StallTimeout"/> without the generation
/// completing it throws a <see cref="WorkerPoolStalledException"/> naming each worker's state, and the pool refuses
/// further work (a step fails instead of the process hanging).
/// </para>
/// </summary>
public sealed class WorkerPool : IDisposable
{
    /// <summary>How long a dispatch may go unfinished before the pool gives up. Generous: a step's slices take ms.</summary>
    public static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromMinutes(2);

    private readonly Worker[] _workers;
    private readonly Parker _dispatcher = new();
    private readonly AllDone _allDone;
    private readonly long _spinTicks;
    private readonly long _stallTicks;
    private long _generation;
    private int _pending;
    private IRangeJob? _job;
    private int _count;
    private int _inRun;
    private volatile bool _disposed;
    private volatile string? _broken;

    public WorkerPool(int threads, double spinMicroseconds = 200, TimeSpan? stallTimeout = null)
    {
        if (threads < 1 || threads > 256) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be in [1, 256]");
        if (spinMicroseconds < 0) throw new ArgumentOutOfRangeException(nameof(spinMicroseconds), spinMicroseconds, "the spin limit cannot be negative");
        Threads = threads;
        StallTimeout = stallTimeout ?? DefaultStallTimeout;
        if (StallTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(stallTimeout), StallTimeout, "the stall timeout must be positive");
        _spinTicks = (long)(spinMicroseconds * Stopwatch.Frequency / 1e6);
        _stallTicks = (long)(StallTimeout.TotalSeconds * Stopwatch.Frequency);
        _allDone = new AllDone(this);
        _workers = new Worker[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            var worker = new Worker(this, i + 1);
            _workers[i] = worker;
            worker.Thread.Start();
        }
    }

    public int Threads { get; }

    public TimeSpan StallTimeout { get; }

    /// <summary>The slice of [0, count) that thread <paramref name="t"/> of <paramref name="threads"/> owns.</summary>
    public static (int Start, int End) Slice(int count, int t, int threads) =>
        ((int)((long)count * t / threads), (int)((long)count * (t + 1) / threads));

    /// <summary>
    /// Runs <paramref name="job"/> over items [0, count) on all threads; rethrows a worker's exception. One dispatch at
    /// a time: calling Run from two threads at once, or from inside a job, is an error (it would corrupt the hand-off).
    /// </summary>
    public void Run(IRangeJob job, int count)
    {
        if (count <= 0) return;
        if (DispatchProfile.Current is not { } profile)
        {
            RunOnce(job, count);
            return;
        }
        long started = Stopwatch.GetTimestamp();
        RunOnce(job, count);
        profile.Add(job.GetType(), count, Stopwatch.GetTimestamp() - started);
    }

    private void RunOnce(IRangeJob job, int count)
    {
        if (Threads == 1 || count == 1)
        {
            job.Execute(0, count);
            return;
        }
        if (Interlocked.CompareExchange(ref _inRun, 1, 0) != 0)
            throw new InvalidOperationException("WorkerPool.Run was called while another dispatch on this pool is running (from another thread, or from inside a job); a pool runs one dispatch at a time");
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_broken is { } broken) throw new WorkerPoolStalledException($"the worker pool stalled earlier and refuses work: {broken}");
            Dispatch(job, count);
        }
        finally
        {
            Volatile.Write(ref _inRun, 0);
        }
    }

    private void Dispatch(IRangeJob job, int count)
    {
        _job = job;
        _count = count;
        _pending = _workers.Length;
        // Full fence: the job, count and pending are visible to any thread that sees the new generation.
        long generation = Interlocked.Increment(ref _generation);
        foreach (var w in _workers) w.Parker.Unpark();

        var (s, e) = Slice(count, 0, Threads);
        Exception? own = null;
        try { if (e > s) job.Execute(s, e); }
        catch (Exception ex) { own = ex; }

        if (!_dispatcher.WaitUntil(_allDone, _spinTicks, Stopwatch.GetTimestamp() + _stallTicks))
        {
            string state = DescribeState();
            _broken = state;
            throw new WorkerPoolStalledException(
                $"a worker-pool dispatch (generation {generation}, {count} items, {job.GetType().Name}) did not finish within {StallTimeout.TotalSeconds:F0} s; {state}", own);
        }
        _job = null;
        if (own is not null) throw own;
        List<Exception>? failures = null;
        foreach (var w in _workers)
            if (w.TakeFailure() is { } f) (failures ??= []).Add(f);
        if (failures is not null) throw new AggregateException("a training worker thread failed", failures);
    }

    /// <summary>The hand-off state — generation, pending count and each worker's phase — for a watchdog's report.</summary>
    public string DescribeState()
    {
        var sb = new StringBuilder();
        long g = Volatile.Read(ref _generation);
        sb.Append(CultureInfo.InvariantCulture, $"pool generation {g}, pending {Volatile.Read(ref _pending)}");
        foreach (var w in _workers) sb.Append("; ").Append(w.Describe(g));
        return sb.ToString();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var w in _workers) w.Parker.Unpark();
        // A pool that stalled may have a worker stuck inside a job: do not wait for it (workers are background threads).
        if (_broken is null)
            foreach (var w in _workers) w.Thread.Join();
        foreach (var w in _workers) w.Parker.Dispose();
        _dispatcher.Dispose();
    }

    /// <summary>The dispatcher's condition: every worker finished the current generation.</summary>
    private sealed class AllDone(WorkerPool pool) : IWakeCondition
    {
        public bool IsSet => Volatile.Read(ref pool._pending) == 0;
    }

    private enum Phase { Waiting, Running }

    /// <summary>One worker thread and its side of the hand-off. Its condition: a generation it has not run exists.</summary>
    private sealed class Worker : IWakeCondition
    {
        private readonly WorkerPool _pool;
        private readonly int _index;
        private long _lastRun;
        private int _phase;
        private long _phaseSince;
        private Exception? _failure;

        public readonly Parker Parker = new();

        public Worker(WorkerPool pool, int index)
        {
            _pool = pool;
            _index = index;
            _phaseSince = Stopwatch.GetTimestamp();
            Thread = new Thread(Loop) { IsBackground = true, Name = $"needle-worker-{index}" };
        }

        public Thread Thread { get; }

        public bool IsSet => Volatile.Read(ref _pool._generation) != _lastRun || _pool._disposed;

        public Exception? TakeFailure() => Interlocked.Exchange(ref _failure, null);

        private void Loop()
        {
            while (true)
            {
                Parker.WaitUntil(this, _pool._spinTicks, long.MaxValue);
                if (_pool._disposed) return;
                long generation = Volatile.Read(ref _pool._generation);
                SetPhase(Phase.Running);
                try
                {
                    // The dispatcher cannot publish G+1 before this worker has run G, so anything else is a broken invariant.
                    if (generation != _lastRun + 1)
                        throw new InvalidOperationException($"worker {_index} saw generation {generation} after running {_lastRun}: the hand-off skipped a generation");
                    var (s, e) = Slice(_pool._count, _index, _pool.Threads);
                    if (e > s) _pool._job!.Execute(s, e);
                }
                catch (Exception ex)
                {
                    _failure = ex;
                }
                finally
                {
                    SetPhase(Phase.Waiting);
                    Volatile.Write(ref _lastRun, generation);
                    if (Interlocked.Decrement(ref _pool._pending) == 0) _pool._dispatcher.Unpark();
                }
            }
        }

        private void SetPhase(Phase phase)
        {
            Volatile.Write(ref _phaseSince, Stopwatch.GetTimestamp());
            Volatile.Write(ref _phase, (int)phase);
        }

        public string Describe(long generation)
        {
            long last = Volatile.Read(ref _lastRun);
            var phase = (Phase)Volatile.Read(ref _phase);
            double seconds = (Stopwatch.GetTimestamp() - Volatile.Read(ref _phaseSince)) / (double)Stopwatch.Frequency;
            string what = phase == Phase.Running ? "running its slice"
                : Parker.IsParked ? "asleep (parked)" : "awake, waiting";
            string verdict = last == generation ? "done" : phase == Phase.Running ? "still working" : "has not started it";
            return string.Create(CultureInfo.InvariantCulture,
                $"worker {_index}: last ran generation {last}, {what} for {seconds:F1} s — {verdict}");
        }
    }
}

/// <summary>A worker-pool dispatch did not finish within the pool's stall timeout; the message names each worker's state.</summary>
public sealed class WorkerPoolStalledException(string message, Exception? inner = null) : TimeoutException(message, inner);

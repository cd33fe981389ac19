using System.Diagnostics;

namespace Needle.Training.Kernels;

/// <summary>
/// A fixed set of persistent worker threads. <see cref="Run"/> splits items statically (thread t gets the t-th
/// contiguous slice), runs the caller's slice on the calling thread and returns when all slices are done.
/// Workers spin briefly between dispatches (a step issues hundreds of small ops; waking a blocked thread costs
/// tens of µs) and then block, so an idle pool does not burn a shared core.
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private readonly long SpinMicroseconds = 200;
    private readonly Thread[] _workers;
    private readonly SemaphoreSlim[] _wake;
    private readonly int[] _sleeping;
    private long _generation;
    private int _pending;
    private IRangeJob? _job;
    private int _count;
    private volatile bool _disposed;
    private Exception? _failure;

    public WorkerPool(int threads, double spinMicroseconds = 200)
    {
        SpinMicroseconds = (long)Math.Max(1, spinMicroseconds);
        if (threads < 1 || threads > 256) throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be in [1, 256]");
        Threads = threads;
        _workers = new Thread[threads - 1];
        _wake = new SemaphoreSlim[threads - 1];
        _sleeping = new int[threads - 1];
        for (int i = 0; i < _workers.Length; i++)
        {
            _wake[i] = new SemaphoreSlim(0);
            int index = i + 1;
            _workers[i] = new Thread(() => WorkerLoop(index)) { IsBackground = true, Name = $"needle-worker-{index}" };
            _workers[i].Start();
        }
    }

    public int Threads { get; }

    /// <summary>The slice of [0, count) that thread <paramref name="t"/> of <paramref name="threads"/> owns.</summary>
    public static (int Start, int End) Slice(int count, int t, int threads) =>
        ((int)((long)count * t / threads), (int)((long)count * (t + 1) / threads));

    /// <summary>Runs <paramref name="job"/> over items [0, count) on all threads; rethrows a worker's exception.</summary>
    public void Run(IRangeJob job, int count)
    {
        if (count <= 0) return;
        if (Threads == 1 || count == 1)
        {
            job.Execute(0, count);
            return;
        }
        _job = job;
        _count = count;
        Volatile.Write(ref _pending, Threads - 1);
        Interlocked.Increment(ref _generation);
        for (int i = 0; i < _workers.Length; i++)
            if (Interlocked.Exchange(ref _sleeping[i], 0) == 1) _wake[i].Release();
        var (s, e) = Slice(count, 0, Threads);
        Exception? own = null;
        try { if (e > s) job.Execute(s, e); }
        catch (Exception ex) { own = ex; }
        var spin = new SpinWait();
        while (Volatile.Read(ref _pending) != 0) spin.SpinOnce(-1);
        _job = null;
        if (own is not null) throw own;
        if (_failure is { } f)
        {
            _failure = null;
            throw new AggregateException("a training worker thread failed", f);
        }
    }

    private void WorkerLoop(int index)
    {
        long seen = 0;
        int slot = index - 1;
        while (true)
        {
            long started = Stopwatch.GetTimestamp();
            var spin = new SpinWait();
            while (Volatile.Read(ref _generation) == seen && !_disposed)
            {
                if (Stopwatch.GetElapsedTime(started).Ticks > SpinMicroseconds * 10)
                {
                    Volatile.Write(ref _sleeping[slot], 1);
                    if (Volatile.Read(ref _generation) != seen || _disposed)
                    {
                        // Work arrived while going to sleep: whoever cleared the flag also released the semaphore.
                        if (Interlocked.Exchange(ref _sleeping[slot], 0) == 0) _wake[slot].Wait();
                        break;
                    }
                    _wake[slot].Wait();
                    break;
                }
                spin.SpinOnce(-1);
            }
            if (_disposed) return;
            seen = Volatile.Read(ref _generation);
            var job = _job!;
            var (s, e) = Slice(_count, index, Threads);
            try { if (e > s) job.Execute(s, e); }
            catch (Exception ex) { _failure = ex; }
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>The hand-off state, for a watchdog's report.</summary>
    public string DescribeState() =>
        $"generation {Volatile.Read(ref _generation)}, pending {Volatile.Read(ref _pending)}, sleeping [{string.Join(",", _sleeping)}], job {(_job is null ? "null" : "set")}";

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = 0; i < _workers.Length; i++) _wake[i].Release();
        foreach (var w in _workers) w.Join();
        foreach (var s in _wake) s.Dispose();
    }
}

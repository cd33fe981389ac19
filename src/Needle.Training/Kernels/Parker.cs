using System.Diagnostics;

namespace Needle.Training.Kernels;

/// <summary>A condition a <see cref="Parker"/>'s owner waits for; reading it must not allocate.</summary>
internal interface IWakeCondition
{
    bool IsSet { get; }
}

/// <summary>
/// Spin, then block, without losing a wake-up: the hand-off between one waiting thread (the owner) and any thread
/// that makes the owner's condition true and then calls <see cref="Unpark"/>.
/// <para>
/// Why it cannot miss a wake-up. The owner announces "I am about to block" with a full fence
/// (<c>Interlocked.Exchange(ref _parked, 1)</c>) and only then reads the condition; the waker writes the condition and
/// then reads-and-clears the flag with another full fence (<c>Interlocked.Exchange(ref _parked, 0)</c>). This is
/// Dekker's pattern: with a full fence on both sides, the two later reads cannot both miss the two earlier writes,
/// so either the owner sees the condition and does not block, or the waker sees the flag and releases the semaphore.
/// (A release store followed by an acquire load — <c>Volatile.Write</c> then <c>Volatile.Read</c> — is not enough: both
/// the compiler and x86's store buffer may let the load pass the store, and then both sides miss each other.)
/// </para>
/// <para>
/// Why a wake-up is never mistaken for work. A release is not tied to one occurrence of the condition: a waker may
/// read the flag late, after the owner already saw the condition while spinning, handled it and parked again for the
/// next one. So the owner always re-reads its condition after waking and parks again when it is not set; the
/// semaphore count stays balanced because whoever clears the flag owes exactly one release, and the owner consumes it
/// either by waking or, when it cleared nobody's flag but its own, not at all.
/// </para>
/// </summary>
internal sealed class Parker : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0);
    private int _parked;

    /// <summary>True while the owner is blocked or about to block (for a watchdog's report).</summary>
    public bool IsParked => Volatile.Read(ref _parked) == 1;

    /// <summary>
    /// Owner only: returns once <paramref name="condition"/> is set (true) or at <paramref name="deadline"/>
    /// (a <see cref="Stopwatch"/> timestamp; false if the condition is still unset). Spins for
    /// <paramref name="spinTicks"/> first, yielding the core when the machine is oversubscribed.
    /// </summary>
    public bool WaitUntil(IWakeCondition condition, long spinTicks, long deadline)
    {
        long spinUntil = Stopwatch.GetTimestamp() + spinTicks;
        var spin = new SpinWait();
        while (true)
        {
            if (condition.IsSet) return true;
            long now = Stopwatch.GetTimestamp();
            if (now >= deadline) return false;
            if (now < spinUntil)
            {
                spin.SpinOnce(sleep1Threshold: -1);
                continue;
            }
            Interlocked.Exchange(ref _parked, 1);
            if (condition.IsSet)
            {
                // Set while we announced: if a waker already cleared our flag it owes (or made) one release; take it.
                if (Interlocked.Exchange(ref _parked, 0) == 0) _signal.Wait();
                return true;
            }
            int timeout = deadline == long.MaxValue ? Timeout.Infinite
                : (int)Math.Clamp((deadline - now) * 1000 / Stopwatch.Frequency + 1, 1, int.MaxValue);
            if (!_signal.Wait(timeout) && Interlocked.Exchange(ref _parked, 0) == 0)
                _signal.Wait(); // timed out just as a waker cleared the flag: its release is on the way
            // Woken (or timed out): the release may belong to a condition already handled — re-check, maybe park again.
        }
    }

    /// <summary>Waker: call after making the owner's condition true. Releases the owner if it is (about to be) blocked.</summary>
    public void Unpark()
    {
        if (Interlocked.Exchange(ref _parked, 0) == 1) _signal.Release();
    }

    public void Dispose() => _signal.Dispose();
}

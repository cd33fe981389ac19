using System.Diagnostics;

namespace Needle.Training.Kernels;

/// <summary>
/// Where a step's time goes, per kind of op: while a profile is attached to a thread (<see cref="Attach"/>), every
/// <see cref="WorkerPool.Run"/> issued from that thread adds its wall time to the entry of its job type (a GEMM's
/// packing and tiles, attention, norms, the optimiser…). Wall time on the dispatching thread between dispatches is
/// the serial rest. For benchmarks (<c>needle bench train</c> prints it); nothing is recorded while none is attached.
/// </summary>
public sealed class DispatchProfile
{
    [ThreadStatic] private static DispatchProfile? _current;
    private readonly Dictionary<Type, Entry> _entries = [];

    /// <summary>One op kind: how many dispatches, how many items in all, and the wall time they took.</summary>
    public sealed record Entry(string Job, long Dispatches, long Items, long Ticks)
    {
        public double Seconds => Ticks / (double)Stopwatch.Frequency;
    }

    internal static DispatchProfile? Current => _current;

    /// <summary>Records dispatches issued from the calling thread until the returned scope is disposed.</summary>
    public Scope Attach()
    {
        var previous = _current;
        _current = this;
        return new Scope(previous);
    }

    internal void Add(Type job, int items, long ticks)
    {
        var e = _entries.TryGetValue(job, out var old) ? old : new Entry(Name(job), 0, 0, 0);
        _entries[job] = e with { Dispatches = e.Dispatches + 1, Items = e.Items + items, Ticks = e.Ticks + ticks };
    }

    /// <summary>The entries, largest time first.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries.Values.OrderByDescending(e => e.Ticks)];

    private static string Name(Type t) => t.DeclaringType is { } outer ? $"{outer.Name}.{t.Name}" : t.Name;

    public readonly struct Scope(DispatchProfile? previous) : IDisposable
    {
        public void Dispose() => _current = previous;
    }
}

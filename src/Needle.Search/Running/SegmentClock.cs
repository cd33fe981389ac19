using System.Diagnostics;

namespace Needle.Search.Running;

/// <summary>
/// Splits a segment's cost into training and evaluation, in CPU seconds of the running thread where the platform
/// reports them (<see cref="ThreadCpuTime"/>), wall seconds otherwise. Must be used from one thread; disabled (a race, which needs no costs), it only runs the actions.
/// </summary>
internal sealed class SegmentClock(bool enabled)
{
    public bool CpuTime { get; } = ThreadCpuTime.Available;
    public double TrainSeconds { get; private set; }
    public double EvalSeconds { get; private set; }

    private double? _trainStart;

    /// <summary>Starts timing a training step (the trainer runs it between this and <see cref="EndTrain"/>).</summary>
    public void BeginTrain() => _trainStart = enabled ? Now() : null;

    public void EndTrain()
    {
        if (_trainStart is { } start) TrainSeconds += Now() - start;
        _trainStart = null;
    }

    private double Now() => CpuTime && ThreadCpuTime.Now() is { } cpu ? cpu : Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;

    public T Evaluate<T>(Func<T> evaluate)
    {
        T result = default!;
        EvalSeconds += Measure(() => result = evaluate());
        return result;
    }

    private double Measure(Action action)
    {
        if (!enabled)
        {
            action();
            return 0;
        }
        if (CpuTime && ThreadCpuTime.Now() is { } before)
        {
            action();
            return (ThreadCpuTime.Now() ?? before) - before;
        }
        var wall = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(wall).TotalSeconds;
    }
}

namespace Needle.Training.Kernels;

/// <summary>
/// Work split into <c>count</c> independent items. Each item must compute the same bits whichever thread runs it,
/// so results never depend on the thread count or on timing (no cross-item reductions inside a job).
/// Jobs are reusable objects with mutable fields, so dispatching one allocates nothing.
/// </summary>
public interface IRangeJob
{
    /// <summary>Runs items [start, end).</summary>
    void Execute(int start, int end);
}

using System.Globalization;

namespace Needle.Search.Running;

/// <summary>
/// CPU time consumed by the calling thread, in seconds — what a trial costs on a shared, loaded machine, where wall
/// time measures the other tenants as much as the trial. Linux: the first field of /proc/thread-self/schedstat
/// (nanoseconds on a CPU). Elsewhere, null (callers fall back to wall time and say so).
/// </summary>
public static class ThreadCpuTime
{
    private const string SchedStat = "/proc/thread-self/schedstat";

    /// <summary>True where per-thread CPU time can be read.</summary>
    public static bool Available { get; } = Now() is not null;

    /// <summary>Seconds of CPU the calling thread has used, or null when the platform does not say.</summary>
    public static double? Now()
    {
        try
        {
            var text = File.ReadAllText(SchedStat);
            var first = text.AsSpan(0, text.IndexOf(' ') is var i and > 0 ? i : text.Length);
            return long.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ns) ? ns / 1e9 : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }
}

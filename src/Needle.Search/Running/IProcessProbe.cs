using System.Diagnostics;

namespace Needle.Search.Running;

/// <summary>Tells whether the process that owned a session is still alive (on this host).</summary>
public interface IProcessProbe
{
    /// <summary>This process's identity, recorded with its session.</summary>
    (string Host, int Pid, DateTimeOffset Start) Current { get; }

    /// <summary>True when process <paramref name="pid"/> started at <paramref name="start"/> still runs here.</summary>
    bool IsAlive(int pid, DateTimeOffset start);
}

/// <summary>The operating system's view. The start time guards against a recycled pid.</summary>
public sealed class OsProcessProbe : IProcessProbe
{
    public (string Host, int Pid, DateTimeOffset Start) Current
    {
        get
        {
            using var me = Process.GetCurrentProcess();
            return (Environment.MachineName, me.Id, new DateTimeOffset(me.StartTime.ToUniversalTime(), TimeSpan.Zero));
        }
    }

    public bool IsAlive(int pid, DateTimeOffset start)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            if (p.HasExited) return false;
            var started = new DateTimeOffset(p.StartTime.ToUniversalTime(), TimeSpan.Zero);
            return Math.Abs((started - start).TotalSeconds) < 1;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
        catch (InvalidOperationException)
        {
            return false; // exited while we looked
        }
    }
}

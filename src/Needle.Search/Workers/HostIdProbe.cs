using Needle.Search.Running;

namespace Needle.Search.Workers;

/// <summary>
/// <c>--host-id</c>: the name this worker's sessions carry instead of the machine name. Workers with the same host id
/// are checked by pid (a dead process is requeued at once); workers on other host ids only by heartbeat age.
/// </summary>
public sealed class HostIdProbe(IProcessProbe os, string hostId) : IProcessProbe
{
    public (string Host, int Pid, DateTimeOffset Start) Current => (hostId, os.Current.Pid, os.Current.Start);

    public bool IsAlive(int pid, DateTimeOffset start) => os.IsAlive(pid, start);
}

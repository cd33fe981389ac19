using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// Finds trials left Running by a process that is gone, so a resumed race requeues them from their last checkpoint
/// instead of leaving them stuck (Optuna's heartbeat idea, plus a liveness check for the common single-host case).
/// A Running trial is stale when its owner session has ended, when the owner ran on this host and its process is no
/// longer alive (pid and start time), or when the owner's heartbeat is older than <paramref name="grace"/>
/// (a worker on another host that stopped beating).
/// </summary>
public sealed class StaleTrialDetector(IStudyStorage storage, IProcessProbe probe, TimeProvider time, TimeSpan grace)
{
    /// <summary>The stale Running trials of <paramref name="studyId"/> (never those owned by <paramref name="mySession"/>).</summary>
    public IReadOnlyList<TrialRecord> FindStale(long studyId, long? mySession = null)
    {
        var now = time.GetUtcNow();
        var host = probe.Current.Host;
        var stale = new List<TrialRecord>();
        foreach (var trial in storage.GetTrials(studyId).Where(t => t.State == TrialState.Running))
        {
            if (trial.OwnerSession == mySession && mySession is not null) continue;
            var owner = trial.OwnerSession is { } id ? storage.GetSession(id) : null;
            if (owner is null || owner.EndedAt is not null) { stale.Add(trial); continue; }
            if (owner.Host == host && !probe.IsAlive(owner.Pid, owner.ProcessStart)) { stale.Add(trial); continue; }
            var lastBeat = trial.HeartbeatAt is { } hb && hb > owner.HeartbeatAt ? hb : owner.HeartbeatAt;
            if (now - lastBeat > grace) stale.Add(trial);
        }
        return stale;
    }

    /// <summary>
    /// Requeues every stale trial (Running → Waiting, resuming from its checkpoint); returns those requeued here.
    /// Compare-and-set on (owner, heartbeat): when several workers see one stale trial, one requeues it.
    /// </summary>
    public IReadOnlyList<TrialRecord> Recover(long studyId, long? mySession = null) =>
        FindStale(studyId, mySession)
            .Where(t => t.OwnerSession is not { } owner
                ? Requeue(t)
                : storage.TryRequeue(t.Id, owner, t.HeartbeatAt, time.GetUtcNow()))
            .ToList();

    // A Running trial without an owner (written by an older needle): plain requeue.
    private bool Requeue(TrialRecord t)
    {
        storage.SetTrialState(t.Id, TrialState.Waiting, time.GetUtcNow());
        return true;
    }
}

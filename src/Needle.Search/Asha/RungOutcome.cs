namespace Needle.Search.Asha;

/// <summary>What ASHA decided for a trial that reached a rung.</summary>
public enum RungOutcome
{
    /// <summary>In the top 1/η of the results recorded at the rung so far: continue to the next rung.</summary>
    Promote,

    /// <summary>Outside the top 1/η: stop here (its checkpoint is kept).</summary>
    Stop,

    /// <summary>The rung is the ladder's last: the trial is done.</summary>
    Complete,
}

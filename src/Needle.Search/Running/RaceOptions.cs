using Needle.Core.Rungs;

namespace Needle.Search.Running;

/// <summary>How a race runs.</summary>
/// <param name="Parallelism">Trials running at once (default on the command line: the number of cores).</param>
/// <param name="ReportEvery">Report cadence in steps; must divide every rung so a report lands on each rung.</param>
/// <param name="CheckpointDirectory">Where runners write checkpoints (beside the study file by default).</param>
/// <param name="BudgetSteps">Training steps the whole study may spend: counted across resumes and across every worker on
/// the study (re-read from the study before each segment starts); null = unbounded.</param>
/// <param name="StaleAfter">Heartbeat age after which another host's Running trial is considered abandoned.</param>
/// <param name="HeartbeatEvery">How often this session's heartbeat is written.</param>
/// <param name="HuntEveryReports">Check running seeds for divergence every this many reports (null = no live hunt).</param>
/// <param name="SeedRules">Thresholds of the seed states (the plan's by default).</param>
/// <param name="PeerPoll">Worker mode (one of many processes on a study): with nothing to claim, look again this often
/// while peers still run trials, instead of ending. Null = the race ends when nothing here can run.</param>
/// <param name="HoldAtRungs">The seed hunt's mode: every trial stops at each non-final rung (recorded Stop with ASHA's
/// rank; state Pruned) so the plan's rung action can judge the whole cohort and re-admit the ones it keeps.</param>
/// <param name="Veto">A vector's second opinion after ASHA at each rung (V4's surrogate): it may stop a promoted trial.</param>
public sealed record RaceOptions(
    int Parallelism, int ReportEvery, string CheckpointDirectory, long? BudgetSteps = null,
    TimeSpan? StaleAfter = null, TimeSpan? HeartbeatEvery = null, int? HuntEveryReports = null,
    Needle.Search.Seeds.SeedStateRules? SeedRules = null, TimeSpan? PeerPoll = null, bool HoldAtRungs = false, IRungVeto? Veto = null)
{
    public TimeSpan StaleGrace => StaleAfter ?? TimeSpan.FromMinutes(2);
    public TimeSpan HeartbeatInterval => HeartbeatEvery ?? TimeSpan.FromSeconds(10);

    /// <summary>Throws with a message naming the bad property when these options cannot run on <paramref name="ladder"/>.</summary>
    public void Validate(RungLadder ladder)
    {
        if (Parallelism < 1) throw new ArgumentException($"Parallelism is {Parallelism}; run at least 1 trial at a time");
        if (ReportEvery < 1) throw new ArgumentException($"ReportEvery is {ReportEvery}; it must be a positive step count");
        if (HuntEveryReports is < 1) throw new ArgumentException($"HuntEveryReports is {HuntEveryReports}; it must be a positive number of reports");
        if (BudgetSteps is < 1) throw new ArgumentException($"BudgetSteps is {BudgetSteps}; it must be positive");
        var bad = ladder.Steps.Where(r => r % ReportEvery != 0).ToArray();
        if (bad.Length > 0)
            throw new ArgumentException(
                $"ReportEvery {ReportEvery} does not divide rung(s) {string.Join(", ", bad)} of ladder {ladder}; " +
                "choose a cadence that divides every rung (e.g. 10 or 100), so each rung has a report to judge");
    }
}

using Needle.Core.Invariants;
using Needle.Core.Rungs;

namespace Needle.Search.Asha;

/// <summary>
/// Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter Tuning"), in the
/// stop-or-continue form of Ray Tune and Optuna: when a trial reaches a rung, it continues iff its result is among
/// the best max(1, ⌊n/η⌋) of the n results recorded at that rung of its bracket so far (lower BPB is better).
/// Because at least one is always kept, the best result at a rung is always promoted (INV-5): the first arrival
/// at a rung always continues, and so does any later arrival that beats everything recorded before it.
/// Brackets (Hyperband on top) are identified by their entry rung index; each bracket's rungs are compared only
/// within the bracket. The scheduler is pure: no clock, no threads, no I/O; its state is the list of results,
/// which the study stores, so a resumed race rebuilds it exactly with <see cref="Restore"/>.
/// </summary>
[Invariant("INV-5")]
public sealed class AshaScheduler
{
    private readonly Dictionary<(int Bracket, long Rung), List<RungResult>> _results = new();

    /// <summary>A scheduler over <paramref name="ladder"/>.</summary>
    public AshaScheduler(RungLadder ladder) => Ladder = ladder ?? throw new ArgumentNullException(nameof(ladder));

    /// <summary>The rungs and η.</summary>
    public RungLadder Ladder { get; }

    /// <summary>max(1, ⌊n/η⌋): how many of n results at a rung are promoted. Never 0, so the champion always goes on.</summary>
    public static int KeepCount(int competitors, int eta) => Math.Max(1, competitors / eta);

    /// <summary>
    /// Records <paramref name="value"/> for <paramref name="trialId"/> at <paramref name="rungStep"/> and decides.
    /// A non-finite value ranks last and is never promoted (a NaN loss is not a result).
    /// </summary>
    public RungDecision Report(long trialId, int bracket, long rungStep, double value)
    {
        var rungIndex = Ladder.IndexOf(rungStep);
        if (rungIndex < 0)
            throw new ArgumentException($"step {rungStep} is not a rung of the ladder {Ladder}", nameof(rungStep));
        if (bracket < 0 || bracket > rungIndex)
            throw new ArgumentException($"bracket {bracket} enters the ladder after rung {rungIndex} ({rungStep})", nameof(bracket));
        var list = ResultsList(bracket, rungStep);
        if (list.Any(r => r.TrialId == trialId))
            throw new InvalidOperationException($"trial {trialId} already has a result at rung {rungStep}: a rung is decided once");
        list.Add(new RungResult(trialId, bracket, rungStep, value));

        var (rank, keep) = RankAndKeep(value, trialId, list);
        RungOutcome outcome;
        if (rungIndex == Ladder.Count - 1) outcome = RungOutcome.Complete;
        else outcome = double.IsFinite(value) && rank < keep ? RungOutcome.Promote : RungOutcome.Stop;
        return new RungDecision(trialId, bracket, rungStep, value, outcome, rank, list.Count, keep);
    }

    /// <summary>Re-adds a stored result without deciding (the decision is already in the study).</summary>
    public void Restore(RungResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var list = ResultsList(result.Bracket, result.RungStep);
        if (list.All(r => r.TrialId != result.TrialId)) list.Add(result);
    }

    /// <summary>The results recorded at a rung of a bracket, in arrival order.</summary>
    public IReadOnlyList<RungResult> ResultsAt(int bracket, long rungStep) =>
        _results.TryGetValue((bracket, rungStep), out var list) ? list : [];

    /// <summary>
    /// Would <paramref name="trialId"/> be in the top 1/η of <em>all</em> results now recorded at the rung? (Used by
    /// <c>needle hunt prune</c>, which judges a rung after the fact rather than at arrival.)
    /// </summary>
    public bool IsInTopNow(long trialId, int bracket, long rungStep)
    {
        var list = ResultsAt(bracket, rungStep);
        var mine = list.FirstOrDefault(r => r.TrialId == trialId)
                   ?? throw new ArgumentException($"trial {trialId} has no result at rung {rungStep} of bracket {bracket}");
        var (rank, keep) = RankAndKeep(mine.Value, trialId, list);
        return double.IsFinite(mine.Value) && rank < keep;
    }

    private (int Rank, int Keep) RankAndKeep(double value, long trialId, IReadOnlyList<RungResult> list)
    {
        // Rank = number of results strictly better; ties share the better rank, so tied champions are all kept.
        var rank = double.IsFinite(value)
            ? list.Count(r => r.TrialId != trialId && double.IsFinite(r.Value) && r.Value < value)
            : list.Count - 1;
        return (rank, KeepCount(list.Count, Ladder.Eta));
    }

    private List<RungResult> ResultsList(int bracket, long rungStep)
    {
        if (!_results.TryGetValue((bracket, rungStep), out var list))
        {
            list = [];
            _results[(bracket, rungStep)] = list;
        }
        return list;
    }
}

using Needle.Core.Rungs;
using Needle.Search.Accelerators.Surrogate;
using Needle.Search.Asha;
using Needle.Search.History;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Replay;

/// <summary>One repetition of a strategy on the history: its incumbent over simulated time, and when it reached the target.</summary>
/// <param name="Strategy">The strategy's name.</param>
/// <param name="Repetition">The repetition's index r (its seed).</param>
/// <param name="TotalSeconds">Simulated seconds until the repetition's race finished.</param>
/// <param name="TimeToTarget">Simulated seconds until the incumbent was within ε of the table's best final BPB; null if never.</param>
/// <param name="Regret">(simulated seconds, incumbent − best final BPB) after each rung reached.</param>
/// <param name="Decisions">Every rung decision, in order: (config id, rung, outcome) — what the race decided.</param>
public sealed record ReplayRepetition(
    string Strategy, int Repetition, double? TimeToTarget, double TotalSeconds, IReadOnlyList<(double Seconds, double Regret)> Regret,
    IReadOnlyList<(string ConfigId, long Rung, string Outcome)> Decisions)
{
    /// <summary>Simulated seconds until the race first promoted a trial past a rung (H's falsifier 1); null if it never did.</summary>
    public double? FirstPromotionSeconds { get; init; }
}

/// <summary>
/// Runs one repetition: a fresh study (real SQLite storage), the real <see cref="RaceRunner"/> over a
/// <see cref="ReplayTrialRunner"/>, and the strategy's components starting configurations as workers free up.
/// </summary>
public sealed class ReplayDriver : IRaceObserver
{
    private readonly HistoryTable _table;
    private readonly SearchStrategy _strategy;
    private readonly int _workers;
    private readonly Random _random;
    private readonly List<HistoryRecord> _unstarted;
    private readonly Dictionary<string, HistoryRecord> _byCanon;
    private readonly ReplayTrialRunner _runner;
    private readonly SimulatedClock _clock = new();
    private readonly RungLadder _ladder;
    private readonly IReadOnlyList<HyperbandBracket> _brackets;
    private readonly View _view;
    private readonly Dictionary<string, long> _trialIds = new(StringComparer.Ordinal);
    private IStudyStorage? _storage;
    private StudyRecord? _study;

    public ReplayDriver(HistoryTable table, SearchStrategy strategy, int workers, int seed)
    {
        _table = table ?? throw new ArgumentNullException(nameof(table));
        _strategy = strategy ?? throw new ArgumentNullException(nameof(strategy));
        _workers = workers;
        _random = new Random(seed);
        _unstarted = [.. Replayable(table)];
        if (strategy.Name == "grid") _random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_unstarted));
        _byCanon = _unstarted.ToDictionary(r => r.Canon);
        _runner = new ReplayTrialRunner(_byCanon, _clock);
        _ladder = strategy.Pruner.Ladder(RungLadder.Explicit(table.Manifest.Ladder, table.Manifest.Eta));
        _brackets = HyperbandBrackets.For(_ladder);
        _view = new View(this);
    }

    /// <summary>The configurations a replay races: one trial per config (its first seed), finished in the history.</summary>
    public static IReadOnlyList<HistoryRecord> Replayable(HistoryTable table) =>
        [.. table.Records.Where(r => r.State is "Completed" or "Diverged").GroupBy(r => r.ConfigId).Select(g => g.MinBy(r => r.Seed)!).OrderBy(r => r.ConfigId, StringComparer.Ordinal)];

    /// <summary>The best whole-split BPB at the horizon among the replayed configurations.</summary>
    public static double BestFinal(HistoryTable table) =>
        Replayable(table).Select(r => r.AtRung(table.Horizon)).Where(v => v is not null).Min()!.Value;

    public async Task<ReplayRepetition> RunAsync(string studyPath, int repetition, double epsilon)
    {
        using var storage = new SqliteStudyStorage(studyPath);
        _storage = storage;
        _study = storage.CreateStudy(new StudyDefinition($"replay-{_strategy.Name}-{repetition}", _ladder, (ulong)repetition, "{}"), _clock.GetUtcNow());
        TopUp();
        IRungVeto? veto = _strategy.Surrogate is { } cut
            ? new SurrogateRungPruner((trial, _) => cut.Surrogate.PredictFinal(_byCanon[trial.Spec.CanonName], _view), cut.Rung, cut.Threshold)
            : null;
        var options = new RaceOptions(_workers, (int)_table.Manifest.ReportEvery, Path.GetDirectoryName(studyPath)!, HeartbeatEvery: TimeSpan.FromDays(1), Veto: veto);
        await new RaceRunner(storage, _study, _runner, options, _clock, new ReplayProbe(), this).RunAsync().ConfigureAwait(false);

        var best = BestFinal(_table);
        var regret = new List<(double, double)>();
        double? reached = null;
        long top = 0;
        var atTop = double.PositiveInfinity;
        foreach (var (seconds, _, rung, whole) in _runner.RungEvents)
        {
            if (rung > top) (top, atTop) = (rung, whole);
            else if (rung == top) atTop = Math.Min(atTop, whole);
            regret.Add((seconds, atTop - best));
            if (reached is null && atTop <= best + epsilon) reached = seconds;
        }
        var names = storage.GetTrials(_study.Id).ToDictionary(t => t.Id, t => _byCanon[t.Spec.CanonName].ConfigId);
        var stored = storage.GetRungDecisions(_study.Id);
        var decisions = stored.Select(d => (names[d.TrialId], d.RungStep, d.Outcome.ToString())).ToList();
        // Decisions are stamped by the simulated clock, which started with the study.
        var firstPromotion = stored.Where(d => d.Outcome == RungOutcome.Promote).Select(d => (d.DecidedAt - _study.CreatedAt).TotalSeconds)
            .DefaultIfEmpty(double.NaN).Min();
        return new ReplayRepetition(_strategy.Name, repetition, reached, _clock.Seconds, regret, decisions)
        {
            FirstPromotionSeconds = double.IsNaN(firstPromotion) ? null : firstPromotion,
        };
    }

    public void AwaitingSegments(int inFlight) => _runner.AwaitingSegments(inFlight);

    public void SegmentEnded(TrialRecord trial, SegmentOutcome outcome, TrialState newState) => TopUp();

    /// <summary>Starts new configurations so every free worker has a Waiting trial (promotions count: ASHA takes them first).</summary>
    private void TopUp()
    {
        var trials = _storage!.GetTrials(_study!.Id);
        var free = _workers - trials.Count(t => t.State == TrialState.Running) - trials.Count(t => t.State == TrialState.Waiting);
        while (free > 0 && NextConfig() is { } next)
        {
            var added = _storage.AddTrial(_study.Id, new TrialSpec(next.Canon, next.Seed, next.Config), Bracket(), _clock.GetUtcNow());
            _trialIds[next.ConfigId] = added.Id;
            free--;
        }
    }

    private HistoryRecord? NextConfig()
    {
        while (_unstarted.Count > 0)
        {
            HistoryRecord pick;
            if (_strategy.Name == "grid") pick = _unstarted[0];
            else
            {
                var family = _strategy.Bandit.ChooseFamily(_view, _random);
                var pool = family is null ? _unstarted : _unstarted.Where(r => r.Family == family).ToList();
                if (pool.Count == 0) pool = _unstarted;
                pick = _strategy.Sampler.Next(pool, _view, _random);
            }
            _unstarted.Remove(pick);
            if (_strategy.Filter.Admit(pick, _view)) return pick;
        }
        return null;
    }

    private int Bracket()
    {
        if (!_strategy.Pruner.Hyperband) return 0;
        var pick = (long)(_random.NextDouble() * _brackets.Sum(b => b.Trials));
        foreach (var b in _brackets)
        {
            if (pick < b.Trials) return b.EntryRungIndex;
            pick -= b.Trials;
        }
        return 0;
    }

    private sealed class View(ReplayDriver driver) : IStrategyView
    {
        public IReadOnlyList<HistoryRecord> Unstarted => driver._unstarted;

        public IReadOnlyList<(long Step, double Bpb)> Observed(string configId)
        {
            // By the id recorded when the trial was added: samplers ask for every started curve at each pick, and
            // listing the study's trials for each would make a replay quadratic in the table's size.
            return driver._trialIds.TryGetValue(configId, out var id) ? [.. driver._storage!.GetCurve(id).Select(p => (p.Step, p.Bpb))] : [];
        }
    }

    private sealed class ReplayProbe : IProcessProbe
    {
        public (string Host, int Pid, DateTimeOffset Start) Current => ("replay", 1, DateTimeOffset.UnixEpoch);
        public bool IsAlive(int pid, DateTimeOffset start) => true;
    }
}

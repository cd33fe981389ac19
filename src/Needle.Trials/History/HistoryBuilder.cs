using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Needle.Core.Git;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Training.Data;

namespace Needle.Search.History;

/// <summary>
/// <c>needle history build</c>: trains every (config, seed) of a <see cref="HistorySpace"/> to the last rung — no
/// pruning: the history is the data the strategies are later replayed on — with the engine runner, a report every
/// <c>reportEvery</c> steps on the study's common validation sample, the whole split and the segment's CPU cost at
/// each rung (<see cref="RungMeasurement"/>), and a checkpoint at each rung. The study file is the only state:
/// trials are unique by canon name (a second build adds nothing), a trial left Running by a dead process (kill -9)
/// is requeued from its last rung checkpoint, a finished trial is never trained again. Earlier rung checkpoints are
/// deleted once the next one is safe, and the last one when the trial ends (the history keeps curves, not weights).
/// </summary>
public sealed class HistoryBuilder(
    IStudyStorage storage, TinyShakespeare corpus, HistorySpace space, string checkpointDirectory, int parallelism,
    TimeProvider time, TextWriter log, IProcessProbe? probe = null)
{
    private const string CpuKey = "history/cpu";
    private readonly IProcessProbe _probe = probe ?? new OsProcessProbe();
    private readonly Lock _claimGate = new();
    private readonly Lock _logGate = new();
    private StudyRecord? _study;
    private long _session;
    private int _finishedHere;
    private readonly Stopwatch _elapsed = new();

    /// <summary>Creates (or reopens) the study and adds the space's trials; idempotent.</summary>
    public StudyRecord Prepare()
    {
        var now = time.GetUtcNow();
        var study = storage.FindStudy(space.Name);
        if (study is null)
            study = storage.CreateStudy(new StudyDefinition(space.Name, space.Ladder, space.MasterSeed, space.Json), now);
        else if (study.SpaceJson != space.Json)
            throw new InvalidOperationException(
                $"{storage.GetType().Name}: study '{space.Name}' was built from a different space file (its hash differs); " +
                "resume with the same space, or give a new study file");
        foreach (var (_, spec) in space.Trials()) storage.AddTrial(study.Id, spec, 0, now);
        return _study = study;
    }

    /// <summary>Trains until every trial has ended or <paramref name="cancellation"/> fires; returns the trials by state.</summary>
    public async Task<IReadOnlyDictionary<TrialState, int>> RunAsync(CancellationToken cancellation)
    {
        var study = _study ?? Prepare();
        var me = _probe.Current;
        _session = storage.OpenSession(study.Id, me.Host, me.Pid, me.Start, time.GetUtcNow()).Id;
        var recovered = new StaleTrialDetector(storage, _probe, time, TimeSpan.FromMinutes(2)).Recover(study.Id, _session);
        var runner = new EngineTrialRunner(corpus, space.Horizon, ValidationSample.ForStudy(study.MasterSeed));
        var all = storage.GetTrials(study.Id);
        Log($"history '{space.Name}': {all.Count} trials, {all.Count(Finished)} already finished, {recovered.Count} requeued after a dead process; " +
            $"{parallelism} at a time, ladder {space.Ladder}, report every {space.ReportEvery}");
        _elapsed.Start();
        using var beat = new CancellationTokenSource();
        var heartbeat = Heartbeat(beat.Token);
        try
        {
            var workers = Enumerable.Range(0, parallelism).Select(_ => Task.Run(() => Work(runner, cancellation), CancellationToken.None)).ToArray();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        finally
        {
            await beat.CancelAsync().ConfigureAwait(false);
            await heartbeat.ConfigureAwait(false);
            RecordCpu();
            storage.CloseSession(_session, time.GetUtcNow());
        }
        return storage.GetTrials(study.Id).GroupBy(t => t.State).ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>CPU seconds every session of this study's builds has used, by session (the manifest's total).</summary>
    public static IReadOnlyDictionary<string, double> CpuBySession(IStudyStorage storage, long studyId) =>
        storage.GetSchedulerState(studyId, CpuKey) is { } json ? JsonSerializer.Deserialize<Dictionary<string, double>>(json)! : [];

    private static bool Finished(TrialRecord t) => t.State is TrialState.Completed or TrialState.Diverged or TrialState.Failed;

    private async Task Work(EngineTrialRunner runner, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested && Claim() is { } trial)
            await Train(runner, trial, cancellation).ConfigureAwait(false);
    }

    private TrialRecord? Claim()
    {
        lock (_claimGate)
        {
            foreach (var t in storage.GetTrials(_study!.Id).Where(t => t.State == TrialState.Waiting))
                if (storage.TryClaimTrial(t.Id, _session, time.GetUtcNow())) return storage.GetTrial(t.Id);
            return null;
        }
    }

    private async Task Train(EngineTrialRunner runner, TrialRecord trial, CancellationToken cancellation)
    {
        var current = trial;
        while (true)
        {
            var from = current.Checkpoint?.Step ?? 0;
            var until = space.Ladder.Steps.Where(s => s > from).Select(s => (long?)s).FirstOrDefault();
            if (until is null)
            {
                End(current, TrialState.Completed, null);
                return;
            }
            var sink = new HistorySink(storage, current.Id, time);
            var segment = new TrialSegment(current.Id, current.Spec, current.Checkpoint, until.Value, space.ReportEvery, checkpointDirectory);
            var outcome = await runner.RunSegmentAsync(segment, sink, cancellation).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var (steps, train, eval, cpu) = sink.Cost;
            switch (outcome.Status)
            {
                case SegmentStatus.ReachedTarget when outcome.Checkpoint is { } cp && sink.WholeSplitBpb is { } whole:
                    new RungMeasurement(cp.Step, whole, steps, train, eval, cpu).Save(storage, _study!.Id, current.Id, now);
                    storage.SaveCheckpoint(current.Id, cp, now);
                    Delete(current.Checkpoint);
                    current = storage.GetTrial(current.Id);
                    break;
                case SegmentStatus.Diverged:
                    new RungMeasurement(until.Value, null, steps, train, eval, cpu).Save(storage, _study!.Id, current.Id, now);
                    End(current, TrialState.Diverged, outcome.Error);
                    return;
                case SegmentStatus.Cancelled:
                    if (outcome.Checkpoint is { } kcp && kcp.Step > from)
                    {
                        // A stop between rungs: the history resumes from the last rung (its measurements are per rung).
                        Delete(kcp);
                    }
                    storage.SetTrialState(current.Id, TrialState.Waiting, now);
                    return;
                default:
                    End(current, TrialState.Failed, outcome.Error ?? $"segment to {until} ended {outcome.Status} without its whole-split figure");
                    return;
            }
        }
    }

    /// <summary>The commit this code was built from (<see cref="BuildCommit"/>).</summary>
    public static string Commit => BuildCommit.Current.ShaOrUnknown;

    /// <summary>Key of the commit that finished a trial (the export's <c>commit</c> field).</summary>
    public static string CommitKey(long trialId) => string.Create(CultureInfo.InvariantCulture, $"history/commit/{trialId}");

    private void End(TrialRecord trial, TrialState state, string? error)
    {
        storage.SetSchedulerState(_study!.Id, CommitKey(trial.Id), JsonSerializer.Serialize(Commit), time.GetUtcNow());
        storage.SetTrialState(trial.Id, state, time.GetUtcNow(), error);
        Delete(storage.GetTrial(trial.Id).Checkpoint);
        var done = Interlocked.Increment(ref _finishedHere);
        var trials = storage.GetTrials(_study!.Id);
        var finished = trials.Count(Finished);
        var remaining = trials.Count - finished;
        var eta = TimeSpan.FromSeconds(_elapsed.Elapsed.TotalSeconds / done * remaining);
        var curve = storage.GetCurve(trial.Id);
        var cost = RungMeasurement.Load(storage, _study.Id, trial.Id, space.Ladder.Steps)
            .Sum(m => m.TrainSeconds + m.EvalSeconds);
        Log(string.Create(CultureInfo.InvariantCulture,
            $"[{finished}/{trials.Count}] {trial.Spec.CanonName} {state}{(error is null ? "" : " (" + error + ")")} last BPB {(curve.Count > 0 ? curve[^1].Bpb : double.NaN):0.000} " +
            $"cpu {cost:0.0}s | elapsed {_elapsed.Elapsed:hh\\:mm\\:ss}, ETA {eta:hh\\:mm\\:ss} at this session's rate"));
    }

    private static void Delete(TrialCheckpoint? checkpoint)
    {
        if (checkpoint is null) return;
        try
        {
            if (Directory.Exists(checkpoint.Location)) Directory.Delete(checkpoint.Location, recursive: true);
        }
        catch (IOException)
        {
            // A leftover checkpoint costs disk, not correctness.
        }
    }

    private async Task Heartbeat(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                storage.Heartbeat(_session, time.GetUtcNow());
                RecordCpu();
            }
        }
        catch (OperationCanceledException)
        {
            // stopped with the build
        }
    }

    /// <summary>This process's CPU seconds so far, under its session (so kill -9 loses at most one beat's worth).</summary>
    private void RecordCpu()
    {
        lock (_claimGate)
        {
            var map = CpuBySession(storage, _study!.Id).ToDictionary();
            map[_session.ToString(CultureInfo.InvariantCulture)] = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            storage.SetSchedulerState(_study.Id, CpuKey, JsonSerializer.Serialize(map), time.GetUtcNow());
        }
    }

    private void Log(string line)
    {
        lock (_logGate)
        {
            log.WriteLine($"{time.GetUtcNow():yyyy-MM-ddTHH:mm:ssZ} {line}");
            log.Flush();
        }
    }
}

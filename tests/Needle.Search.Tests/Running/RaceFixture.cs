using Needle.Core.Rungs;
using Needle.Search.Asha;
using Needle.Search.Running;
using Needle.Search.Space;
using Needle.Search.Study;

namespace Needle.Search.Tests.Running;

/// <summary>A study on a real SQLite file in a temp folder, planned from a space, plus the race's collaborators.</summary>
public sealed class RaceFixture : IDisposable
{
    public const string DefaultSpace = """
        { "name": "sim", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 101, "seeds": [42, 43, 44],
          "configs": [ { "synthetic.binf": 1.70, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 1.90, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 2.10, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 2.30, "synthetic.a": 4, "synthetic.p": 0.5 } ] }
        """;

    public RaceFixture(string? space = null, RungLadder? ladder = null, ulong masterSeed = 42)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("needle-race-").FullName;
        Storage = new SqliteStudyStorage(Path.Combine(Directory, "study.db"));
        var parsed = RaceSpace.Parse(space ?? DefaultSpace, "test-space.json");
        Study = Storage.CreateStudy(new StudyDefinition(parsed.Name, ladder ?? RungLadder.Geometric(100, 3, 4), masterSeed, space ?? DefaultSpace), Time.GetUtcNow());
        foreach (var (spec, bracket) in StudyPlanner.Plan(parsed, Study.Ladder, masterSeed)) Storage.AddTrial(Study.Id, spec, bracket, Time.GetUtcNow());
    }

    public string Directory { get; }
    public SqliteStudyStorage Storage { get; }
    public StudyRecord Study { get; }
    public ManualTimeProvider Time { get; } = new();
    public FakeProbe Probe { get; } = new();

    public RaceOptions Options(int parallel = 2, long? budget = null, int reportEvery = 10) =>
        new(parallel, reportEvery, Path.Combine(Directory, "checkpoints"), budget, TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(10));

    public RaceRunner Race(RaceOptions? options = null, IRaceObserver? observer = null, ITrialRunner? runner = null) =>
        new(Storage, Study, runner ?? new SyntheticCurveTrialRunner(Time), options ?? Options(), Time, Probe, observer);

    public IReadOnlyList<(string Canon, long Rung, RungOutcome Outcome, double Value)> Decisions()
    {
        var names = Storage.GetTrials(Study.Id).ToDictionary(t => t.Id, t => t.Spec.CanonName);
        return Storage.GetRungDecisions(Study.Id).Select(d => (names[d.TrialId], d.RungStep, d.Outcome, d.Value)).ToList();
    }

    public void Dispose()
    {
        Storage.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { /* temp dir: best effort */ }
    }

    /// <summary>Process liveness as the test says: this process is ("me", 1); others are alive unless marked dead.</summary>
    public sealed class FakeProbe : IProcessProbe
    {
        public HashSet<int> Dead { get; } = [];
        public (string Host, int Pid, DateTimeOffset Start) Current => ("me", 1, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        public bool IsAlive(int pid, DateTimeOffset start) => !Dead.Contains(pid);
    }

    /// <summary>Records the race's events in order.</summary>
    public sealed class Recorder(Action<Recorder>? onReport = null) : IRaceObserver
    {
        public List<string> Events { get; } = [];
        public int Reports { get; private set; }

        public void SegmentStarted(TrialRecord trial, TrialSegment segment)
        {
            lock (Events) Events.Add($"start {trial.Spec.CanonName} {segment.StartStep}->{segment.UntilStep}");
        }

        public void Reported(TrialRecord trial, long step, double bpb, bool stored)
        {
            lock (Events) Reports++;
            onReport?.Invoke(this);
        }

        public void SegmentEnded(TrialRecord trial, SegmentOutcome outcome, TrialState newState)
        {
            lock (Events) Events.Add($"end {trial.Spec.CanonName} {outcome.ReachedStep} {newState}");
        }
    }
}

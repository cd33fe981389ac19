using Needle.Core.Rungs;
using Needle.Reporting.StudyReports;
using Needle.Search.Running;
using Needle.Search.Space;
using Needle.Search.Study;

namespace Needle.Reporting.Tests.StudyReports;

/// <summary>
/// A real small study made by a real race: a space planned into trials on a SQLite file, raced by
/// <see cref="RaceRunner"/> with the synthetic-curve runner (the scheduler's harness: real rungs, real ASHA decisions,
/// real checkpoints; the curves are power laws with deterministic noise), one trial at a time so the race is
/// deterministic. One config is noisy, one diverges after a good start (the hunt calls it DIVERGING), one rises from the
/// start (no power law fits it): the report has fits, no-fit trials, promotions, prunes and hunt states.
/// </summary>
public sealed class RacedStudy : IDisposable
{
    public const string Space = """
        { "name": "report-demo", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 201, "seeds": [42, 43, 44],
          "configs": [ { "synthetic.binf": 1.70, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "synthetic.binf": 1.95, "synthetic.a": 5, "synthetic.p": 0.4, "synthetic.noise": 0.03 },
                       { "synthetic.binf": 2.20, "synthetic.a": 4, "synthetic.p": 0.5, "synthetic.diverge_after": 15, "synthetic.diverge_slope": 0.02 },
                       { "synthetic.binf": 2.60, "synthetic.a": 0.5, "synthetic.p": 0.5, "synthetic.diverge_after": 1, "synthetic.diverge_slope": 0.01 } ] }
        """;

    /// <param name="space">The space's JSON (default <see cref="Space"/>).</param>
    /// <param name="rewrite">Applied to the planned trials before they are stored, as a race's live vectors do (e.g. V1's proxy width).</param>
    public RacedStudy(string? space = null, Func<TrialSpec, TrialSpec>? rewrite = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("needle-report-").FullName;
        StudyFile = Path.Combine(Directory, "race.db");
        Storage = new SqliteStudyStorage(StudyFile);
        var text = space ?? Space;
        var parsed = RaceSpace.Parse(text, "report-space.json");
        Study = Storage.CreateStudy(new StudyDefinition(parsed.Name, RungLadder.Geometric(60, 3, 3), 42, text), Time.GetUtcNow());
        foreach (var (spec, bracket) in StudyPlanner.Plan(parsed, Study.Ladder, 42)) Storage.AddTrial(Study.Id, rewrite?.Invoke(spec) ?? spec, bracket, Time.GetUtcNow());
        var options = new RaceOptions(1, 5, Path.Combine(Directory, "checkpoints"));
        new RaceRunner(Storage, Study, new SyntheticCurveTrialRunner(Time), options, Time).RunAsync().GetAwaiter().GetResult();
    }

    public string Directory { get; }
    public string StudyFile { get; }
    public SqliteStudyStorage Storage { get; }
    public StudyRecord Study { get; }
    public FixedTime Time { get; } = new();

    /// <summary>The report as the CLI builds it, with the study shown as "race.db" (no temp path in snapshots).</summary>
    public StudyReport Report(GateSection? gate = null, long minimumStep = Leaderboard.GateMinimumStep) =>
        StudyReportReader.Read(Storage, Study, "race.db", gate ?? GateSection.NoLedger, minimumStep);

    public void Dispose()
    {
        Storage.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { /* temp dir: best effort */ }
    }

    /// <summary>A clock that stands still at a fixed instant: the study's timestamps do not depend on when the test ran.</summary>
    public sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    }
}

using Needle.Core.Rungs;
using Needle.Search.History;
using Needle.Search.Replay;
using Needle.Search.Running;
using Needle.Search.Study;
using Needle.Search.Tests.History;
using Needle.Search.Tests.Running;

namespace Needle.Search.Tests.Replay;

/// <summary>The replay backend on a tiny real history: it shows nothing unpaid, and ASHA on it decides as a real race does.</summary>
public sealed class ReplayTests
{
    private static async Task<(TinyHistory History, HistoryTable Table)> Built()
    {
        var h = await TinyHistory.BuiltCopy(TestContext.Current.CancellationToken);
        var dir = Path.Combine(h.Directory, "out");
        h.Export(dir);
        return (h, HistoryTable.Load(dir));
    }

    private sealed class Sink : IReportSink
    {
        public List<long> Steps { get; } = [];
        public void Report(long step, double bpb) => Steps.Add(step);
    }

    [Fact]
    public async Task A_segment_shows_nothing_until_it_ends_in_simulated_time_and_costs_its_steps_at_the_measured_rate()
    {
        var (h, table) = await Built();
        using var _ = h;
        var record = table.Records.First(r => r.State == "Completed");
        var clock = new SimulatedClock();
        var runner = new ReplayTrialRunner(new Dictionary<string, HistoryRecord> { [record.Canon] = record }, clock);
        var sink = new Sink();
        var spec = new TrialSpec(record.Canon, record.Seed, record.Config);
        var first = runner.RunSegmentAsync(new TrialSegment(1, spec, null, 20, 10, h.Directory), sink, TestContext.Current.CancellationToken);
        first.IsCompleted.Should().BeFalse();
        sink.Steps.Should().BeEmpty("nothing of a segment is visible before it is paid for");
        runner.AwaitingSegments(1);
        (await first).Status.Should().Be(SegmentStatus.ReachedTarget);
        sink.Steps.Should().Equal(10, 20);
        clock.Seconds.Should().BeApproximately(20 * record.SecondsPerStep, 1e-9);
        var rest = runner.RunSegmentAsync(new TrialSegment(1, spec, (await first).Checkpoint, 60, 10, h.Directory), sink, TestContext.Current.CancellationToken);
        runner.AwaitingSegments(1);
        (await rest).ReachedStep.Should().Be(60);
        clock.Seconds.Should().BeApproximately(60 * record.SecondsPerStep, 1e-9, "continuing from a checkpoint costs only the additional steps");
        sink.Steps.Should().Equal(10, 20, 30, 40, 50, 60);
    }

    [Fact]
    public async Task ASHA_replayed_on_the_history_makes_the_same_decisions_as_a_real_race_of_the_same_trials()
    {
        var (h, table) = await Built();
        using var _ = h;
        var ct = TestContext.Current.CancellationToken;
        var replayDir = Path.Combine(h.Directory, "replay");
        Directory.CreateDirectory(replayDir);
        var replay = await new ReplayDriver(table, SearchStrategy.Asha, 1, 3).RunAsync(Path.Combine(replayDir, "r.db"), 3, 0.02);
        replay.Decisions.Should().NotBeEmpty();

        // The real race: the same trials, in the order the replay started them, trained by the engine on the same study sample.
        List<TrialSpec> order;
        using (var r = new SqliteStudyStorage(Path.Combine(replayDir, "r.db")))
            order = [.. r.GetTrials(r.ListStudies()[0].Id).OrderBy(t => t.Number).Select(t => t.Spec)];
        var racePath = Path.Combine(h.Directory, "race.db");
        using var storage = new SqliteStudyStorage(racePath);
        var study = storage.CreateStudy(new StudyDefinition("real", RungLadder.Explicit([20, 60], 3), h.Space.MasterSeed, "{}"), h.Time.GetUtcNow());
        foreach (var spec in order) storage.AddTrial(study.Id, spec, 0, h.Time.GetUtcNow());
        var engine = new EngineTrialRunner(TinyHistory.Corpus.Value, 60, ValidationSample.ForStudy(h.Space.MasterSeed));
        await new RaceRunner(storage, study, engine, new RaceOptions(1, 10, Path.Combine(h.Directory, "race-ck")), h.Time, new RaceFixture.FakeProbe())
            .RunAsync(ct);
        var ids = table.Records.ToDictionary(r => r.Canon, r => r.ConfigId);
        var names = storage.GetTrials(study.Id).ToDictionary(t => t.Id, t => ids[t.Spec.CanonName]);
        var real = storage.GetRungDecisions(study.Id).Select(d => (names[d.TrialId], d.RungStep, d.Outcome.ToString())).ToList();

        replay.Decisions.Should().Equal(real, "same curves, same ASHA: the replay replaces training and nothing else");
        storage.GetTrials(study.Id).Single(t => names[t.Id] == "H0003").State.Should().Be(TrialState.Diverged);
    }
}

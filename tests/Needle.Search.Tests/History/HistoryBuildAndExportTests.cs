using Needle.Search.History;
using Needle.Search.Study;

namespace Needle.Search.Tests.History;

/// <summary>Build → export → read back, on a tiny real history; and what a damaged export does.</summary>
public sealed class HistoryBuildAndExportTests
{
    [Fact]
    public async Task The_export_round_trips_every_finished_trial_with_its_curve_rungs_cost_and_fold()
    {
        using var h = await TinyHistory.BuiltCopy(TestContext.Current.CancellationToken);
        var states = await h.Build(TestContext.Current.CancellationToken);
        states.Should().Contain(TrialState.Completed, 3).And.Contain(TrialState.Diverged, 1);
        var outDir = Path.Combine(h.Directory, "out");
        var manifest = h.Export(outDir);
        var table = HistoryTable.Load(outDir);

        table.Records.Should().HaveCount(4);
        manifest.Partial.Should().BeFalse();
        manifest.SpaceSha256.Should().Be(h.Space.Sha256);
        using var storage = new SqliteStudyStorage(h.StudyPath);
        foreach (var r in table.Records)
        {
            var trial = storage.GetTrials(storage.ListStudies()[0].Id).Single(t => t.Spec.CanonName == r.Canon);
            r.Curve.Select(p => (p[0], p[1])).Should().Equal(storage.GetCurve(trial.Id).Select(p => ((double)p.Step, p.Bpb)), "exported exactly as stored");
            r.Fold.Should().Be(HistoryConfig.FoldOf(r.ConfigId)).And.BeInRange(0, 4);
            r.Params.Should().BePositive();
        }
        var done = table.Records.Where(r => r.State == "Completed").ToList();
        done.Should().OnlyContain(r => r.RungBpb.Keys.SequenceEqual(new[] { "20", "60" }) && r.LastStep == 60 && r.SecondsPerStep > 0);
        done.Select(r => r.Curve.Count).Should().OnlyContain(n => n == 6, "a report every 10 steps to 60");
        var diverged = table.Records.Single(r => r.State == "Diverged");
        diverged.ConfigId.Should().Be("H0003");
        diverged.Error.Should().Contain("DIVERGED");
        table.Records.Where(r => r.ConfigId == "H0001").Select(r => r.Seed).Should().Equal(1u, 2u);
    }

    [Fact]
    public async Task A_second_build_trains_nothing_and_a_second_export_writes_the_same_bytes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var h = await TinyHistory.BuiltCopy(ct);
        h.Export(Path.Combine(h.Directory, "a"));
        await h.Build(ct);
        h.Log.ToString().Should().Contain("4 trials, 4 already finished");
        h.Export(Path.Combine(h.Directory, "b"));
        File.ReadAllBytes(Path.Combine(h.Directory, "b", HistoryTable.LinesFile))
            .Should().Equal(File.ReadAllBytes(Path.Combine(h.Directory, "a", HistoryTable.LinesFile)));
    }

    [Fact]
    public async Task A_trial_left_Running_by_a_dead_process_is_requeued_and_ends_with_the_same_curve()
    {
        var ct = TestContext.Current.CancellationToken;
        using var clean = await TinyHistory.BuiltCopy(ct);
        using var h = new TinyHistory();
        // A "crashed" build: every trial trained to its first rung, then left Running by a process that is gone.
        using (var storage = new SqliteStudyStorage(h.StudyPath))
        {
            var builder = new HistoryBuilder(storage, TinyHistory.Corpus.Value, h.Space, Path.Combine(h.Directory, "ck"), 1, h.Time, h.Log);
            var study = builder.Prepare();
            var dead = storage.OpenSession(study.Id, "me", 999, h.Time.GetUtcNow(), h.Time.GetUtcNow());
            var first = storage.GetTrials(study.Id)[0];
            storage.TryClaimTrial(first.Id, dead.Id, h.Time.GetUtcNow()).Should().BeTrue();
        }
        var probe = new Needle.Search.Tests.Running.RaceFixture.FakeProbe();
        probe.Dead.Add(999);
        await h.Build(ct, probe);
        h.Log.ToString().Should().Contain("1 requeued after a dead process");
        HistoryTable.Load(Export(h)).Records.Select(r => (r.Canon, string.Join(';', r.Curve.Select(p => p[1]))))
            .Should().Equal(HistoryTable.Load(Export(clean)).Records.Select(r => (r.Canon, string.Join(';', r.Curve.Select(p => p[1])))));

        static string Export(TinyHistory x)
        {
            var dir = Path.Combine(x.Directory, "out");
            x.Export(dir);
            return dir;
        }
    }

    [Fact]
    public async Task A_truncated_or_edited_line_or_a_stale_manifest_is_rejected_naming_file_and_line()
    {
        using var h = await TinyHistory.BuiltCopy(TestContext.Current.CancellationToken);
        var dir = Path.Combine(h.Directory, "out");
        h.Export(dir);
        var path = Path.Combine(dir, HistoryTable.LinesFile);
        var lines = File.ReadAllLines(path);

        var edited = (string[])lines.Clone();
        edited[1] = edited[1].Replace("\"seed\":", "\"seed\":1", StringComparison.Ordinal);
        Check(edited, $"{path}:2: the line was edited");

        var truncated = (string[])lines.Clone();
        truncated[2] = truncated[2][..(truncated[2].Length / 2)];
        Check(truncated, $"{path}:3: the line is truncated");

        File.WriteAllLines(path, lines.Take(3));
        var stale = () => HistoryTable.Load(dir);
        stale.Should().Throw<InvalidDataException>().WithMessage("*manifest.json*history.jsonl*disagree*");

        void Check(string[] content, string expected)
        {
            File.WriteAllText(path, string.Join('\n', content) + "\n");
            var manifestPath = Path.Combine(dir, HistoryTable.ManifestFile);
            var manifest = System.Text.Json.JsonSerializer.Deserialize<HistoryManifest>(File.ReadAllText(manifestPath))!;
            manifest.Files[HistoryTable.LinesFile] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
            File.WriteAllText(manifestPath, System.Text.Json.JsonSerializer.Serialize(manifest));
            var load = () => HistoryTable.Load(dir);
            load.Should().Throw<InvalidDataException>().WithMessage(expected + "*");
        }
    }
}

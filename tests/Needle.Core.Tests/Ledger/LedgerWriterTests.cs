using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Needle.Core.Ledger;

namespace Needle.Core.Tests.Ledger;

public sealed class LedgerWriterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-writer-").FullName;
    private string PathOf(string name) => Path.Combine(_dir, name);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Appends_one_line_per_write_and_never_rewrites_earlier_bytes()
    {
        var path = PathOf("l.jsonl");
        File.WriteAllText(path, "{\"_h\":1}\n");
        LedgerWriter.Append(path, Rows.Row("a", 42, 1.95)).Should().Be(2);
        var before = File.ReadAllBytes(path);
        LedgerWriter.Append(path, Rows.Row("b", 43, 1.96)).Should().Be(3);
        var after = File.ReadAllBytes(path);
        after.Take(before.Length).Should().Equal(before);
        LedgerReader.Read(path).Entries.Select(e => e.Row.RunId).Should().Equal("a", "b");
    }

    [Fact]
    public void A_duplicate_run_id_is_refused_and_nothing_is_written()
    {
        var path = PathOf("l.jsonl");
        LedgerWriter.Append(path, Rows.Row("a", 42, 1.95));
        var before = File.ReadAllBytes(path);
        var act = () => LedgerWriter.Append(path, Rows.Row("a", 43, 1.96));
        act.Should().Throw<LedgerAppendRefusedException>().Which.Reasons.Should().ContainSingle(r => r.Field == "run_id");
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Fact]
    public void Non_finite_bpb_is_never_written()
    {
        var path = PathOf("l.jsonl");
        foreach (var bad in new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var act = () => LedgerWriter.Append(path, Rows.Row("a", 42, bad));
            act.Should().Throw<LedgerAppendRefusedException>().Which.Reasons.Should().ContainSingle(r => r.Field == "bpb");
        }
        File.Exists(path).Should().BeFalse("a refused first row must not even create the file");
    }

    [Fact]
    public void A_truncated_last_line_stays_visible_and_the_new_row_starts_on_its_own_line()
    {
        var path = PathOf("l.jsonl");
        var good = LedgerRowSerializer.ToLine(Rows.Row("a", 42, 1.95));
        File.WriteAllText(path, good[..40], new UTF8Encoding(false));
        LedgerWriter.Append(path, Rows.Row("b", 43, 1.96)).Should().Be(2);
        var doc = LedgerReader.Read(path);
        doc.Entries.Select(e => (e.Line, e.Row.RunId)).Should().Equal((2, "b"));
        doc.Errors.Should().ContainSingle().Which.Line.Should().Be(1);
    }

    [Fact]
    public void Admission_rules_run_under_the_lock_against_existing_rows()
    {
        var path = PathOf("l.jsonl");
        LedgerWriter.Append(path, Rows.Row("a", 42, 1.95));
        var seen = -1;
        var act = () => LedgerWriter.Append(path, Rows.Row("b", 43, 1.96), (existing, _) =>
        {
            seen = existing.Entries.Count;
            return [new LedgerRejection("bpb", "no", RejectionKind.Policy)];
        });
        act.Should().Throw<LedgerAppendRefusedException>().Which.Kind.Should().Be(RejectionKind.Policy);
        seen.Should().Be(1);
        LedgerReader.Read(path).Entries.Should().HaveCount(1);
    }

    [Fact]
    public void Emit_then_check_round_trips_any_valid_row()
    {
        var path = PathOf("prop.jsonl");
        var counter = 0;
        var gen = from seed in Gen.Choose(0, 1_000_000)
                  from milli in Gen.Choose(850, 2300)
                  from micro in Gen.Choose(0, 999)
                  from step in Gen.Choose(0, 200_000)
                  from reviewed in Gen.Elements<string?>(null, "ana", "Bjørn Ø.")
                  from config in Gen.Elements<string?>(null, "{\"hidden\":512,\"lr\":0.004,\"name\":\"é\"}", "{}")
                  from seconds in Gen.Choose(0, 100_000_000)
                  from ticks in Gen.Choose(0, 9_999_999)
                  select Rows.Row($"p{Interlocked.Increment(ref counter)}", seed, milli / 1000.0 + micro * 1e-7, step, reviewed) with
                  {
                      ConfigJson = config,
                      Ts = DateTimeOffset.UnixEpoch.AddSeconds(seconds).AddTicks(ticks),
                  };
        Prop.ForAll(gen.ToArbitrary(), row =>
        {
            var line = LedgerWriter.Append(path, row);
            var back = LedgerReader.Read(path).Entries.Single(e => e.Line == line).Row;
            return back == row;
        }).QuickCheckThrowOnFailure();
        LedgerReader.Read(path).IsWellFormed.Should().BeTrue();
    }
}

/// <summary>The OS lock really excludes: while one handle holds the ledger exclusively, others cannot get in.</summary>
public sealed class LedgerLockTests : IDisposable
{
    private readonly string _path = Path.Combine(Directory.CreateTempSubdirectory("needle-lock-").FullName, "l.jsonl");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true);

    [Fact]
    public void Readers_and_writers_cannot_enter_while_a_writer_holds_the_lock()
    {
        LedgerWriter.Append(_path, Rows.Row("a", 42, 1.95));
        using (new FileStream(_path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var read = () => LedgerReader.Read(_path, TimeSpan.FromMilliseconds(200));
            read.Should().Throw<LedgerIoException>().WithMessage("*could not lock*");
            var write = () => LedgerWriter.Append(_path, Rows.Row("b", 43, 1.95), lockTimeout: TimeSpan.FromMilliseconds(200));
            write.Should().Throw<LedgerIoException>().WithMessage("*could not lock*");
        }
        LedgerReader.Read(_path).Entries.Select(e => e.Row.RunId).Should().Equal("a");
    }
}

using Needle.Core.Gates;
using Needle.Core.Ledger;
using Needle.Core.Tests.Ledger;

namespace Needle.Core.Tests.Gates;

/// <summary>A ledger is sealed to the pre-registration at its first data row; a later edit is reported.</summary>
public sealed class PreregistrationSealTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-seal-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static LedgerCheckResult Check(string text) =>
        LedgerCheck.Evaluate(LedgerReader.ParseText(text, "l.jsonl"), Rows.Book, Rows.Plan, Rows.Book.Find("gate-final"), Rows.Git,
            new VictoryOptions(Clock: Rows.Clock));

    [Fact]
    public void A_sealed_victory_is_a_victory() => Check(Rows.SealedText(Rows.Victory())).ExitCode.Should().Be(0);

    [Fact]
    public void An_unsealed_ledger_is_not_a_victory()
    {
        var r = Check("{\"_schema\":\"needle-ledger/1\"}\n" + Rows.Text(Rows.Victory()));
        r.ExitCode.Should().Be(LedgerExitCodes.GateRejected);
        r.Outcome!.LedgerFindings.Should().ContainSingle().Which.Rule.Should().Be(GateRule.PreregistrationNotSealed);
    }

    [Fact]
    public void A_seal_written_after_the_first_data_row_does_not_count()
    {
        var rows = Rows.Victory();
        var text = Rows.Text(rows.Take(1)) + PreregistrationSeal.HeaderLine(Rows.Plan) + "\n" + Rows.Text(rows.Skip(1));
        Check(text).Outcome!.LedgerFindings.Should().ContainSingle().Which.Rule.Should().Be(GateRule.PreregistrationNotSealed);
    }

    [Fact]
    public void An_edit_of_the_preregistration_after_the_first_data_row_is_reported_with_the_seal_line()
    {
        var text = Rows.SealedText(Rows.Victory());
        var edited = Rows.Plan with { Sha256 = new string('9', 64) }; // what loading an edited file yields
        var r = LedgerCheck.Evaluate(LedgerReader.ParseText(text, "l.jsonl"), Rows.Book, edited, Rows.Book.Find("gate-final"), Rows.Git,
            new VictoryOptions(Clock: Rows.Clock));
        r.ExitCode.Should().Be(LedgerExitCodes.GateRejected);
        var finding = r.Outcome!.LedgerFindings.Should().ContainSingle().Subject;
        finding.Rule.Should().Be(GateRule.PreregistrationEdited);
        finding.Line.Should().Be(1);
        finding.Message.Should().Contain("edited after data existed");
    }

    [Fact]
    public void The_committed_ledger_is_consistent_with_the_committed_preregistration()
    {
        // Once assertions/seed_results.jsonl holds rows, an edit of preregistration.json makes this fail in CI.
        var ledger = LedgerReader.Read(RepoPaths.InRepo("assertions", "seed_results.jsonl"));
        ledger.Errors.Should().BeEmpty();
        PreregistrationSeal.Check(ledger, Rows.Plan).Should().BeNull();
    }

    [Fact]
    public void A_damaged_seal_is_a_malformed_line() =>
        LedgerReader.ParseText("{\"_preregistration_sha256\":\"abc\"}\n", "l.jsonl").Errors
            .Should().ContainSingle().Which.Field.Should().Be(LedgerFields.PreregistrationSeal);

    [Fact]
    public void The_writer_seals_a_new_ledger_at_its_first_row_only_and_emit_refuses_after_an_edit()
    {
        var path = Path.Combine(_dir, "l.jsonl");
        File.WriteAllText(path, "{\"_schema\":\"needle-ledger/1\"}\n");
        var seal = PreregistrationSeal.HeaderLine(Rows.Plan);
        var admission = EmitPolicy.For(Rows.Book, Rows.Plan, Rows.Git);
        LedgerWriter.Append(path, Rows.Row("a", 42, 1.95), admission, sealHeader: seal).Should().Be(3);
        LedgerWriter.Append(path, Rows.Row("b", 43, 1.95), admission, sealHeader: seal).Should().Be(4);
        File.ReadAllLines(path).Should().Equal("{\"_schema\":\"needle-ledger/1\"}", seal,
            LedgerRowSerializer.ToLine(Rows.Row("a", 42, 1.95)), LedgerRowSerializer.ToLine(Rows.Row("b", 43, 1.95)));
        LedgerReader.Read(path).Seal.Should().Be(new LedgerSeal(Rows.Plan.Sha256, 2));

        var edited = Rows.Plan with { Sha256 = new string('9', 64) };
        var before = File.ReadAllBytes(path);
        var act = () => LedgerWriter.Append(path, Rows.Row("c", 44, 1.95), EmitPolicy.For(Rows.Book, edited, Rows.Git));
        act.Should().Throw<LedgerAppendRefusedException>().Which.Reasons.Should()
            .Contain(r => r.Field == LedgerFields.PreregistrationSeal && r.Message.Contains("edited after the ledger started"));
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Fact]
    public void Emit_refuses_to_add_rows_to_an_unsealed_ledger_that_already_holds_data()
    {
        var path = Path.Combine(_dir, "old.jsonl");
        File.WriteAllText(path, Rows.Text([Rows.Row("a", 42, 1.95)]));
        var act = () => LedgerWriter.Append(path, Rows.Row("b", 43, 1.95), EmitPolicy.For(Rows.Book, Rows.Plan, Rows.Git),
            sealHeader: PreregistrationSeal.HeaderLine(Rows.Plan));
        act.Should().Throw<LedgerAppendRefusedException>().Which.Reasons.Should().Contain(r => r.Field == LedgerFields.PreregistrationSeal);
    }
}

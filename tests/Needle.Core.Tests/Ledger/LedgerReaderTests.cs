using System.Text;
using Needle.Core.Ledger;

namespace Needle.Core.Tests.Ledger;

public sealed class LedgerReaderTests
{
    private static LedgerDocument Parse(string text) => LedgerReader.ParseText(text, "ledger.jsonl");

    private static string Good(string runId = "a", int seed = 42, double bpb = 1.9) => LedgerRowSerializer.ToLine(Rows.Row(runId, seed, bpb));

    [Fact]
    public void Reads_rows_and_skips_headers()
    {
        var doc = Parse("{\"_schema\":\"x\",\"_note\":\"y\"}\n" + Good("a") + "\n" + Good("b", 43) + "\n");
        doc.Errors.Should().BeEmpty();
        doc.HeaderLines.Should().Be(1);
        doc.Entries.Select(e => (e.Line, e.Row.RunId)).Should().Equal((2, "a"), (3, "b"));
    }

    [Fact]
    public void Underscore_keys_in_a_data_row_are_annotations_and_a_header_without_underscores_is_malformed()
    {
        var annotated = Good("a").Replace("{", "{\"_note\":\"re-run after fix\",", StringComparison.Ordinal);
        var doc = Parse(annotated + "\n{\"schema\":\"v1\"}\n");
        doc.Entries.Should().ContainSingle().Which.Row.RunId.Should().Be("a");
        doc.Errors.Should().Contain(e => e.Line == 2 && e.Field == "schema" && e.Message.StartsWith("is not a field here (known: agent, bpb, canon, config,", StringComparison.Ordinal));
        doc.Errors.Should().Contain(e => e.Line == 2 && e.Field == "run_id" && e.Message.StartsWith("is required: the run's id", StringComparison.Ordinal));
    }

    [Fact]
    public void The_upstream_steps_typo_is_named_with_a_suggestion() =>
        Parse(Good().Replace("\"step\":", "\"steps\":", StringComparison.Ordinal)).Errors
            .Should().Contain(e => e.Field == "steps" && e.Message.Contains("did you mean 'step'?"));

    [Fact]
    public void Accepts_a_bom_and_crlf()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Good("a") + "\r\n" + Good("b", 43) + "\r\n")).ToArray();
        var doc = LedgerReader.Parse(bytes, "f");
        doc.Errors.Should().BeEmpty();
        doc.Entries.Should().HaveCount(2);
    }

    [Fact]
    public void A_truncated_line_names_file_line_and_field()
    {
        var good = Good("b", 43);
        var doc = Parse(Good("a") + "\n" + good[..(good.IndexOf("\"step\"", StringComparison.Ordinal) + 9)] + "\n" + Good("c", 44) + "\n");
        doc.Entries.Select(e => e.Row.RunId).Should().Equal("a", "c");
        doc.Errors.Should().ContainSingle().Which.ToString().Should().StartWith("ledger.jsonl:2: step: the line ends before");
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("inf")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"-inf\"")]
    [InlineData("1e999")]
    [InlineData("-1e400")]
    public void Nan_and_infinity_in_any_form_are_malformed_bpb(string token)
    {
        var line = Good().Replace("\"bpb\":1.9", "\"bpb\":" + token, StringComparison.Ordinal);
        var doc = Parse(line + "\n");
        doc.Entries.Should().BeEmpty();
        doc.Errors.Should().ContainSingle().Which.Should().Match<LedgerError>(e => e.Line == 1 && e.Field == "bpb");
    }

    [Fact]
    public void Non_finite_numbers_inside_config_are_rejected()
    {
        var line = LedgerRowSerializer.ToLine(Rows.Row("a", 42, 1.9) with { ConfigJson = "{\"lr\":1}" }).Replace("\"lr\":1", "\"lr\":1e999", StringComparison.Ordinal);
        Parse(line).Errors.Should().ContainSingle().Which.Field.Should().Be("config");
    }

    [Theory]
    [InlineData("\"seed\":42", "\"seed\":\"42\"", "seed")]
    [InlineData("\"seed\":42", "\"seed\":42.5", "seed")]
    [InlineData("\"step\":5000", "\"steps\":5000", "step")]
    [InlineData("\"agent\":\"test\"", "\"agent\":\"\"", "agent")]
    [InlineData("\"ts\":\"2026-11-21T12:00:00Z\"", "\"ts\":\"2026-11-21 12:00\"", "ts")]
    [InlineData("\"ts\":\"2026-11-21T12:00:00Z\"", "\"ts\":\"2026-11-21T12:00:00\"", "ts")]
    [InlineData("\"canon\":\"IGLA-ATTN-FP32-E0101-rng42\"", "\"canon\":\"IGLA-GPT-FP32-rng42\"", "canon")]
    [InlineData("\"canon\":\"IGLA-ATTN-FP32-E0101-rng42\"", "\"canon\":\"IGLA-ATTN-FP32-E0101-rng43\"", "seed")]
    [InlineData("\"split\":\"val-last-100000\"", "\"split\":null", "split")]
    public void Missing_or_mistyped_fields_are_named(string from, string to, string field)
    {
        var line = Good().Replace(from, to, StringComparison.Ordinal);
        line.Should().NotBe(Good());
        Parse(line + "\n").Errors.Select(e => e.Field).Should().Contain(field);
    }

    [Fact]
    public void Sha_must_be_full_lowercase_hex()
    {
        var line = Good().Replace(Rows.Head, Rows.Head[..7], StringComparison.Ordinal);
        Parse(line).Errors.Should().ContainSingle().Which.Field.Should().Be("sha");
    }

    [Fact]
    public void Every_occurrence_of_a_duplicate_run_id_is_reported_and_none_is_used()
    {
        var doc = Parse(Good("a") + "\n" + Good("b", 43) + "\n" + Good("a", 44) + "\n");
        doc.Entries.Select(e => e.Row.RunId).Should().Equal("b");
        doc.Errors.Select(e => (e.Line, e.Field)).Should().Equal((1, "run_id"), (3, "run_id"));
    }

    [Fact]
    public void A_reproduction_of_an_unknown_run_is_malformed()
    {
        var line = LedgerRowSerializer.ToLine(Rows.Row("b", 42, 1.9, reproduces: "nope"));
        Parse(line).Errors.Should().ContainSingle().Which.Field.Should().Be("reproduces");
    }

    [Theory]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("{}")]
    [InlineData("{\"a\":1} {\"b\":2}")]
    public void Lines_that_are_not_one_object_are_reported(string line)
    {
        var doc = Parse(Good("a") + "\n" + line + "\n" + Good("b", 43) + "\n");
        doc.Entries.Should().HaveCount(2);
        doc.Errors.Should().ContainSingle().Which.Line.Should().Be(2);
    }

    [Fact]
    public void Invalid_utf8_is_reported_not_replaced()
    {
        var bytes = Encoding.UTF8.GetBytes(Good("a") + "\n").Concat(new byte[] { 0xFF, 0xFE, (byte)'\n' }).ToArray();
        LedgerReader.Parse(bytes, "f").Errors.Should().ContainSingle().Which.Line.Should().Be(2);
    }

    [Fact]
    public void An_unreadable_file_is_an_io_error()
    {
        var act = () => LedgerReader.Read(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.jsonl"));
        act.Should().Throw<LedgerIoException>().WithMessage("*cannot read the ledger*");
    }
}

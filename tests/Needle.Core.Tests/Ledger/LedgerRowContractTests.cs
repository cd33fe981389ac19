using Needle.Core.Ledger;

namespace Needle.Core.Tests.Ledger;

/// <summary>
/// The ledger's rows are checked against schemas/ledger-row.schema.json: each realistic malformed line is named by file,
/// line and field with the schema's "what it means: what to write", and the good rows around it are still read.
/// </summary>
public sealed class LedgerRowContractTests
{
    private static string Good(string runId = "a", int seed = 42) => LedgerRowSerializer.ToLine(Rows.Row(runId, seed, 1.9));

    // The malformed row sits between two good ones; the message is the whole LedgerError line.
    private static LedgerError OnlyError(string malformed)
    {
        var doc = LedgerReader.ParseText(Good("a") + "\n" + malformed + "\n" + Good("c", 44) + "\n", "seed_results.jsonl");
        doc.Entries.Select(e => e.Row.RunId).Should().Equal("a", "c");
        return doc.Errors.Should().ContainSingle().Subject;
    }

    [Theory]
    [InlineData("\"seed\":42", "\"seed\":\"42\"", "seed_results.jsonl:2: seed: is \"42\"; it must be the run's seed, the one its canon name ends with: an integer in 0..2147483647")]
    [InlineData("\"seed\":42", "\"seed\":-1", "seed_results.jsonl:2: seed: is -1; it must be the run's seed, the one its canon name ends with: an integer in 0..2147483647")]
    [InlineData("\"agent\":\"test\"", "\"agent\":\" test\"", "seed_results.jsonl:2: agent: is \" test\"; it must be who or what recorded the row: a non-empty string without leading or trailing spaces or control characters")]
    [InlineData("\"ts\":\"2026-11-21T12:00:00Z\"", "\"ts\":\"2026-11-21T12:00:00\"", "seed_results.jsonl:2: ts: is \"2026-11-21T12:00:00\"; it must be when the number was recorded: an ISO-8601 time with a zone, e.g. 2026-11-21T12:00:00Z")]
    [InlineData("\"ts\":\"2026-11-21T12:00:00Z\"", "\"ts\":\"2026-02-30T12:00:00Z\"", "seed_results.jsonl:2: ts: '2026-02-30T12:00:00Z' is not a time on the calendar; write an ISO-8601 time with a zone, e.g. 2026-11-21T12:00:00Z")]
    [InlineData("\"bpb\":1.9", "\"bpb\":\"NaN\"", "seed_results.jsonl:2: bpb: is \"NaN\"; it must be the validation bits per byte: a finite JSON number (NaN and Infinity are never accepted in the ledger; record a failed run without a bpb row instead)")]
    [InlineData("\"corpus_sha256\":\"86c4", "\"corpus_sha256\":\"86C4", "seed_results.jsonl:2: corpus_sha256: is \"86C4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e…; it must be the SHA-256 of the corpus the run trained on: 64 lowercase hex digits")]
    [InlineData("\"split\":\"val-last-100000\"", "\"split\":null", "seed_results.jsonl:2: split: is null; it must be the validation split the number is measured on, e.g. val-last-100000: a non-empty string without spaces around it")]
    [InlineData("\"step\":5000", "\"steps\":5000", null)]
    public void A_malformed_row_is_named_by_file_line_and_field(string from, string to, string? expected)
    {
        var line = Good("b", 43).Replace(from.Replace("42", "43", StringComparison.Ordinal), to.Replace("42", "43", StringComparison.Ordinal), StringComparison.Ordinal);
        line.Should().NotBe(Good("b", 43));
        if (expected is not null)
        {
            OnlyError(line).ToString().Should().Be(expected.Replace("\"42\"", "\"43\"", StringComparison.Ordinal));
            return;
        }
        // The upstream's typo: the unknown field and the missing one, each on its own line of the report.
        var errors = LedgerReader.ParseText(line, "seed_results.jsonl").Errors.Select(e => e.ToString()).ToList();
        errors.Should().HaveCount(2);
        errors.Should().Contain(e => e.StartsWith("seed_results.jsonl:1: step: is required: the training step", StringComparison.Ordinal));
        errors.Should().Contain(e => e.StartsWith("seed_results.jsonl:1: steps: is not a field here (known: agent, bpb,", StringComparison.Ordinal)
                                      && e.EndsWith("; did you mean 'step'? Fix its spelling or remove it", StringComparison.Ordinal));
    }

    [Fact]
    public void A_key_written_twice_is_named_and_the_row_is_not_used() =>
        OnlyError(Good("b", 43).Replace("{", "{\"agent\":\"other\",", StringComparison.Ordinal)).ToString()
            .Should().Be("seed_results.jsonl:2: agent: appears twice in the object; keep exactly one");

    [Fact]
    public void A_header_with_a_damaged_seal_is_malformed_and_a_sealed_header_is_read()
    {
        OnlyError("{\"_preregistration_sha256\":\"abc\"}").ToString().Should().Be(
            "seed_results.jsonl:2: _preregistration_sha256: is \"abc\"; it must be the seal of the ledger to its pre-registration: the 64 lowercase hex digits of assertions/preregistration.json's SHA-256");
        var seal = new string('0', 63) + "1";
        LedgerReader.ParseText($"{{\"_preregistration_sha256\":\"{seal}\"}}\n" + Good() + "\n", "l").Seal!.PreregistrationSha256.Should().Be(seal);
    }

    [Theory]
    [InlineData("{}", "seed_results.jsonl:2: (line): is an empty object; it must be a ledger line: one JSON object, either a header (one or more keys, all starting with '_', e.g. {\"_schema\": \"needle-ledger/1\"}) or a data row (run_id, ts, agent, canon, seed, bpb, …)")]
    [InlineData("[1,2]", "seed_results.jsonl:2: (line): is an array of 2; it must be a ledger line: one JSON object, either a header (one or more keys, all starting with '_', e.g. {\"_schema\": \"needle-ledger/1\"}) or a data row (run_id, ts, agent, canon, seed, bpb, …)")]
    public void A_line_that_is_neither_header_nor_row_names_the_whole_line(string line, string expected) =>
        OnlyError(line).ToString().Should().Be(expected);

    [Fact]
    public void A_whole_number_written_with_a_fraction_is_the_integer_json_schema_says_it_is() =>
        LedgerReader.ParseText(Good().Replace("\"step\":5000", "\"step\":5000.0", StringComparison.Ordinal), "l").Entries
            .Should().ContainSingle().Which.Row.Step.Should().Be(5000);
}

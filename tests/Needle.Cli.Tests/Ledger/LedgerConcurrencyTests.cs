using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Ledger;

/// <summary>Eight real `needle ledger emit` processes appending 200 rows each, at once, to one ledger.</summary>
public sealed class LedgerConcurrencyTests : IDisposable
{
    private const int Processes = 8;
    private const int RowsEach = 200;
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-concurrency-").FullName;
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Eight_processes_times_200_appends_give_1600_well_formed_lines()
    {
        CliLedger.RequireCleanBuild();
        var ledger = Path.Combine(_dir, "ledger.jsonl");
        var inputs = Enumerable.Range(0, Processes).Select(p =>
        {
            var path = Path.Combine(_dir, $"rows-{p}.jsonl");
            File.WriteAllLines(path, Enumerable.Range(0, RowsEach)
                .Select(k => CliLedger.EmitLine(CliLedger.Row($"p{p}-{k:D3}", 1000 + p * RowsEach + k, 2.0 + k * 1e-4))));
            return path;
        }).ToList();

        var runs = await Task.WhenAll(inputs.Select(input =>
            Task.Run(() => NeedleProcess.Run("ledger", "emit", ledger, "--from", input, "--json"))));

        runs.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.StdErr));
        var lines = File.ReadAllLines(ledger);
        lines.Should().HaveCount(Processes * RowsEach + 1, "every row, and the seal before the first");
        lines.Count(l => l.Contains("_preregistration_sha256", StringComparison.Ordinal)).Should().Be(1);
        var doc = LedgerReader.Read(ledger);
        doc.Errors.Should().BeEmpty();
        doc.Entries.Should().HaveCount(Processes * RowsEach);
        doc.Entries.Select(e => e.Row.RunId).Should().OnlyHaveUniqueItems();
        for (var p = 0; p < Processes; p++)
        {
            var mine = doc.Entries.Where(e => e.Row.RunId.StartsWith($"p{p}-", StringComparison.Ordinal)).Select(e => e.Row.RunId).ToList();
            mine.Should().HaveCount(RowsEach).And.BeInAscendingOrder(StringComparer.Ordinal, "each process appends its rows in order");
        }
    }
}

using System.Text;

namespace Needle.Core.Ledger.Falsification;

/// <summary>
/// A ledger under construction for a witness: well-formed rows (appended through <see cref="LedgerWriter"/>)
/// followed by raw lines (for damage the writer would refuse, such as a NaN literal or a truncated row).
/// </summary>
internal sealed record LedgerFixture(IReadOnlyList<LedgerRow> Rows, IReadOnlyList<string> RawLines, string? SealHeader)
{
    /// <summary>The line a raw line will occupy: one header, the seal, then the rows, then the raw lines.</summary>
    public int LineOfRaw(int index) => 1 + (SealHeader is null ? 0 : 1) + Rows.Count + index + 1;

    public LedgerFixture Replace(string runId, Func<LedgerRow, LedgerRow> change) =>
        this with { Rows = Rows.Select(r => r.RunId == runId ? change(r) : r).ToList() };

    public LedgerFixture Without(string runId) => this with { Rows = Rows.Where(r => r.RunId != runId).ToList() };

    public LedgerFixture Plus(LedgerRow row) => this with { Rows = [.. Rows, row] };

    public LedgerFixture PlusRaw(string line) => this with { RawLines = [.. RawLines, line] };

    /// <summary>Writes the fixture as a real file, the rows one append at a time.</summary>
    public void WriteTo(string path)
    {
        File.WriteAllText(path, "{\"_witness\":\"synthetic ledger written by needle falsify\"}\n", new UTF8Encoding(false));
        foreach (var row in Rows) LedgerWriter.Append(path, row, sealHeader: SealHeader);
        foreach (var raw in RawLines) File.AppendAllText(path, raw + "\n", new UTF8Encoding(false));
    }
}

using Needle.Search.History;
using Needle.Testing;

namespace Needle.Search.Tests.History;

/// <summary>
/// schemas/history-line.schema.json and history-manifest.schema.json are the history's contracts: the committed
/// files meet them (CommittedHistoryTests loads them), and a realistic bad value — sealed with a valid check, so only the
/// contract can catch it — is named by file, line and field.
/// </summary>
public sealed class HistoryContractTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-history-contract-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static HistoryRecord Committed(int index)
    {
        var path = RepoPaths.InRepo("data", "history", HistoryTable.LinesFile);
        return HistoryLines.Read(File.ReadLines(path).ElementAt(index), path, index + 1);
    }

    [Fact]
    public void A_negative_cost_sealed_with_a_valid_check_is_named_by_file_line_and_field()
    {
        var line = HistoryLines.Write(Committed(4) with { SecondsPerStep = -0.5 });
        var read = () => HistoryLines.Read(line, "h.jsonl", 7);
        read.Should().Throw<InvalidDataException>()
            .WithMessage("h.jsonl:7: field 'seconds_per_step' is -0.5; it must be CPU seconds per training step: a non-negative number; re-export*");
    }

    [Fact]
    public void A_curve_point_with_a_zero_bpb_names_the_point()
    {
        var record = Committed(0);
        var line = HistoryLines.Write(record with { Curve = [record.Curve[0], [record.Curve[1][0], 0]] });
        var read = () => HistoryLines.Read(line, "h.jsonl", 1);
        read.Should().Throw<InvalidDataException>().WithMessage("h.jsonl:1: field 'curve[1][1]' is 0; it must be a point [step, bpb]: two positive numbers*");
    }

    [Fact]
    public void A_manifest_field_of_the_wrong_type_is_named_at_its_line()
    {
        var source = RepoPaths.InRepo("data", "history");
        File.Copy(Path.Combine(source, HistoryTable.LinesFile), Path.Combine(_dir, HistoryTable.LinesFile));
        var manifest = File.ReadAllText(Path.Combine(source, HistoryTable.ManifestFile)).Replace("\"eta\": 3", "\"eta\": \"3\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, HistoryTable.ManifestFile), manifest);
        var line = manifest.Split('\n').ToList().FindIndex(l => l.Contains("\"eta\"", StringComparison.Ordinal)) + 1;

        var load = () => HistoryTable.Load(_dir);
        load.Should().Throw<InvalidDataException>()
            .WithMessage($"{Path.Combine(_dir, HistoryTable.ManifestFile)}:{line}: field 'eta' is \"3\"; it must be the reduction factor: an integer ≥ 2*");
    }
}

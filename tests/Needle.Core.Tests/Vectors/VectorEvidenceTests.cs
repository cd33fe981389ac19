using System.Text.Json;
using Needle.Core.Vectors;

namespace Needle.Core.Tests.Vectors;

/// <summary>
/// A vector's state comes from its evidence file through the pre-registered predicate: "holds" → enabled,
/// "refuted" → disabled, and anything else (absent, malformed, or a verdict the statistic does not give) → no verdict,
/// never enabled. The state carries the file's SHA-256.
/// </summary>
public sealed class VectorEvidenceTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("needle-vector-evidence-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string vector, object evidence)
    {
        Directory.CreateDirectory(Path.Combine(_root, "assertions", "evidence"));
        File.WriteAllText(VectorEvidence.PathOf(_root, vector), JsonSerializer.Serialize(evidence));
    }

    private static object V4(string verdict, double mae) => new Dictionary<string, object>
    {
        ["schema"] = "needle-evidence/1", ["vector"] = "V4", ["invariant"] = "INV-24", ["commit"] = new string('a', 40),
        ["suite"] = "needle falsify --only v4", ["inputs"] = new Dictionary<string, string> { ["data/history/history.jsonl"] = new string('b', 64) },
        ["statistic"] = new Dictionary<string, double> { ["mae_fold0"] = mae }, ["verdict"] = verdict, ["notes"] = "folds 1-4 → fold 0",
    };

    [Fact]
    public void Holds_enables_and_refuted_disables_with_the_figures_and_the_hash()
    {
        Write("V4", V4("holds", 0.05));
        var on = VectorEvidence.Read(_root, "V4");
        on.Switch.Should().Be(VectorSwitch.Enabled);
        on.Reason.Should().Contain("mae_fold0 = 0.05").And.Contain("folds 1-4");
        on.EvidenceSha256.Should().MatchRegex("^[0-9a-f]{64}$");

        Write("V4", V4("refuted", 0.2));
        var off = VectorEvidence.Read(_root, "V4");
        off.Switch.Should().Be(VectorSwitch.Disabled);
        off.Reason.Should().StartWith("refuted on real data");
        off.EvidenceSha256.Should().NotBe(on.EvidenceSha256);
    }

    [Fact]
    public void A_verdict_the_statistic_does_not_give_is_no_verdict()
    {
        Write("V4", V4("holds", 0.2));
        var s = VectorEvidence.Read(_root, "V4");
        s.Switch.Should().Be(VectorSwitch.NoVerdict);
        s.Reason.Should().Contain("records \"holds\"").And.Contain("says \"refuted\"");
    }

    [Fact]
    public void Absent_or_malformed_files_are_no_verdict_naming_the_file()
    {
        VectorEvidence.Read(_root, "V3").Should().Match<VectorState>(s => s.Switch == VectorSwitch.NoVerdict && s.EvidenceSha256 == null
            && s.Reason.Contains("assertions/evidence/V3.json does not exist"));
        Directory.CreateDirectory(Path.Combine(_root, "assertions", "evidence"));
        File.WriteAllText(VectorEvidence.PathOf(_root, "V5"), "{ not json");
        VectorEvidence.Read(_root, "V5").Reason.Should().Contain("not valid JSON");
        Write("V6", V4("holds", 0.05));
        VectorEvidence.Read(_root, "V6").Reason.Should().Contain("is not V6's evidence");
        var noInputs = (Dictionary<string, object>)V4("holds", 0.05);
        noInputs.Remove("inputs");
        Write("V4", noInputs);
        VectorEvidence.Read(_root, "V4").Reason.Should().Contain("breaks its contract (field 'inputs' is required: each input file with its SHA-256");
        VectorEvidence.ReadAll(_root).Select(s => s.Vector).Should().Equal("V1", "V2", "V3", "V4", "V5", "V6", "V7");
    }

    [Fact]
    public void Switch_words_round_trip_and_names_normalise()
    {
        foreach (var s in Enum.GetValues<VectorSwitch>()) VectorState.Parse(VectorState.Text(s)).Should().Be(s);
        FluentActions.Invoking(() => VectorState.Parse("on")).Should().Throw<FormatException>().WithMessage("*'on'*enabled*");
        VectorNames.Normalise("v3").Should().Be("V3");
        VectorNames.Normalise("6").Should().Be("V6");
        FluentActions.Invoking(() => VectorNames.Normalise("v9")).Should().Throw<FormatException>().WithMessage("*'v9'*v1*");
    }
}

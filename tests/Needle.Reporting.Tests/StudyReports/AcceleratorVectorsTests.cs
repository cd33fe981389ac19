using Needle.Core.Vectors;
using Needle.Reporting.StudyReports;

namespace Needle.Reporting.Tests.StudyReports;

/// <summary>The vectors section reads what the study stores and invents nothing.</summary>
public sealed class AcceleratorVectorsTests : IDisposable
{
    private readonly RacedStudy _study = new();

    public void Dispose() => _study.Dispose();

    [Fact]
    public void A_study_that_stores_nothing_about_vectors_reports_every_vector_not_recorded()
    {
        var vectors = AcceleratorVectors.Read(_study.Storage, _study.Study.Id);
        vectors.Select(v => v.Id).Should().Equal("V1", "V2", "V3", "V4", "V5", "V6", "V7");
        vectors.Should().OnlyContain(v => v.State == "not recorded");
    }

    [Fact]
    public void Stored_states_are_shown_with_their_reasons_and_evidence_and_the_rest_stay_not_recorded()
    {
        var sha = "0123456789ab" + new string('f', 52);
        _study.Storage.SetVectorStates(_study.Study.Id,
        [
            new VectorState("V4", VectorSwitch.Disabled, "MAE 0.14 > 0.10 on the holdout", sha),
            new VectorState("V6", VectorSwitch.Enabled, "regret below uniform", sha),
            new VectorState("V2", VectorSwitch.NoVerdict, "no verdict yet: assertions/evidence/V2.json does not exist", null),
        ], _study.Time.GetUtcNow());
        var vectors = AcceleratorVectors.Read(_study.Storage, _study.Study.Id).ToDictionary(v => v.Id);
        vectors["V4"].Should().Be(new VectorStatus("V4", "XGBoost surrogate", "disabled", "MAE 0.14 > 0.10 on the holdout [evidence sha256 0123456789ab…]"));
        vectors["V6"].State.Should().Be("enabled");
        vectors["V2"].State.Should().Be("no verdict");
        vectors["V1"].State.Should().Be("not recorded");
        MarkdownStudyReport.Render(_study.Report(), [], "cmd").Should().Contain("| V4 XGBoost surrogate | disabled | MAE 0.14 > 0.10 on the holdout [evidence sha256 0123456789ab…] |");
    }
}

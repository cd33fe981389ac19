using Needle.Reporting.StudyReports;

namespace Needle.Reporting.Tests.StudyReports;

/// <summary>The vectors section reads what the study stores and invents nothing.</summary>
public sealed class AcceleratorVectorsTests : IDisposable
{
    private readonly RacedStudy _study = new();

    public void Dispose() => _study.Dispose();

    [Fact]
    public void A_study_that_stores_nothing_about_vectors_reports_every_vector_not_built()
    {
        var vectors = AcceleratorVectors.Read(_study.Storage, _study.Study.Id);
        vectors.Select(v => v.Id).Should().Equal("V1", "V2", "V3", "V4", "V5", "V6", "V7");
        vectors.Should().OnlyContain(v => v.State == "not built");
    }

    [Fact]
    public void Stored_states_are_shown_with_their_reasons_and_the_rest_stay_not_built()
    {
        _study.Storage.SetSchedulerState(_study.Study.Id, AcceleratorVectors.StateKey,
            """[{"vector":"V4","enabled":false,"reason":"MAE 0.14 > 0.10 on the holdout"},{"vector":"V6","enabled":true,"reason":"regret below uniform"}]""",
            _study.Time.GetUtcNow());
        var vectors = AcceleratorVectors.Read(_study.Storage, _study.Study.Id).ToDictionary(v => v.Id);
        vectors["V4"].Should().Be(new VectorStatus("V4", "XGBoost surrogate", "disabled", "MAE 0.14 > 0.10 on the holdout"));
        vectors["V6"].State.Should().Be("enabled");
        vectors["V1"].State.Should().Be("not built");
        MarkdownStudyReport.Render(_study.Report(), [], "cmd").Should().Contain("| V4 XGBoost surrogate | disabled | MAE 0.14 > 0.10 on the holdout |");
    }

    [Theory]
    [InlineData("{not json", "not a JSON array")]
    [InlineData("""[{"vector":"V9","enabled":true}]""", "entry 0 names vector 'V9'")]
    public void A_malformed_stored_state_is_an_error_naming_the_key_not_a_silent_not_built(string json, string expected)
    {
        _study.Storage.SetSchedulerState(_study.Study.Id, AcceleratorVectors.StateKey, json, _study.Time.GetUtcNow());
        FluentActions.Invoking(() => AcceleratorVectors.Read(_study.Storage, _study.Study.Id))
            .Should().Throw<InvalidDataException>().WithMessage($"*'{AcceleratorVectors.StateKey}'*{expected}*");
    }
}

using Needle.Reporting.StudyReports;
using Needle.Search.Accelerators.Mup;

namespace Needle.Reporting.Tests.StudyReports;

/// <summary>With V1's proxy width in a race, the report names what was tuned at the proxy width and the configuration
/// transferred to the target width; without one it says so and invents nothing.</summary>
public sealed class MupTransferSectionTests
{
    // Two muP configs declaring proxy width 32 for target 256 with different learning rates; the synthetic curves make
    // the lr 0.0065 config the better one (lower asymptote), so it is the race's winner among the proxies.
    private const string Space = """
        { "name": "v1-demo", "model": "TRAIN_V2", "format": "FP32", "experimentIdStart": 301, "seeds": [42],
          "configs": [ { "parametrization": "mup", "d_model": 256, "hidden": 1024, "mup_base_width": 32, "mup_proxy_width": 32, "lr": 0.004,
                         "synthetic.binf": 2.10, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "parametrization": "mup", "d_model": 256, "hidden": 1024, "mup_base_width": 32, "mup_proxy_width": 32, "lr": 0.0065,
                         "synthetic.binf": 1.80, "synthetic.a": 4, "synthetic.p": 0.5 },
                       { "parametrization": "mup", "d_model": 256, "hidden": 1024, "mup_base_width": 32, "mup_proxy_width": 32, "lr": 0.0105,
                         "synthetic.binf": 2.40, "synthetic.a": 4, "synthetic.p": 0.5 } ] }
        """;

    [Fact]
    public void A_race_at_a_proxy_width_reports_the_tuned_lr_and_the_config_transferred_to_the_target_width()
    {
        using var study = new RacedStudy(Space, MupProxyWidth.ToProxy);
        var report = study.Report();
        var m = report.MupTransfer;
        m.ProxyTrials.Should().HaveCount(3).And.OnlyContain(r => r.ProxyWidth == 32 && r.TargetWidth == 256);
        m.Winner.Should().NotBeNull();
        m.Winner!.Lr.Should().Be("0.0065", "the lowest-asymptote config goes furthest and ends lowest");
        m.Transferred!["d_model"].Should().Be("256");
        m.Transferred["hidden"].Should().Be("1024", "the explicit hidden width scales back with d_model");
        m.Transferred["lr"].Should().Be("0.0065", "the lr found at the proxy width is the target's");
        m.Transferred.Should().NotContainKey(MupProxyWidth.TargetWidthKey);

        var md = MarkdownStudyReport.Render(report, [], "needle report --study race.db");
        md.Should().Contain("### V1: tuned at the proxy width, transferred to the target width");
        md.Should().Contain($"Transferred winner: {m.Winner.Label}").And.Contain("tuned at width 32: lr 0.0065").And.Contain("transferred to width 256");
        md.Should().Contain("d_model=256").And.Contain("lr=0.0065");
        var html = HtmlStudyReport.Render(report, [], "needle report --study race.db");
        html.Should().Contain("id=\"v1-transfer\"").And.Contain("tuned at width 32: lr 0.0065").And.Contain("d_model=256");
    }

    [Fact]
    public void A_race_without_a_proxy_width_says_nothing_was_transferred()
    {
        using var study = new RacedStudy();
        var m = study.Report().MupTransfer;
        m.ProxyTrials.Should().BeEmpty();
        m.Winner.Should().BeNull();
        m.Absence.Should().Contain("No trial was raced at a proxy width");
        MarkdownStudyReport.Render(study.Report(), [], "cmd").Should().Contain("No trial was raced at a proxy width");
    }
}

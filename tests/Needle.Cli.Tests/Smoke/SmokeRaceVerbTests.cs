using System.Text.Json.Nodes;

namespace Needle.Cli.Tests.Smoke;

/// <summary>
/// The GATE-0 smoke race end to end: `needle smoke-race` as a real child process on the real engine and corpus. Which
/// trials ASHA prunes depends on the order two parallel runs finish in, so the report is not snapshot-compared; what
/// must hold whatever the order is asserted instead: every criterion GREEN, the plan's canon names in the report, each
/// learning run below 4 bits, the canary killed.
/// </summary>
public sealed class SmokeRaceVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-smoke-race-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Smoke_race_ends_with_every_criterion_green_and_reports_the_plan_s_names()
    {
        var report = Path.Combine(_dir, "smoke.md");
        var (code, stdout, stderr) = NeedleProcess.Run("smoke-race", "--study", Path.Combine(_dir, "smoke.db"), "--out", report, "--json");
        code.Should().Be(0, stderr + stdout);
        var json = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        var criteria = json["criteria"]!.AsArray();
        criteria.Where(c => c!["verdict"]!.GetValue<string>() != "GREEN").Select(c => c!.ToJsonString()).Should().BeEmpty();
        criteria.Should().HaveCount(15);
        json["all_green"]!.GetValue<bool>().Should().BeTrue();

        var runs = json["runs"]!.AsArray().Select(r => r!).ToList();
        runs.Should().HaveCount(23, "21 plan runs, the declared canary and its one hunt replacement");
        foreach (var run in runs.Where(r => !r["diverging"]!.GetValue<bool>()))
            run["final_bpb"]!.GetValue<double>().Should().BeLessThan(4.0, run["canon"]!.GetValue<string>());
        runs.Count(r => r["state"]!.GetValue<string>() == "Pruned").Should().BeGreaterThan(0);
        runs.Single(r => r["canon"]!.GetValue<string>() == "IGLA-HYBRID-FP32-LR5-SMOKE-seed590")["state"]!.GetValue<string>().Should().BeOneOf("Killed", "Diverged");

        var markdown = File.ReadAllText(report);
        markdown.Should().Contain("| IGLA-HYBRID-FP32-WSD-SMOKE-seed500 |").And.Contain("| IGLA-HYBRID-FP32-BS8-SMOKE-seed510 |")
            .And.Contain("| IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520 |").And.Contain("| IGLA-NCA-FP32-GRADFIX-SMOKE-seed530 | HYBRID + NCA 0.25 |")
            .And.Contain("scale 'machine'").And.Contain("configuration check").And.Contain("Overall: GREEN");

        // Smoke before fire: with the GREEN verdict of this binary in the study file, phases 2–4 run (smallest scale).
        foreach (var (phase, runCount, firstId) in new[] { ("phase2", 21, 5), ("phase3", 9, 12), ("phase4", 12, 15) })
        {
            var (pc, pout, perr) = NeedleProcess.Run("plan", "run", $"plans/{phase}.json", "--scale", "smallest", "--study", Path.Combine(_dir, "smoke.db"), "--json");
            pc.Should().Be(0, perr + pout);
            var result = JsonNode.Parse(pout.TrimEnd().Split('\n')[^1])!;
            var trials = result["trials"]!.AsArray().Select(t => t!["canon"]!.GetValue<string>()).ToList();
            trials.Should().HaveCount(runCount, phase);
            trials.Select(t => int.Parse(System.Text.RegularExpressions.Regex.Match(t, @"-E(\d{4})-seed").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
                .Should().Equal(Enumerable.Range(firstId, runCount / 3).SelectMany(id => Enumerable.Repeat(id, 3)), $"{phase}: one experiment id per configuration, shared by its 3 seeds");
            result["actions"]!.AsArray().Should().NotBeEmpty();
            // The gate line is `ledger check` over the rows the run emitted (finishers and reproductions); a dirty build emits none.
            if (NativeTool.InCi) Ledger.CliLedger.Build.CanStampRows.Should().BeTrue("CI builds a clean clone");
            if (Ledger.CliLedger.Build.CanStampRows)
                result["gate"]!.GetValue<string>().Should().StartWith("gate-2: GATE REJECTED").And.Contain("reproduction(s)");
            else
                result["gate"]!.GetValue<string>().Should().Contain("no ledger row emitted");
            result["leaderboard"]!.AsArray().Should().NotBeEmpty();
        }
        // The same phase in a study file without a smoke verdict is refused before anything runs.
        var (rc, _, rerr) = NeedleProcess.Run("plan", "run", "plans/phase2.json", "--scale", "smallest", "--study", Path.Combine(_dir, "fresh.db"));
        rc.Should().Be(ExitCodes.BadInput, rerr);
        rerr.Should().Contain("GREEN GATE-0 smoke race").And.Contain("no --force");
    }
}

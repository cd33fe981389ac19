using System.Text.Json.Nodes;
using Needle.Cli.Tests.Ledger;
using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Plans;

/// <summary>
/// `needle plan run` ends with ledger rows: every finisher is emitted, trained again from scratch and its reproduction
/// emitted naming it, and the gate line is `ledger check` over those rows. A tiny phase-1 plan (no smoke race needed):
/// one configuration, one experiment id, the gate's three seeds, 40 steps of a d16 model — seconds.
/// </summary>
public sealed class PlanLedgerCliTests : IDisposable
{
    private const string Plan = """
        {
          "name": "ledger-e2e", "phase": 1, "title": "Ledger end to end", "source": "a test plan", "policy": "asha",
          "ladder": [40], "eta": 2, "report_every": 10, "master_seed": 7, "gate": "gate-2",
          "base": { "model": "HYBRID", "d_model": "16", "layers": "1", "heads": "2", "ctx": "16", "hidden": "32", "batch": "4",
                    "lr": "0.01", "schedule": "cosine", "format": "FP32", "threads": "1" },
          "scales": {}, "default_scale": "plan", "smallest_scale": "plan",
          "groups": [ { "canon_model": "HYBRID", "format": "FP32", "tag": "LEDGER", "seeds": [43, 44, 45], "experiment_id": 950 } ]
        }
        """;

    private readonly string _dir = Directory.CreateTempSubdirectory("needle-plan-ledger-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { /* temp dir */ }
    }

    [Fact]
    public void Plan_run_emits_its_finishers_and_their_reproductions_and_the_gate_judges_those_rows()
    {
        CliLedger.RequireCleanBuild();
        var plan = Path.Combine(_dir, "ledger-e2e.json");
        File.WriteAllText(plan, Plan);
        var study = Path.Combine(_dir, "run.db");
        var ledger = study + ".ledger.jsonl";

        var (code, stdout, stderr) = NeedleProcess.Run("plan", "run", plan, "--study", study, "--json");
        code.Should().Be(0, stderr + stdout);
        var result = JsonNode.Parse(stdout.TrimEnd().Split('\n')[^1])!;
        var gate = result["gate"]!.GetValue<string>();
        gate.Should().StartWith("gate-2: GATE REJECTED").And.Contain("ledger check " + ledger);

        var rows = LedgerReader.Read(ledger).Entries.Select(e => e.Row).ToList();
        var originals = rows.Where(r => !r.IsReproduction).ToList();
        originals.Select(r => r.Seed).Order().Should().Equal(43, 44, 45);
        originals.Should().OnlyContain(r => r.Step == 40 && r.Agent == "needle plan run" && r.Sha == CliLedger.Build.Sha);
        foreach (var o in originals)
        {
            var repro = rows.Single(r => r.Reproduces == o.RunId);
            repro.Canon.Should().Be(o.Canon);
            repro.ConfigSha256.Should().Be(o.ConfigSha256);
            repro.Bpb.Should().Be(o.Bpb, "trained again from scratch with the same config, seed and commit: the same number");
        }
        var fromStudy = result["leaderboard"]!.AsArray().ToDictionary(l => l!["canon"]!.GetValue<string>(), l => l!["bpb"]!.GetValue<double>());
        originals.Should().OnlyContain(r => fromStudy[r.Canon] == r.Bpb, "each row carries the study's last report (the whole validation split)");

        // `ledger check` on those rows is the verdict the plan printed: one claim (one experiment id) over the three seeds,
        // rejected for the honest reasons of a 40-step run, never for a missing reproduction.
        var (cc, cout, cerr) = NeedleProcess.Run("ledger", "check", ledger, "--gate", "gate-2", "--json");
        cc.Should().Be(4, cerr);
        var check = JsonNode.Parse(cout.TrimEnd().Split('\n')[^1])!;
        var claim = check["claims"]!.AsArray().Should().ContainSingle().Subject!;
        claim["claim"]!.GetValue<string>().Should().Be("IGLA-HYBRID-FP32-LEDGER-E0950-seed*");
        claim["seeds"]!.AsArray().Select(s => s!.GetValue<int>()).Should().Equal(43, 44, 45);
        var rules = claim["findings"]!.AsArray().Select(f => f!["rule"]!.GetValue<string>()).Distinct().ToList();
        rules.Should().Contain(["StepBelowMinimum", "UnderEmbargo"]).And.NotContain("NotReproduced");
        gate.Should().Contain(check["result"]!.GetValue<string>());

        // Resumed: nothing is trained or appended twice.
        var lines = File.ReadAllLines(ledger).Length;
        var (again, aout, aerr) = NeedleProcess.Run("plan", "run", plan, "--study", study, "--json");
        again.Should().Be(0, aerr);
        File.ReadAllLines(ledger).Length.Should().Be(lines);
        JsonNode.Parse(aout.TrimEnd().Split('\n')[^1])!["gate"]!.GetValue<string>().Should().Be(gate);
    }
}

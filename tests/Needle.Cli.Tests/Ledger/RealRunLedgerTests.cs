using System.Text.Json;
using System.Text.Json.Nodes;
using Needle.Core;
using Needle.Core.Ledger;

namespace Needle.Cli.Tests.Ledger;

/// <summary>
/// The example ledger is produced, not written by hand: a real (tiny, seconds) `needle train` on the corpus and
/// its reproduction, appended by `needle ledger emit`, judged by `needle ledger check`. Such a run is honest data
/// but no victory — too few steps, a BPB far outside the band, one seed, under embargo — and the test asserts
/// exactly those reasons, and that the rules about where the number came from (sha, config, reproduction,
/// seal) all hold. The same rows citing the skeleton commit are rejected for it.
/// </summary>
public sealed class RealRunLedgerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("needle-real-ledger-").FullName;
    private string LedgerPath => Path.Combine(_dir, "ledger.jsonl");
    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (string ConfigJson, JsonElement Summary) Train(int seed)
    {
        var (code, stdout, stderr) = NeedleProcess.Run("train", "--model", "attn", "--d-model", "16", "--layers", "1", "--heads", "2",
            "--ctx", "16", "--batch", "4", "--steps", "30", "--eval-every", "0", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--threads", "1", "--json");
        code.Should().Be(0, stderr);
        var lines = stdout.TrimEnd().Split('\n');
        var config = lines.Single(l => l.StartsWith("config ", StringComparison.Ordinal))["config ".Length..].TrimEnd('\r');
        return (config, JsonDocument.Parse(lines[^1]).RootElement.Clone());
    }

    private static string RowFor(string runId, int seed, (string ConfigJson, JsonElement Summary) run, string? reproduces = null)
    {
        var row = new JsonObject
        {
            [LedgerFields.RunId] = runId,
            [LedgerFields.Agent] = "real-run-test",
            [LedgerFields.Canon] = $"IGLA-ATTN-FP32-E0101-rng{seed}",
            [LedgerFields.Seed] = seed,
            [LedgerFields.Bpb] = run.Summary.GetProperty("val_bpb").GetDouble(),
            [LedgerFields.Step] = run.Summary.GetProperty("steps").GetInt32(),
            [LedgerFields.CorpusSha256] = CliLedger.Corpus,
            [LedgerFields.Split] = "val-last-100000",
            [LedgerFields.Tag] = run.Summary.GetProperty("tokens").GetString(),
            [LedgerFields.GateAction] = "candidate",
            [LedgerFields.Config] = JsonNode.Parse(run.ConfigJson),
            [LedgerFields.ConfigSha256] = run.Summary.GetProperty("config_sha256").GetString(),
        };
        if (reproduces is not null) row[LedgerFields.Reproduces] = reproduces;
        return row.ToJsonString();
    }

    private static List<(string Rule, string? RunId)> Findings(string ledger)
    {
        var (code, stdout, stderr) = NeedleProcess.Run("ledger", "check", ledger, "--json");
        code.Should().Be(4, stdout + stderr);
        using var json = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        return json.RootElement.GetProperty("claims").EnumerateArray()
            .SelectMany(c => c.GetProperty("findings").EnumerateArray())
            .Select(f => (f.GetProperty("rule").GetString()!, f.GetProperty("run_id").ValueKind == JsonValueKind.String ? f.GetProperty("run_id").GetString() : null))
            .ToList();
    }

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void A_real_train_and_its_reproduction_emitted_and_checked_are_data_not_a_victory()
    {
        CliLedger.RequireCleanBuild();
        var original = Train(42);
        var again = Train(42);
        ConfigDigest.Sha256(original.ConfigJson).Should().Be(original.Summary.GetProperty("config_sha256").GetString(),
            "the ledger hashes a config exactly as the trainer does");
        again.Summary.GetProperty("val_bpb").GetDouble().Should().Be(original.Summary.GetProperty("val_bpb").GetDouble(),
            "same config, seed and commit give the same number");

        foreach (var row in new[] { RowFor("run-42", 42, original), RowFor("run-42-repro", 42, again, reproduces: "run-42") })
        {
            var (code, _, stderr) = NeedleProcess.Run("ledger", "emit", LedgerPath, "--row", row);
            code.Should().Be(0, stderr);
        }

        var doc = LedgerReader.Read(LedgerPath);
        doc.Errors.Should().BeEmpty();
        doc.Seal!.Line.Should().Be(1);
        doc.Entries.Select(e => e.Row.Sha).Should().AllBe(CliLedger.Head);

        var findings = Findings(LedgerPath);
        findings.Select(f => f.Rule).Distinct().Should().BeEquivalentTo(
            ["StepBelowMinimum", "OutsidePlausibilityBand", "UnderEmbargo", "NotEnoughSeeds"],
            "30 steps, BPB ≈ 7 and one seed just emitted are no victory — and nothing about provenance is wrong");

        // The same ledger, its rows rewritten to cite the repository's first commit, is rejected for it.
        var skeleton = CliLedger.Git.FirstCommit();
        var forged = Path.Combine(_dir, "skeleton.jsonl");
        File.WriteAllText(forged, File.ReadAllText(LedgerPath).Replace(CliLedger.Head, skeleton, StringComparison.Ordinal));
        Findings(forged).Should().Contain([("ShaBeforeTraining", "run-42"), ("ShaBeforeTraining", "run-42-repro")]);
    }
}

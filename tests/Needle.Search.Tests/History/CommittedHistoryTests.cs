using System.Security.Cryptography;
using Needle.Search.History;
using Needle.Testing;

namespace Needle.Search.Tests.History;

/// <summary>The committed history (data/history/): CI reads it, never rebuilds it.</summary>
public sealed class CommittedHistoryTests
{
    private static readonly Lazy<HistoryTable> Table = new(() => HistoryTable.Load(RepoPaths.InRepo("data", "history")));

    [Fact]
    public void Its_manifest_names_the_committed_space_by_hash_and_every_line_passes_its_check()
    {
        var space = RepoPaths.InRepo("spaces", "history.json");
        Table.Value.Manifest.SpaceSha256.Should().Be(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(space))));
        Table.Value.Records.Should().NotBeEmpty();
        Table.Value.Manifest.ExportedTrials.Should().Be(Table.Value.Records.Count);
        (Table.Value.Manifest.Partial || Table.Value.Records.Count == Table.Value.Manifest.PlannedTrials).Should().BeTrue(
            "an export that is not complete must say PARTIAL");
    }

    [Fact]
    public void Every_curve_is_finite_and_increasing_in_step_and_every_completed_trial_reached_the_horizon()
    {
        var ladder = Table.Value.Manifest.Ladder;
        foreach (var r in Table.Value.Records)
        {
            r.Curve.Select(p => p[0]).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            r.Curve.Should().OnlyContain(p => double.IsFinite(p[1]) && p[1] > 0 && p[1] <= 8);
            if (r.State == "Completed")
            {
                r.LastStep.Should().Be(ladder[^1]);
                r.RungBpb.Keys.Should().BeEquivalentTo(ladder.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }
    }

    [Fact]
    public void Each_line_is_a_configuration_of_the_committed_space_with_its_fold()
    {
        var space = HistorySpace.Load(RepoPaths.InRepo("spaces", "history.json"));
        var ids = space.Configs.ToDictionary(c => c.Id);
        foreach (var r in Table.Value.Records)
        {
            ids.Should().ContainKey(r.ConfigId);
            r.Canon.Should().Be(ids[r.ConfigId].Spec(r.Seed).CanonName);
            r.Fold.Should().Be(HistoryConfig.FoldOf(r.ConfigId));
        }
    }

    [Fact]
    public void Every_line_s_config_sha256_is_the_hash_of_its_config_bound_by_today_s_code()
    {
        // The binding of trial settings (defaults included) must not drift: a drifted default would make a re-run of
        // a committed configuration train something else than the line records.
        foreach (var r in Table.Value.Records)
        {
            var config = Needle.Search.Running.EngineTrialConfig.From(new Needle.Search.Study.TrialSpec(r.Canon, r.Seed, r.Config), Table.Value.Horizon);
            config.Hash().Should().Be(r.ConfigSha256, $"{r.Canon} ({r.ConfigId}) binds to {config.ToJson()}");
        }
    }
}

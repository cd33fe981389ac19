using System.Text.Json.Nodes;
using Needle.Core.Vectors;
using Needle.Search.Accelerators.Mup;
using Needle.Search.Compound;
using Needle.Search.Running;
using Needle.Search.Study;

namespace Needle.Search.Tests.Accelerators;

/// <summary>V1 in the search: a declared proxy width is raced when falsifier mode 2 passed, carried back to the target
/// width, and inert (full-width tuning) when it did not.</summary>
public sealed class MupProxyWidthTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("needle-v1-search-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static TrialSpec Spec(params (string Key, string Value)[] config) =>
        new("IGLA-ATTN-FP32-E0001-seed42", 42, new SortedDictionary<string, string>(config.ToDictionary(c => c.Key, c => c.Value), StringComparer.Ordinal));

    private static readonly TrialSpec Declared = Spec(("parametrization", "mup"), ("d_model", "256"), ("hidden", "1024"), ("heads", "2"),
        ("lr", "0.004"), ("mup_base_width", "32"), (MupProxyWidth.ProxyWidthKey, "32"));

    /// <summary>An evidence file whose falsifier-mode-2 state is <paramref name="mode2"/> (the V1 suite writes the real one).</summary>
    private void Evidence(bool mode2)
    {
        var path = VectorEvidence.PathOf(_root, "V1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, new JsonObject
        {
            ["details"] = new JsonObject { ["v1_enabled"] = mode2, ["v1_state_reason"] = mode2 ? "mode 2 passed" : "falsifier mode 2: |slope| 0.25 > 0.1" },
        }.ToJsonString());
    }

    [Fact]
    public void A_declared_proxy_width_is_raced_narrow_and_carried_back_to_the_target_unchanged_in_lr_and_base_width()
    {
        var proxy = MupProxyWidth.ToProxy(Declared);
        proxy.Config["d_model"].Should().Be("32");
        proxy.Config["hidden"].Should().Be("128", "an explicit hidden width scales with d_model");
        proxy.Config["lr"].Should().Be("0.004", "muP's lr is width-free: the tuned value is the target's");
        proxy.Config["mup_base_width"].Should().Be("32");
        proxy.Config[MupProxyWidth.TargetWidthKey].Should().Be("256");
        proxy.Config.Should().NotContainKey(MupProxyWidth.ProxyWidthKey);
        var back = MupProxyWidth.ToTarget(proxy with { Config = new SortedDictionary<string, string>(proxy.Config.ToDictionary(), StringComparer.Ordinal) { ["lr"] = "0.0065" } });
        back.Config["d_model"].Should().Be("256");
        back.Config["hidden"].Should().Be("1024");
        back.Config["lr"].Should().Be("0.0065", "the lr the race chose at the proxy width is the target's");
        back.Config.Should().NotContainKey(MupProxyWidth.TargetWidthKey);
        var plain = Spec(("lr", "0.004"));
        MupProxyWidth.ToProxy(plain).Should().BeSameAs(plain, "a config without a proxy width is untouched");
    }

    [Fact]
    public void Bad_declarations_are_refused_naming_the_trial_and_the_key()
    {
        var sp = () => MupProxyWidth.ToProxy(Spec(("d_model", "256"), (MupProxyWidth.ProxyWidthKey, "32")));
        sp.Should().Throw<ArgumentException>().WithMessage("*E0001*parametrization = mup*");
        var noTarget = () => MupProxyWidth.ToProxy(Spec(("parametrization", "mup"), (MupProxyWidth.ProxyWidthKey, "32")));
        noTarget.Should().Throw<ArgumentException>().WithMessage("*d_model is required*");
        var wider = () => MupProxyWidth.ToProxy(Spec(("parametrization", "mup"), ("d_model", "32"), (MupProxyWidth.ProxyWidthKey, "64")));
        wider.Should().Throw<ArgumentException>().WithMessage("*wider than d_model*");
        var heads = () => MupProxyWidth.ToProxy(Spec(("parametrization", "mup"), ("d_model", "96"), ("heads", "3"), (MupProxyWidth.ProxyWidthKey, "32")));
        heads.Should().Throw<ArgumentException>().WithMessage("*multiple of heads = 3*");
    }

    [Fact]
    public void The_path_runs_only_when_falsifier_mode_2_passed_else_the_race_tunes_at_full_width()
    {
        IReadOnlyList<(TrialSpec, int)> plan = [(Declared, 0), (Spec(("lr", "0.01")), 1)];
        Evidence(mode2: false);
        MupProxyWidth.Mode2(_root).Should().Be((false, "falsifier mode 2: |slope| 0.25 > 0.1"));
        MupProxyWidth.Apply(plan, _root).Should().Equal(plan);
        Evidence(mode2: true);
        var raced = MupProxyWidth.Apply(plan, _root);
        raced[0].Item1.Config["d_model"].Should().Be("32");
        raced[1].Should().Be(plan[1]);
        File.Delete(VectorEvidence.PathOf(_root, "V1"));
        MupProxyWidth.Apply(plan, _root).Should().Equal(plan, "no evidence: no transfer");
    }

    [Fact]
    public void The_engine_accepts_the_proxy_keys_and_trains_at_d_model_so_a_disabled_path_tunes_at_full_width()
    {
        EngineTrialConfig.From(Declared).Model.DModel.Should().Be(256);
        EngineTrialConfig.From(MupProxyWidth.ToProxy(Declared)).Model.DModel.Should().Be(32);
        EngineTrialConfig.From(MupProxyWidth.ToProxy(Declared)).Model.MupBaseWidth.Should().Be(32);
    }

    [Fact]
    public void With_the_committed_evidence_a_requested_v1_is_decided_by_its_verdict_and_reason()
    {
        var root = RepoPaths.Root;
        var v1 = VectorEvidence.Read(root, "V1");
        var decided = LiveVectors.Decide([v1], ["v1"], Needle.Core.Rungs.RungLadder.Parse("100,300:3"), root).States.Single();
        if (v1.Switch == VectorSwitch.Enabled && MupProxyWidth.Mode2(root).Passed)
        {
            decided.Switch.Should().Be(VectorSwitch.Enabled, "V1 has a live component");
        }
        else
        {
            decided.Switch.Should().NotBe(VectorSwitch.Enabled);
            decided.Reason.Should().Contain("falsifier mode 2", "the stored reason says whether mode 2 passed");
        }
    }

    [Fact]
    public void Evidence_that_holds_with_falsifier_mode_2_failed_is_stored_as_disabled_with_mode_2s_reason()
    {
        Evidence(mode2: false);
        var holds = new VectorState("V1", VectorSwitch.Enabled, "every |slope| ≤ 0.1 (max 0.087) and the muP lr optimum moved 0 grid step(s)", null);
        var decided = LiveVectors.Decide([holds], ["v1"], Needle.Core.Rungs.RungLadder.Parse("100,300:3"), _root).States.Single();
        decided.Switch.Should().Be(VectorSwitch.Disabled, "mode 2 failing turns the proxy-width path off: the race tunes at full width");
        decided.Reason.Should().Contain("falsifier mode 2: |slope| 0.25 > 0.1");
        Evidence(mode2: true);
        LiveVectors.Decide([holds], ["v1"], Needle.Core.Rungs.RungLadder.Parse("100,300:3"), _root).States.Single().Switch.Should().Be(VectorSwitch.Enabled);
    }
}

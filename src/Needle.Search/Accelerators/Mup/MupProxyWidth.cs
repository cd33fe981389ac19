using System.Globalization;
using System.Text.Json.Nodes;
using Needle.Core.Vectors;
using Needle.Search.Study;

namespace Needle.Search.Accelerators.Mup;

/// <summary>
/// V1 in a live race: µTransfer's "tune small, train big". A config that declares <c>mup_proxy_width</c> (under
/// <c>parametrization = mup</c>, with an explicit <c>d_model</c>: the target width) is raced at the proxy width — its
/// learning rate and init scales are the dimensions being tuned, and under muP they mean the same thing at every width
/// because the base width (<c>mup_base_width</c>) is kept — and <see cref="ToTarget"/> carries a config back to the
/// target width. The rewrite records the target in <c>mup_target_width</c>, so a study row says what it stands for.
/// <para>
/// The path runs only when V1 is enabled: the race's vector decision (<c>LiveVectors</c>, the evidence's verdict) and
/// falsifier mode 2 — the muP coordinate check across widths {8, 32}, recorded by the V1 suite in the evidence's
/// <c>details.v1_enabled</c> — must both say so. Otherwise the plan is left alone: each config trains at its own
/// d_model (the race tunes at full width) and the proxy key is inert. Reads only files (no model code), so the search
/// does not depend on the engine to decide it.
/// </para>
/// </summary>
public static class MupProxyWidth
{
    /// <summary>The config key a space sets on a config to have it tuned at a narrower width.</summary>
    public const string ProxyWidthKey = "mup_proxy_width";

    /// <summary>The key the rewrite adds: the width the proxy stands for.</summary>
    public const string TargetWidthKey = "mup_target_width";

    /// <summary>Falsifier mode 2's state as the V1 suite recorded it: (passed, reason). A missing file or field is "not passed".</summary>
    public static (bool Passed, string Reason) Mode2(string repositoryRoot)
    {
        var path = VectorEvidence.PathOf(repositoryRoot, "V1");
        if (!File.Exists(path)) return (false, $"{path} is missing: run needle falsify --only v1");
        try
        {
            var details = JsonNode.Parse(File.ReadAllText(path))?["details"];
            bool? enabled = details?["v1_enabled"]?.GetValue<bool>();
            string reason = details?["v1_state_reason"]?.GetValue<string>() ?? "no falsifier-mode-2 state recorded";
            return enabled is true ? (true, reason) : (false, reason);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return (false, $"{path}: unreadable falsifier-mode-2 state ({e.Message}); re-run needle falsify --only v1");
        }
    }

    /// <summary>The live component (<c>LiveVectors</c>): every config declaring a proxy width is raced at it, when
    /// falsifier mode 2 passed; else the plan is returned unchanged (the race tunes at full width).</summary>
    public static IReadOnlyList<(TrialSpec Spec, int Bracket)> Apply(IReadOnlyList<(TrialSpec Spec, int Bracket)> plan, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!Mode2(repositoryRoot).Passed) return plan;
        return [.. plan.Select(p => (ToProxy(p.Spec), p.Bracket))];
    }

    /// <summary>The trial at its declared proxy width (unchanged when it declares none).</summary>
    public static TrialSpec ToProxy(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var c = spec.Config;
        if (!c.TryGetValue(ProxyWidthKey, out _)) return spec;
        if (!string.Equals(c.GetValueOrDefault("parametrization"), "mup", StringComparison.OrdinalIgnoreCase))
            throw Bad(spec, $"{ProxyWidthKey} needs parametrization = mup: only a muP config's learning rate and init transfer across width");
        int target = Positive(spec, "d_model", required: true);
        int proxy = Positive(spec, ProxyWidthKey, required: true);
        if (proxy > target) throw Bad(spec, $"{ProxyWidthKey} = {proxy} is wider than d_model = {target}; a proxy is narrower than its target");
        return Rewrite(spec, from: target, to: proxy, c => { c.Remove(ProxyWidthKey); c[TargetWidthKey] = Text(target); });
    }

    /// <summary>A proxy trial's config carried to its target width: d_model and an explicit hidden width scaled back;
    /// lr, init scales and the base width as tuned (muP makes them width-free).</summary>
    public static TrialSpec ToTarget(TrialSpec proxySpec)
    {
        ArgumentNullException.ThrowIfNull(proxySpec);
        if (!proxySpec.Config.ContainsKey(TargetWidthKey)) throw Bad(proxySpec, $"not a proxy trial (no {TargetWidthKey})");
        int target = Positive(proxySpec, TargetWidthKey, required: true);
        int proxy = Positive(proxySpec, "d_model", required: true);
        return Rewrite(proxySpec, from: proxy, to: target, c => c.Remove(TargetWidthKey));
    }

    /// <summary>d_model from → to; an explicit hidden width (and every other width dimension muP scales: here only
    /// hidden, since heads stay fixed and the head size follows d_model) in proportion.</summary>
    private static TrialSpec Rewrite(TrialSpec spec, int from, int to, Action<SortedDictionary<string, string>> mark)
    {
        var c = new SortedDictionary<string, string>(spec.Config.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal)
        {
            ["d_model"] = Text(to),
        };
        if (c.ContainsKey("hidden"))
        {
            int hidden = Positive(spec, "hidden", required: true);
            if ((long)hidden * to % from != 0) throw Bad(spec, $"hidden = {hidden} does not scale to an integer at width {to} (× {to}/{from})");
            c["hidden"] = Text((int)((long)hidden * to / from));
        }
        if (c.TryGetValue("heads", out _) && to % Positive(spec, "heads", required: true) != 0)
            throw Bad(spec, $"width {to} is not a multiple of heads = {c["heads"]}; pick a proxy width the heads divide");
        mark(c);
        return spec with { Config = c };
    }

    private static int Positive(TrialSpec spec, string key, bool required)
    {
        if (!spec.Config.TryGetValue(key, out var v))
            return required ? throw Bad(spec, $"{key} is required with {ProxyWidthKey} (the target width must be explicit)") : 0;
        return int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i > 0 ? i
            : throw Bad(spec, $"{key} = '{v}' is not a positive integer");
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static ArgumentException Bad(TrialSpec spec, string what) => new($"trial '{spec.CanonName}': {what}");
}

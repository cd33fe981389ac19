using Needle.Search.Accelerators.Mup;
using Needle.Search.Study;

namespace Needle.Reporting.StudyReports;

/// <summary>One trial the race trained at a muP proxy width (its config carries <c>mup_target_width</c>).</summary>
/// <param name="Label">The trial's label ("#3 seed 42").</param>
/// <param name="Canon">Its canon name.</param>
/// <param name="ProxyWidth">The d_model it trained at.</param>
/// <param name="TargetWidth">The width it stands for.</param>
/// <param name="Lr">Its learning rate as the config spells it ("—" when the config sets none).</param>
/// <param name="LastStep">Its last reported step (0 when it reported nothing).</param>
/// <param name="LastBpb">The BPB of that report (NaN when none).</param>
public sealed record ProxyTrialRow(string Label, string Canon, int ProxyWidth, int TargetWidth, string Lr, long LastStep, double LastBpb);

/// <summary>
/// V1 in a race (docs/v1-mup.md, "V1 in the search"): what was tuned at the proxy width and the configuration that
/// transfers to the target width. <see cref="Winner"/> is the proxy trial that went furthest (highest last step; among
/// those the lowest last BPB, then the lowest trial number) — the race's own choice among the proxies; its
/// <see cref="Transferred"/> config is <see cref="MupProxyWidth.ToTarget"/> of it: d_model (and an explicit hidden
/// width) back at the target, the learning rate, init scales and base width as tuned. Empty when no trial was raced at
/// a proxy width (V1 off, or no config declares one).
/// </summary>
public sealed record MupTransferSection(IReadOnlyList<ProxyTrialRow> ProxyTrials, ProxyTrialRow? Winner, IReadOnlyDictionary<string, string>? Transferred)
{
    /// <summary>The section of a study: its proxy trials, in trial order, and the transferred winner.</summary>
    public static MupTransferSection Read(IStudyStorage storage, long studyId)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var proxies = new List<(TrialRecord Trial, ProxyTrialRow Row)>();
        foreach (var trial in storage.GetTrials(studyId).OrderBy(t => t.Number))
        {
            var config = trial.Spec.Config;
            if (!config.ContainsKey(MupProxyWidth.TargetWidthKey)) continue;
            var last = storage.GetCurve(trial.Id).Select(p => (Needle.Search.Curves.CurvePoint?)p).LastOrDefault();
            proxies.Add((trial, new ProxyTrialRow($"#{trial.Number} seed {trial.Spec.Seed}", trial.Spec.CanonName,
                Width(trial, "d_model"), Width(trial, MupProxyWidth.TargetWidthKey), config.GetValueOrDefault("lr") ?? "—",
                last?.Step ?? 0, last?.Bpb ?? double.NaN)));
        }
        var best = proxies.Where(p => p.Row.LastStep > 0)
            .OrderByDescending(p => p.Row.LastStep).ThenBy(p => p.Row.LastBpb).ThenBy(p => p.Trial.Number)
            .Select(p => ((TrialRecord, ProxyTrialRow)?)p).FirstOrDefault();
        return best is { } w
            ? new MupTransferSection([.. proxies.Select(p => p.Row)], w.Item2, MupProxyWidth.ToTarget(w.Item1.Spec).Config)
            : new MupTransferSection([.. proxies.Select(p => p.Row)], null, null);
    }

    /// <summary>The sentence shown when the study has no proxy trial, or none has reported yet.</summary>
    public string? Absence => ProxyTrials.Count == 0
        ? $"No trial was raced at a proxy width: V1 was off in this race (its state is above) or no config declares {MupProxyWidth.ProxyWidthKey}."
        : Winner is null ? $"{ProxyTrials.Count} trial(s) were planned at a proxy width, but none has reported yet: nothing to transfer." : null;

    /// <summary>The transferred configuration as one line of key=value pairs (sorted keys, as the trial stores them).</summary>
    public string TransferredText => Transferred is null ? "" : string.Join(", ", Transferred.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value}"));

    private static int Width(TrialRecord trial, string key) =>
        int.TryParse(trial.Spec.Config.GetValueOrDefault(key), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var w) ? w
            : throw new InvalidDataException($"trial '{trial.Spec.CanonName}': {key} = '{trial.Spec.Config.GetValueOrDefault(key)}' is not an integer width; the study's proxy trial is malformed");
}

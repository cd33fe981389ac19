using System.Collections.Concurrent;
using System.Text.Json;
using Needle.Search.Curves;
using Needle.Search.Hunt;
using Needle.Search.Seeds;
using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// The seed hunt inside a live race: every <c>checkEvery</c> reports of a running trial, classify it against the
/// leader (the lowest b∞ fitted at any rung so far) and, when it is DIVERGING, kill it cooperatively and queue one
/// replacement seed (φ-anchored, via <see cref="SeedHunt.Mirror"/>) once its slot is free.
/// Two choices the plan leaves open:
/// - a curve whose last window rises faster than the diverging slope is not a decaying power law, so its "predicted"
///   value is its latest BPB (under a rising trend it will not end below it), not a fitted b∞;
/// - a killed seed is replaced once; a replacement that diverges too is killed but not replaced (the config, not the
///   seed, is then at fault), which also bounds the work a broken config can cause.
/// </summary>
internal sealed class DivergenceWatch(IStudyStorage storage, StudyRecord study, TimeProvider time, int checkEvery, SeedStateRules rules)
{
    private const string ReplacementsKey = "replacements";
    private readonly ConcurrentDictionary<long, double> _asymptotes = new();
    private readonly ConcurrentDictionary<long, int> _reports = new();
    private readonly Lock _stateGate = new();

    /// <summary>The leader's b∞: the lowest fitted at a rung so far (null before any fit).</summary>
    public double? Leader => _asymptotes.IsEmpty ? null : _asymptotes.Values.Min();

    /// <summary>After a rung decision: refit the trial's curve so the leader stays current.</summary>
    public void AtRung(TrialRecord trial)
    {
        if (PowerLawCurveFit.Fit(storage.GetCurve(trial.Id)) is CurveForecast.Fitted f) _asymptotes[trial.Id] = f.Asymptote;
    }

    /// <summary>After a report: returns the assessment when the trial should be killed as DIVERGING, else null.</summary>
    public SeedAssessment? AfterReport(TrialRecord trial)
    {
        var n = _reports.AddOrUpdate(trial.Id, 1, (_, c) => c + 1);
        if (n % checkEvery != 0 || Leader is not { } leader) return null;
        var curve = storage.GetCurve(trial.Id);
        var slope = WindowSlope.Of(curve);
        double? predicted = slope > rules.DivergingSlope
            ? curve[^1].Bpb
            : (PowerLawCurveFit.Fit(curve) as CurveForecast.Fitted)?.Asymptote;
        var assessment = SeedStateClassifier.Classify(predicted, leader, slope, rules);
        return assessment.State == SeedState.Diverging ? assessment : null;
    }

    /// <summary>Queues one replacement for a killed trial, unless it is itself a replacement. Returns it, or null.</summary>
    public TrialRecord? Replace(TrialRecord killed)
    {
        lock (_stateGate)
        {
            var map = storage.GetSeedHuntState(study.Id, ReplacementsKey) is { } json
                ? JsonSerializer.Deserialize<Dictionary<string, string>>(json)!
                : [];
            if (map.ContainsValue(killed.Spec.CanonName) || map.ContainsKey(killed.Spec.CanonName)) return null;
            var replacement = new SeedHunt(storage, study, time, rules).Mirror(killed.Spec.CanonName, 1, MirrorStrategy.PhiAnchored).Single();
            map[killed.Spec.CanonName] = replacement.Spec.CanonName;
            storage.SetSeedHuntState(study.Id, ReplacementsKey, JsonSerializer.Serialize(map), time.GetUtcNow());
            return replacement;
        }
    }
}

using Needle.Core.Rungs;
using Needle.Core.Seeds;
using Needle.Search.Study;

namespace Needle.Search.Space;

/// <summary>
/// Turns a space into the study's trials: every (config, seed), each with its entry rung (bracket). With
/// <c>"hyperband": true</c> each trial draws a Hyperband bracket from the master seed's "hyperband" stream, weighted by
/// the bracket's n_s (so the brackets are filled in Hyperband's proportions); a family's <c>minimumStep</c> moves the
/// entry to the first rung at or above it.
/// </summary>
public static class StudyPlanner
{
    /// <summary>Trials in creation order, with their bracket (entry rung index).</summary>
    public static IReadOnlyList<(TrialSpec Spec, int Bracket)> Plan(RaceSpace space, RungLadder ladder, ulong masterSeed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(ladder);
        var minimumEntry = ladder.EntryIndexFor(space.MinimumStep);
        var brackets = HyperbandBrackets.For(ladder);
        var random = new SeededRandomSource(masterSeed).Fork("hyperband");
        var total = brackets.Sum(b => b.Trials);
        var trials = new List<(TrialSpec, int)>();
        for (var c = 0; c < space.Configs.Count; c++)
        {
            foreach (var seed in space.Seeds)
            {
                var entry = minimumEntry;
                if (space.Hyperband)
                {
                    var pick = (long)(random.NextDouble() * total);
                    foreach (var b in brackets)
                    {
                        if (pick < b.Trials) { entry = Math.Max(entry, b.EntryRungIndex); break; }
                        pick -= b.Trials;
                    }
                }
                trials.Add((new TrialSpec(space.CanonName(c, seed), seed, space.Configs[c], space.MinimumStep), entry));
            }
        }
        return trials;
    }
}

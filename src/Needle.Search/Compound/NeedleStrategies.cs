using Needle.Core.Vectors;
using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// The compound strategy "needle" = ASHA with every ENABLED vector that a replay can compose, its leave-one-out
/// ablations ("needle-minus-v3" …: needle without one vector, so each one's contribution is measured, not assumed),
/// and "needle-v123" (ASHA with the enabled ones of V1, V2, V3: H's falsifier 1). What is used, and why anything is
/// not, is said per vector.
/// </summary>
public sealed class NeedleStrategies
{
    public const string Needle = "needle";
    public const string MinusPrefix = "needle-minus-";
    public const string V123 = "needle-v123";

    private static readonly string[] FirstPromotionVectors = ["V1", "V2", "V3"];

    public NeedleStrategies(IReadOnlyList<VectorState> states, ReplayVectors.Context context)
    {
        ArgumentNullException.ThrowIfNull(states);
        Context = context;
        var used = new List<string>();
        var why = new List<(string Vector, string Reason)>();
        foreach (var s in states.OrderBy(s => s.Vector, StringComparer.Ordinal))
        {
            if (s.Switch != VectorSwitch.Enabled) why.Add((s.Vector, $"{s.SwitchText}: {s.Reason}"));
            else if (ReplayVectors.WhyNotReplayable(s.Vector) is { } not) why.Add((s.Vector, $"enabled, but not in the replay: {not}"));
            else used.Add(s.Vector);
        }
        Used = used;
        NotUsed = why;
    }

    public ReplayVectors.Context Context { get; }

    /// <summary>The vectors "needle" composes (enabled and replayable).</summary>
    public IReadOnlyList<string> Used { get; }

    /// <summary>Every other vector, with why it is not in "needle".</summary>
    public IReadOnlyList<(string Vector, string Reason)> NotUsed { get; }

    /// <summary>The vectors of H's falsifier 1 that needle uses.</summary>
    public IReadOnlyList<string> UsedOfV123 => [.. Used.Where(v => FirstPromotionVectors.Contains(v))];

    /// <summary>The strategies to replay: needle, one ablation per used vector, and needle-v123.</summary>
    public IReadOnlyList<string> Names => [Needle, .. Used.Select(v => MinusPrefix + v.ToLowerInvariant()), V123];

    public static bool IsCompound(string name) => name == Needle || name == V123 || name.StartsWith(MinusPrefix, StringComparison.Ordinal);

    /// <summary>The strategy named <paramref name="name"/> (one of <see cref="Names"/>), built afresh (components may keep state).</summary>
    public SearchStrategy Build(string name)
    {
        if (name == Needle) return ReplayVectors.Compose(name, Used, Context);
        if (name == V123) return ReplayVectors.Compose(name, UsedOfV123, Context);
        if (name.StartsWith(MinusPrefix, StringComparison.Ordinal))
        {
            var without = VectorNames.Normalise(name[MinusPrefix.Length..]);
            if (!Used.Contains(without))
                throw new ArgumentException($"'{name}': {without} is not in needle ({NotUsed.FirstOrDefault(n => n.Vector == without).Reason ?? "unknown"})");
            return ReplayVectors.Compose(name, Used.Where(v => v != without), Context);
        }
        throw new ArgumentException($"'{name}' is not a compound strategy; use needle, needle-v123 or needle-minus-v<n>");
    }
}

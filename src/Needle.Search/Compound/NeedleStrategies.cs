using Needle.Core.Vectors;
using Needle.Search.Replay;

namespace Needle.Search.Compound;

/// <summary>
/// The compound strategy "needle" = ASHA with every ENABLED vector that a replay can compose; its leave-one-out
/// ablations ("needle-minus-v4" …: needle without one vector, so each one's contribution is measured, not assumed);
/// what-if rows ("needle-plus-v2" …: needle plus one replayable vector its evidence switched off — NOT part of needle,
/// measured so a refuted vector's effect on the compound is seen too); and "needle-v123" (ASHA with the replayable ones
/// of V1, V2, V3, H's falsifier 1 — a what-if when any of them is off). What is used, and why anything is not, is said
/// per vector.
/// </summary>
public sealed class NeedleStrategies
{
    public const string Needle = "needle";
    public const string MinusPrefix = "needle-minus-";
    public const string PlusPrefix = "needle-plus-";
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
        WhatIf = [.. why.Select(w => w.Vector).Where(v => ReplayVectors.WhyNotReplayable(v) is null)];
    }

    public ReplayVectors.Context Context { get; }

    /// <summary>The vectors "needle" composes (enabled and replayable).</summary>
    public IReadOnlyList<string> Used { get; }

    /// <summary>Every other vector, with why it is not in "needle".</summary>
    public IReadOnlyList<(string Vector, string Reason)> NotUsed { get; }

    /// <summary>Replayable vectors that are off: each gets a what-if row (needle plus it), never part of needle.</summary>
    public IReadOnlyList<string> WhatIf { get; }

    /// <summary>The vectors of H's falsifier 1 that needle uses.</summary>
    public IReadOnlyList<string> UsedOfV123 => [.. Used.Where(v => FirstPromotionVectors.Contains(v))];

    /// <summary>The vectors needle-v123 composes: the replayable ones of V1, V2, V3, whatever their verdict (V1 cannot be replayed).</summary>
    public IReadOnlyList<string> V123Vectors => [.. FirstPromotionVectors.Where(v => ReplayVectors.WhyNotReplayable(v) is null)];

    /// <summary>True when needle-v123 composes a vector needle does not use: its figures are a what-if.</summary>
    public bool V123IsWhatIf => V123Vectors.Any(v => !Used.Contains(v));

    /// <summary>The strategies to replay: needle, one ablation per used vector, one what-if per replayable vector that is off, and needle-v123.</summary>
    public IReadOnlyList<string> Names =>
        [Needle, .. Used.Select(v => MinusPrefix + v.ToLowerInvariant()), .. WhatIf.Select(v => PlusPrefix + v.ToLowerInvariant()), V123];

    public static bool IsCompound(string name) =>
        name == Needle || name == V123 || name.StartsWith(MinusPrefix, StringComparison.Ordinal) || name.StartsWith(PlusPrefix, StringComparison.Ordinal);

    /// <summary>The strategy named <paramref name="name"/> (one of <see cref="Names"/>), built afresh (components may keep state).</summary>
    public SearchStrategy Build(string name)
    {
        if (name == Needle) return ReplayVectors.Compose(name, Used, Context);
        if (name == V123) return ReplayVectors.Compose(name, V123Vectors, Context);
        if (name.StartsWith(MinusPrefix, StringComparison.Ordinal))
        {
            var without = VectorNames.Normalise(name[MinusPrefix.Length..]);
            if (!Used.Contains(without))
                throw new ArgumentException($"'{name}': {without} is not in needle ({NotUsed.FirstOrDefault(n => n.Vector == without).Reason ?? "unknown"})");
            return ReplayVectors.Compose(name, Used.Where(v => v != without), Context);
        }
        if (name.StartsWith(PlusPrefix, StringComparison.Ordinal))
        {
            var with = VectorNames.Normalise(name[PlusPrefix.Length..]);
            if (Used.Contains(with)) throw new ArgumentException($"'{name}': {with} is already in needle; a what-if adds a vector that is off");
            if (ReplayVectors.WhyNotReplayable(with) is { } not) throw new ArgumentException($"'{name}': {with} cannot be replayed: {not}");
            return ReplayVectors.Compose(name, [.. Used, with], Context);
        }
        throw new ArgumentException($"'{name}' is not a compound strategy; use needle, needle-v123, needle-minus-v<n> or needle-plus-v<n>");
    }
}

namespace Needle.Core.Rungs;

/// <summary>
/// One Hyperband bracket over a <see cref="RungLadder"/>: successive halving that starts at rung
/// <see cref="EntryRungIndex"/> with <see cref="Population"/> trials[i] at each later rung.
/// </summary>
/// <param name="S">Hyperband's bracket index s (s_max = most exploratory, 0 = no early stopping).</param>
/// <param name="EntryRungIndex">The ladder index where trials of this bracket are first judged.</param>
/// <param name="Steps">The rung steps this bracket visits, from its entry rung to the ladder's end.</param>
/// <param name="Population">Trials alive at each of those rungs: ⌊n·η^−i⌋.</param>
public sealed record HyperbandBracket(int S, int EntryRungIndex, IReadOnlyList<long> Steps, IReadOnlyList<long> Population)
{
    /// <summary>n: trials started in the bracket.</summary>
    public long Trials => Population[0];

    /// <summary>
    /// Steps trained when every trial is restarted from scratch at each rung (no checkpoints): Σ nᵢ·rᵢ.
    /// </summary>
    public long StepsWithoutCheckpoints => Steps.Select((r, i) => r * Population[i]).Sum();

    /// <summary>
    /// Steps trained when a promoted trial continues from its rung checkpoint: Σ nᵢ·(rᵢ − rᵢ₋₁), r₋₁ = 0.
    /// This is what Needle's runner spends.
    /// </summary>
    public long StepsWithCheckpoints => Steps.Select((r, i) => (r - (i == 0 ? 0 : Steps[i - 1])) * Population[i]).Sum();
}

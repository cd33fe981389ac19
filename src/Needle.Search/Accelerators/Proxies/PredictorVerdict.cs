namespace Needle.Search.Accelerators.Proxies;

/// <summary>
/// A predictor vector's (V2 zero-cost proxies, V4 surrogate) state as its gate decided it on real data: enabled or
/// not, and why in words. The evidence file records the same verdict (its <c>notes</c> is <see cref="Reason"/>); the
/// compound strategy reads either. <see cref="Determinable"/> is false when the data was too small for the
/// pre-registered test (the vector is then off, and the reason says "not determinable").
/// </summary>
public sealed record PredictorVerdict(string Vector, bool Enabled, bool Determinable, string Reason)
{
    public string State => Enabled ? "enabled" : "disabled";

    public override string ToString() => $"{Vector}: {State} — {Reason}";
}

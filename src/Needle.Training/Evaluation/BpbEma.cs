using Needle.Core.Invariants;

namespace Needle.Training.Evaluation;

/// <summary>
/// The upstream's exponential moving average of evaluation BPB: ema ← β·ema + (1 − β)·bpb with β = 0.618, the
/// first value initialising it. Needle reports it separately from the raw validation BPB and never in place of it
/// (docs/decisions.md). INV-7: the decay lies strictly in (0, 1), checked here.
/// </summary>
[Invariant("INV-7")]
public sealed class BpbEma
{
    /// <summary>The upstream's decay, 1/φ.</summary>
    public const double UpstreamDecay = 0.618;

    public BpbEma(double decay = UpstreamDecay)
    {
        if (!(decay > 0.0 && decay < 1.0))
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "INV-7: the BPB EMA decay must lie strictly in (0, 1)");
        Decay = decay;
    }

    public double Decay { get; }

    /// <summary>The current average; NaN before the first value.</summary>
    public double Value { get; private set; } = double.NaN;

    public int Count { get; private set; }

    public double Update(double bpb)
    {
        if (!double.IsFinite(bpb)) throw new ArgumentException($"BPB value {bpb} is not finite", nameof(bpb));
        Value = Count == 0 ? bpb : Decay * Value + (1.0 - Decay) * bpb;
        Count++;
        return Value;
    }

    /// <summary>Restores the state from a checkpoint.</summary>
    public void Restore(double value, int count)
    {
        Value = value;
        Count = count;
    }
}

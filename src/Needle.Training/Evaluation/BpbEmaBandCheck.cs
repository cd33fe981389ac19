using Needle.Core.Invariants;

namespace Needle.Training.Evaluation;

/// <summary>
/// INV-7 at run time (start of a train): the real <see cref="BpbEma"/> with the upstream decay stays inside the band
/// [min, max] of its inputs over a fixed series (Ema.v's ema_within_band), and refuses a decay outside (0, 1).
/// </summary>
public sealed class BpbEmaBandCheck : IInvariantCheck
{
    public string? FindViolation()
    {
        double[] series = [4.8, 3.1, 5.6, 2.2, 2.9, 7.4, 1.3, 1.35, 6.0, 2.5];
        var ema = new BpbEma();
        var lo = double.PositiveInfinity;
        var hi = double.NegativeInfinity;
        foreach (var x in series)
        {
            lo = Math.Min(lo, x);
            hi = Math.Max(hi, x);
            var v = ema.Update(x);
            if (v < lo || v > hi) return $"the EMA {v} left the band [{lo}, {hi}] of its inputs";
        }
        foreach (var bad in new[] { 0.0, 1.0, -0.5, double.NaN })
        {
            try
            {
                _ = new BpbEma(bad);
                return $"BpbEma accepted the decay {bad}, outside (0, 1)";
            }
            catch (ArgumentOutOfRangeException) { /* refused, as it must be */ }
        }
        return null;
    }
}

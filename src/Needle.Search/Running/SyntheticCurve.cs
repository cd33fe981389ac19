using System.Globalization;
using System.Text;
using Needle.Core.Seeds;
using Needle.Search.Study;

namespace Needle.Search.Running;

/// <summary>
/// The deterministic learning curve of the scheduler's test harness: BPB(t) = b∞ + a·t^(−p) + N(0, σ²) noise, plus
/// an optional divergence (BPB rising by <see cref="DivergeSlope"/> per step after <see cref="DivergeAfter"/>).
/// Parameters come from the config keys <c>synthetic.binf</c>, <c>synthetic.a</c>, <c>synthetic.p</c>,
/// <c>synthetic.noise</c>, <c>synthetic.diverge_after</c>, <c>synthetic.diverge_slope</c> when present, otherwise
/// from a hash of (canon name, seed): same spec → same curve, on any machine.
/// </summary>
public sealed record SyntheticCurve(double Asymptote, double A, double P, double Noise, long? DivergeAfter, double DivergeSlope, ulong NoiseSeed)
{
    /// <summary>The curve for a trial spec.</summary>
    public static SyntheticCurve For(TrialSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var h = Hash(spec.CanonName + "|" + spec.Seed.ToString(CultureInfo.InvariantCulture) + "|" + spec.ConfigKey);
        double U(int i) => (Mix(h + (ulong)i) >> 11) * (1.0 / (1UL << 53));
        double Get(string key, double fallback) =>
            spec.Config.TryGetValue(key, out var text)
                ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
                    ? v
                    : throw new FormatException($"trial '{spec.CanonName}': config '{key}' = '{text}' is not a finite number")
                : fallback;
        long? divergeAfter = spec.Config.ContainsKey("synthetic.diverge_after") ? (long)Get("synthetic.diverge_after", 0) : null;
        return new SyntheticCurve(
            Get("synthetic.binf", 1.6 + 0.6 * U(1)),
            Get("synthetic.a", 5 + 5 * U(2)), // at most 10: a default curve stays below 8 bits (Divergence) from step 10 on
            Get("synthetic.p", 0.3 + 0.4 * U(3)),
            Get("synthetic.noise", 0.005),
            divergeAfter,
            Get("synthetic.diverge_slope", 0.002),
            h);
    }

    /// <summary>Noise-free BPB at <paramref name="step"/>.</summary>
    public double Mean(long step)
    {
        var value = Asymptote + A * Math.Pow(step, -P);
        if (DivergeAfter is { } d && step > d) value += DivergeSlope * (step - d);
        return value;
    }

    /// <summary>BPB at <paramref name="step"/> with its deterministic noise draw (Box–Muller on hashed uniforms).</summary>
    public double At(long step)
    {
        var u1 = ((Mix(NoiseSeed ^ (ulong)step * 0x9E3779B97F4A7C15UL) >> 11) + 1) * (1.0 / ((1UL << 53) + 1));
        var u2 = (Mix(NoiseSeed + (ulong)step * 0xD1B54A32D192ED03UL) >> 11) * (1.0 / (1UL << 53));
        var gaussian = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Mean(step) + Noise * gaussian;
    }

    private static ulong Hash(string s)
    {
        var h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        return h;
    }

    /// <summary>One SplitMix64 draw from state <paramref name="z"/> (the state is a copy: the hash is stateless).</summary>
    private static ulong Mix(ulong z) => SplitMix64.Step(ref z);
}

namespace Needle.Core.Seeds;

/// <summary>
/// A tiny counter-friendly PRNG (SplitMix64), the one implementation in Needle. Every random choice in training
/// derives from one master seed through this type, so the same seed gives the same numbers on every machine and
/// thread count; <see cref="SeededRandomSource"/> seeds xoshiro256** with <see cref="Step"/>, and hashed noise
/// (the synthetic curves) uses <see cref="Mix"/>.
/// </summary>
public struct SplitMix64(ulong state)
{
    private ulong _state = state;

    /// <summary>The current state, so a checkpoint can store and restore the stream exactly.</summary>
    public readonly ulong State => _state;

    /// <summary>A stream derived from a seed and a stream id (e.g. the step), independent of other streams.</summary>
    public static SplitMix64 Derive(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + Gamma)));

    /// <summary>The golden-ratio increment that advances the state.</summary>
    public const ulong Gamma = 0x9E3779B97F4A7C15UL;

    public ulong NextULong() => Step(ref _state);

    /// <summary>Advance <paramref name="state"/> by <see cref="Gamma"/> and return the mixed new state: one SplitMix64 draw.</summary>
    public static ulong Step(ref ulong state)
    {
        state += Gamma;
        return Mix(state);
    }

    /// <summary>Uniform in [0, n) without modulo bias worth caring about for n far below 2^32.</summary>
    public int NextInt(int n) => (int)((NextULong() >> 32) * (ulong)n >> 32);

    /// <summary>Uniform in [0, 1) with 24 bits, exactly representable as float.</summary>
    public float NextFloat() => (NextULong() >> 40) * (1.0f / (1 << 24));

    /// <summary>Standard normal by Box–Muller (double precision inside, so it is stable across platforms).</summary>
    public double NextGaussian()
    {
        double u1 = ((NextULong() >> 11) + 1.0) * (1.0 / 9007199254740993.0);
        double u2 = (NextULong() >> 11) * (1.0 / 9007199254740992.0);
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>The SplitMix64 finaliser (Stafford's variant 13): a bijective 64-bit mix.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

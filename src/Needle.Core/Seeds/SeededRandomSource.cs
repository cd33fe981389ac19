using System.Text;

namespace Needle.Core.Seeds;

/// <summary>
/// <see cref="IRandomSource"/> on xoshiro256** seeded through SplitMix64 (the generator's authors' recommended
/// seeding). Chosen over System.Random because its sequence is specified, so numbers do not change with the runtime.
/// </summary>
public sealed class SeededRandomSource : IRandomSource
{
    private ulong _s0, _s1, _s2, _s3;

    /// <summary>A stream from <paramref name="seed"/> (the master seed of a study or run).</summary>
    public SeededRandomSource(ulong seed)
    {
        Seed = seed;
        var sm = seed;
        _s0 = SplitMix64.Step(ref sm);
        _s1 = SplitMix64.Step(ref sm);
        _s2 = SplitMix64.Step(ref sm);
        _s3 = SplitMix64.Step(ref sm);
    }

    public ulong Seed { get; }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public int NextInt(int exclusiveMax)
    {
        if (exclusiveMax <= 0) throw new ArgumentOutOfRangeException(nameof(exclusiveMax), exclusiveMax, "must be positive");
        // Rejection sampling: no modulo bias.
        var bound = (ulong)exclusiveMax;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong x;
        do x = NextUInt64(); while (x >= limit);
        return (int)(x % bound);
    }

    public IRandomSource Fork(string purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        // FNV-1a of the purpose, mixed with the seed: a stable function of (master seed, purpose) only.
        var h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(purpose))
        {
            h ^= b;
            h *= 1099511628211UL;
        }
        var mix = Seed ^ h;
        return new SeededRandomSource(SplitMix64.Step(ref mix));
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}

namespace Needle.Core.Seeds;

/// <summary>
/// Every random choice in Needle goes through one of these, derived from a single master seed, so a run is
/// reproducible from its config and seed alone (the Polly convention: inject nondeterminism, never new Random()).
/// </summary>
public interface IRandomSource
{
    /// <summary>The seed this stream was created from (the master seed, or a derived one for a fork).</summary>
    ulong Seed { get; }

    /// <summary>The next 64 uniformly random bits.</summary>
    ulong NextUInt64();

    /// <summary>A uniform double in [0, 1).</summary>
    double NextDouble();

    /// <summary>A uniform integer in [0, <paramref name="exclusiveMax"/>).</summary>
    int NextInt(int exclusiveMax);

    /// <summary>
    /// An independent stream named <paramref name="purpose"/>: the same master seed and purpose always give the same
    /// stream, and drawing from one fork never shifts another (adding a new consumer does not change old results).
    /// </summary>
    IRandomSource Fork(string purpose);
}

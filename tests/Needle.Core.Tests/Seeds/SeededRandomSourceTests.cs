using Needle.Core.Seeds;

namespace Needle.Core.Tests.Seeds;

public sealed class SeededRandomSourceTests
{
    [Fact]
    public void Same_seed_same_stream_different_seed_different_stream()
    {
        var a = Draw(new SeededRandomSource(42), 100);
        a.Should().Equal(Draw(new SeededRandomSource(42), 100));
        a.Should().NotEqual(Draw(new SeededRandomSource(43), 100));
    }

    [Fact]
    public void Forks_are_reproducible_and_independent_of_other_draws()
    {
        var master1 = new SeededRandomSource(7);
        var fork1 = master1.Fork("hyperband");
        var master2 = new SeededRandomSource(7);
        master2.NextUInt64();
        _ = master2.Fork("other").NextUInt64();
        var fork2 = master2.Fork("hyperband");
        Draw(fork1, 20).Should().Equal(Draw(fork2, 20), "a fork depends only on the master seed and its purpose");
        Draw(new SeededRandomSource(7).Fork("a"), 20).Should().NotEqual(Draw(new SeededRandomSource(7).Fork("b"), 20));
    }

    [Fact]
    public void NextInt_stays_in_range_and_is_roughly_uniform()
    {
        var r = new SeededRandomSource(1);
        var counts = new int[10];
        for (var i = 0; i < 100_000; i++) counts[r.NextInt(10)]++;
        // χ² with 9 dof: the 99.9% quantile is 27.9.
        var chi2 = counts.Sum(c => (c - 10_000.0) * (c - 10_000.0) / 10_000.0);
        chi2.Should().BeLessThan(27.9);
        var d = r.NextDouble();
        d.Should().BeInRange(0, 1);
    }

    private static ulong[] Draw(IRandomSource r, int n) => Enumerable.Range(0, n).Select(_ => r.NextUInt64()).ToArray();
}

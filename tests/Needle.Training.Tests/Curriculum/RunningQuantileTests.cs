using Needle.Training.Curriculum;

namespace Needle.Training.Tests.Curriculum;

public sealed class RunningQuantileTests
{
    [Fact]
    public void The_quantile_is_an_order_statistic_of_the_last_capacity_values()
    {
        var q = new RunningQuantile(5);
        q.Add([9f, 1f, 7f]);
        q.Quantile(0.5).Should().Be(7f, "median of {1, 7, 9}");
        q.Add([3f, 5f, 2f, 8f]); // 9 and 1 drop out: the window is the last five, 7, 3, 5, 2, 8
        q.Count.Should().Be(5);
        q.Quantile(0).Should().Be(2f);
        q.Quantile(1).Should().Be(8f);
        q.Quantile(0.5).Should().Be(5f, "median of {2, 3, 5, 7, 8}");
        q.Quantile(0.3).Should().Be(3f, "index ⌊0.3·4⌋ = 1 of the sorted window");
    }

    [Fact]
    public void At_least_a_share_q_of_the_window_lies_at_or_below_the_quantile_on_random_windows()
    {
        var rng = new Needle.Core.Seeds.SplitMix64(7);
        for (int trial = 0; trial < 200; trial++)
        {
            var q = new RunningQuantile(1 + rng.NextInt(40));
            var all = Enumerable.Range(0, 1 + rng.NextInt(100)).Select(_ => rng.NextFloat() * 5).ToArray();
            q.Add(all);
            var window = all.TakeLast(q.Capacity).ToArray();
            double share = rng.NextFloat();
            float t = q.Quantile(share);
            window.Should().Contain(t);
            window.Count(x => x <= t).Should().BeGreaterThanOrEqualTo((int)Math.Floor(share * (window.Length - 1)) + 1);
            window.Count(x => x < t).Should().BeLessThanOrEqualTo((int)Math.Floor(share * (window.Length - 1)));
        }
    }

    [Fact]
    public void Save_and_restore_continue_exactly()
    {
        var a = new RunningQuantile(6);
        a.Add([4f, 2f, 9f, 1f]);
        var b = new RunningQuantile(6);
        b.Restore(a.Save());
        foreach (var more in new[] { new[] { 3f, 8f }, [7f], [0.5f, 6f, 6f] })
        {
            a.Add(more);
            b.Add(more);
            b.Quantile(0.5).Should().Be(a.Quantile(0.5));
            b.Quantile(0.8).Should().Be(a.Quantile(0.8));
        }
        FluentActions.Invoking(() => new RunningQuantile(5).Restore(a.Save())).Should().Throw<InvalidDataException>().WithMessage("*window holds 5*");
    }

    [Fact]
    public void Non_finite_losses_and_an_empty_window_are_errors()
    {
        var q = new RunningQuantile(3);
        FluentActions.Invoking(() => q.Quantile(0.5)).Should().Throw<InvalidOperationException>();
        FluentActions.Invoking(() => q.Add([float.NaN])).Should().Throw<ArgumentException>();
    }
}

using Needle.Search.Accelerators.Bohb;

namespace Needle.Search.Tests.Accelerators;

/// <summary>BOHB's product KDE: where its mass lies, its kernels and bandwidths, its draws.</summary>
public sealed class ProductKdeTests
{
    private static readonly ConfigEncoding Space = ConfigEncoding.From([
        Config("0.001", "cosine"), Config("0.01", "wsd"), Config("0.004", "constant"), Config("0.002", "cosine"),
    ]);

    private static Dictionary<string, string> Config(string lr, string schedule) => new() { ["lr"] = lr, ["schedule"] = schedule, ["steps"] = "2700" };

    [Fact]
    public void The_space_keeps_only_varying_levers_with_lr_on_a_log_scale_and_categories_by_name()
    {
        Space.Dimensions.Select(d => d.Key).Should().Equal("lr", "schedule");
        Space.Dimensions[0].Should().Match<ConfigDimension>(d => d.Numeric && d.Log);
        Space.Dimensions[1].Categories.Should().Equal("constant", "cosine", "wsd");
        Space.Encode(Config("0.001", "wsd")).Should().Equal(0, 2);
        Space.Encode(Config("0.01", "cosine"))[0].Should().BeApproximately(1, 1e-12);
    }

    [Fact]
    public void Density_is_higher_near_the_points_and_the_categorical_kernel_prefers_the_points_category()
    {
        var kde = new ProductKde(Space, [Space.Encode(Config("0.001", "cosine")), Space.Encode(Config("0.0012", "cosine"))]);
        kde.LogDensity(Space.Encode(Config("0.0011", "cosine"))).Should().BeGreaterThan(kde.LogDensity(Space.Encode(Config("0.008", "cosine"))));
        kde.LogDensity(Space.Encode(Config("0.0011", "cosine"))).Should().BeGreaterThan(kde.LogDensity(Space.Encode(Config("0.0011", "wsd"))));
        kde.Bandwidths.Should().OnlyContain(b => b >= ProductKde.MinBandwidth);
        kde.Bandwidths[1].Should().BeLessThanOrEqualTo(2.0 / 3, "the Aitchison–Aitken bandwidth stays at most (c − 1)/c");
    }

    [Fact]
    public void One_repeated_point_gets_the_minimum_bandwidth_and_draws_stay_in_range()
    {
        var p = Space.Encode(Config("0.004", "constant"));
        var kde = new ProductKde(Space, [p, p, p]);
        kde.Bandwidths[0].Should().Be(ProductKde.MinBandwidth);
        var random = new Random(7);
        var draws = Enumerable.Range(0, 200).Select(_ => kde.Sample(random, BohbModel.BandwidthFactor)).ToList();
        draws.Should().OnlyContain(x => x[0] >= 0 && x[0] <= 1);
        draws.Select(x => x[0]).Should().OnlyContain(v => Math.Abs(v - p[0]) < 0.05, "three times the minimum bandwidth is still narrow");
    }

    [Fact]
    public void The_model_prefers_configurations_like_the_good_ones_and_needs_d_plus_one_observations()
    {
        // Good results at small learning rates, bad ones at large: l/g must rank a small-lr candidate above a large one.
        var seen = new List<(IReadOnlyDictionary<string, string>, double)>();
        var lrs = new[] { 0.001, 0.0011, 0.0013, 0.002, 0.003, 0.004, 0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.0012, 0.0095 };
        foreach (var lr in lrs) seen.Add((Config(lr.ToString("R", System.Globalization.CultureInfo.InvariantCulture), "cosine"), 2 + lr * 100));
        var model = BohbModel.Fit(Space, new Dictionary<long, List<(IReadOnlyDictionary<string, string>, double)>> { [100] = seen, [300] = seen.Take(2).ToList() });
        model.Should().NotBeNull();
        model!.Budget.Should().Be(100, "the highest budget with enough data (300 has only 2)");
        model.LogRatio(Config("0.00105", "cosine")).Should().BeGreaterThan(model.LogRatio(Config("0.0085", "cosine")));
        BohbModel.Fit(Space, new Dictionary<long, List<(IReadOnlyDictionary<string, string>, double)>> { [100] = seen.Take(BohbModel.MinimumObservations(Space) - 1).ToList() })
            .Should().BeNull("fewer than d + 1 observations at every budget");
        var proposed = model.Propose(new Random(3), new Dictionary<string, string> { ["steps"] = "2700" });
        proposed["steps"].Should().Be("2700");
        double.Parse(proposed["lr"], System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(0.001, 0.01);
    }
}

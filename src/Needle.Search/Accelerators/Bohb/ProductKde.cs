namespace Needle.Search.Accelerators.Bohb;

/// <summary>
/// A product kernel density over encoded configurations, as BOHB fits one to the good and one to the bad observations
/// (Falkner et al. 2018, §3.1; HpBandSter fits statsmodels' <c>KDEMultivariate</c> with the normal-reference rule):
/// per dimension a bandwidth 1.06·σ·n^(−1/(4+d)), at least <see cref="MinBandwidth"/>; a Gaussian kernel on numeric
/// levers and the Aitchison–Aitken kernel on categorical ones (the point's own category has weight 1 − bw, each other
/// bw/(c − 1)), its bandwidth kept at most (c − 1)/c so the own category never weighs less than another.
/// A numeric lever a configuration lacks (NaN) matches only another absent value: weight 1 when both lack it,
/// <see cref="MinBandwidth"/> when one does.
/// </summary>
public sealed class ProductKde
{
    /// <summary>BOHB's minimum bandwidth (the paper's 1e-3): keeps a degenerate dimension from a zero-width kernel.</summary>
    public const double MinBandwidth = 1e-3;

    private readonly ConfigEncoding _encoding;
    private readonly double[][] _points;

    public IReadOnlyList<double> Bandwidths { get; }

    public ProductKde(ConfigEncoding encoding, IReadOnlyList<double[]> points)
    {
        _encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
        if (points.Count == 0) throw new ArgumentException("a KDE needs at least one point", nameof(points));
        _points = [.. points];
        var d = encoding.Count;
        var factor = 1.06 * Math.Pow(_points.Length, -1.0 / (4 + d));
        Bandwidths = [.. Enumerable.Range(0, d).Select(j =>
        {
            var values = _points.Select(p => p[j]).Where(v => !double.IsNaN(v)).ToList();
            var bw = Math.Max(MinBandwidth, factor * StdDev(values));
            var dim = encoding.Dimensions[j];
            return dim.Numeric ? bw : Math.Min(bw, Math.Max(MinBandwidth, (dim.Categories.Count - 1.0) / dim.Categories.Count));
        })];
    }

    /// <summary>log of the density at <paramref name="x"/> (the mean of the points' product kernels).</summary>
    public double LogDensity(double[] x)
    {
        // log-sum-exp over the points: the products underflow in 15 dimensions.
        var logs = _points.Select(p => LogKernel(x, p)).ToList();
        var max = logs.Max();
        if (double.IsNegativeInfinity(max)) return max;
        return max + Math.Log(logs.Sum(l => Math.Exp(l - max))) - Math.Log(_points.Length);
    }

    private double LogKernel(double[] x, double[] p)
    {
        var sum = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            var dim = _encoding.Dimensions[j];
            var bw = Bandwidths[j];
            if (!dim.Numeric)
            {
                var c = dim.Categories.Count;
                sum += Math.Log(x[j] == p[j] ? 1 - bw : bw / Math.Max(1, c - 1));
            }
            else if (double.IsNaN(x[j]) || double.IsNaN(p[j]))
                sum += double.IsNaN(x[j]) && double.IsNaN(p[j]) ? 0 : Math.Log(MinBandwidth);
            else
            {
                var z = (x[j] - p[j]) / bw;
                sum += -0.5 * z * z - Math.Log(bw * Math.Sqrt(2 * Math.PI));
            }
        }
        return sum;
    }

    /// <summary>
    /// One draw as BOHB samples its candidates: a random point of the model, each numeric lever moved by a normal of
    /// standard deviation <paramref name="bandwidthFactor"/>·bw truncated to [0, 1], each categorical lever kept with
    /// probability 1 − bw and otherwise drawn uniformly.
    /// </summary>
    public double[] Sample(Random random, double bandwidthFactor)
    {
        ArgumentNullException.ThrowIfNull(random);
        var centre = _points[random.Next(_points.Length)];
        var x = new double[centre.Length];
        for (var j = 0; j < x.Length; j++)
        {
            var dim = _encoding.Dimensions[j];
            var bw = Bandwidths[j];
            if (!dim.Numeric)
                x[j] = random.NextDouble() < 1 - bw ? centre[j] : random.Next(dim.Categories.Count);
            else if (double.IsNaN(centre[j]))
                x[j] = double.NaN;
            else
                x[j] = TruncatedNormal(random, centre[j], Math.Max(bw * bandwidthFactor, MinBandwidth));
        }
        return x;
    }

    private static double TruncatedNormal(Random random, double mean, double sd)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            // Box–Muller from the seeded generator (no other source of randomness).
            var u1 = 1 - random.NextDouble();
            var u2 = random.NextDouble();
            var v = mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            if (v is >= 0 and <= 1) return v;
        }
        return Math.Clamp(mean, 0, 1);
    }

    private static double StdDev(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}

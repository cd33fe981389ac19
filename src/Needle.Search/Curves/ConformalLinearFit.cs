namespace Needle.Search.Curves;

/// <summary>
/// final = α + β·x fitted by least squares on n training pairs, with a split-conformal 95% half-width: the
/// ⌈(n+1)·0.95⌉-th smallest absolute training residual, which covers a new exchangeable pair with probability ≥ 95%
/// (Vovk et al.; Lei et al. 2018, Thm 2.2). The history's learning-curve predictor, in calibration and in the hunt.
/// </summary>
public sealed record ConformalLinearFit(double Alpha, double Beta, double HalfWidth95, int Training)
{
    /// <summary>The fewest training pairs for a 95% split-conformal quantile: ⌈(n+1)·0.95⌉ ≤ n needs n ≥ 19.</summary>
    public const int MinimumTraining = 19;

    /// <summary>The fit, or null with fewer than <see cref="MinimumTraining"/> pairs (no honest 95% quantile).</summary>
    public static ConformalLinearFit? Fit(IReadOnlyList<(double X, double Y)> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count < MinimumTraining) return null;
        var mx = training.Average(t => t.X);
        var my = training.Average(t => t.Y);
        var sxx = training.Sum(t => (t.X - mx) * (t.X - mx));
        var beta = sxx > 0 ? training.Sum(t => (t.X - mx) * (t.Y - my)) / sxx : 0;
        var alpha = my - beta * mx;
        var residuals = training.Select(t => Math.Abs(t.Y - (alpha + beta * t.X))).Order().ToList();
        var rank = (int)Math.Ceiling((residuals.Count + 1) * 0.95);
        return new ConformalLinearFit(alpha, beta, residuals[rank - 1], training.Count);
    }

    /// <summary>The prediction at <paramref name="x"/> with its 95% interval.</summary>
    public (double Value, Interval Interval) Predict(double x)
    {
        var value = Alpha + Beta * x;
        return (value, new Interval(value - HalfWidth95, value + HalfWidth95, 0.95));
    }
}

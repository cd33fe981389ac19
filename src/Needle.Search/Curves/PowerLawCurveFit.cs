using System.Globalization;
using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Needle.Search.Curves;

/// <summary>
/// Fits BPB(t) = b∞ + a·t^(−p) to a learning curve by Levenberg–Marquardt (MathNet) and gives the 95% confidence
/// interval of b∞ from its standard error and Student-t with n − 3 degrees of freedom.
/// How, and why:
/// - time is normalised by the last step (τ = t / t_last) so the three parameters are of comparable size and the
///   normal equations are well conditioned even at 81 000 steps;
/// - the starting point comes from a grid over p with b∞ and a solved by linear least squares for each p (the model
///   is linear in them), so LM starts in the right basin instead of wherever a fixed guess lands;
/// - the covariance is s²·(JᵀJ)⁻¹ with s² = RSS/(n − 3), computed here from the Jacobian at the optimum so the
///   convention is explicit (not whatever scaling the optimiser applies internally).
/// Degenerate inputs give <see cref="CurveForecast.InsufficientEvidence"/>: too few points, a curve that does not
/// decrease, p ≤ 0, a non-converged or singular fit — and a b∞ whose interval is wider than
/// <see cref="MaxAsymptoteIntervalWidth"/> or reaches below 0 (the smoke report once printed b∞ 0.423 [−10.57, 11.42]).
/// </summary>
public static class PowerLawCurveFit
{
    /// <summary>The fewest points fitted: 3 parameters plus at least 3 residual degrees of freedom.</summary>
    public const int MinimumPoints = 6;

    /// <summary>A b∞ whose 95% interval is wider than this (in BPB) is "insufficient evidence", never a prediction.</summary>
    public const double MaxAsymptoteIntervalWidth = 1.0;

    private static readonly double[] PGrid = Enumerable.Range(0, 60).Select(i => 0.02 * Math.Pow(1.1, i)).ToArray();

    /// <summary>Fits <paramref name="curve"/> (steps ≥ 1, strictly increasing).</summary>
    public static CurveForecast Fit(IReadOnlyList<CurvePoint> curve, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (curve.Count < MinimumPoints)
            return new CurveForecast.InsufficientEvidence($"too few points: {curve.Count} < {MinimumPoints}");
        for (var i = 0; i < curve.Count; i++)
        {
            if (curve[i].Step <= 0) throw new ArgumentException($"point {i}: step {curve[i].Step} must be ≥ 1", nameof(curve));
            if (i > 0 && curve[i].Step <= curve[i - 1].Step)
                throw new ArgumentException($"point {i}: steps must be strictly increasing ({curve[i - 1].Step} then {curve[i].Step})", nameof(curve));
            if (!double.IsFinite(curve[i].Bpb))
                return new CurveForecast.InsufficientEvidence($"point {i} (step {curve[i].Step}) is not finite: {curve[i].Bpb}");
        }

        var n = curve.Count;
        var timeScale = (double)curve[^1].Step;
        var tau = Vector<double>.Build.Dense(n, i => curve[i].Step / timeScale);
        var y = Vector<double>.Build.Dense(n, i => curve[i].Bpb);
        if (!IsDecreasing(y))
            return new CurveForecast.InsufficientEvidence("the curve is not decreasing (its least-squares trend is ≥ 0)");

        var start = GridStart(tau, y);
        if (start is null)
            return new CurveForecast.InsufficientEvidence("no p > 0 gives a decaying fit (a ≤ 0 for every p on the grid)");

        NonlinearMinimizationResult result;
        try
        {
            var model = ObjectiveFunction.NonlinearModel(Model, Jacobian, tau, y);
            result = new LevenbergMarquardtMinimizer(maximumIterations: 500).FindMinimum(model, start);
        }
        catch (Exception e) when (e is MaximumIterationsException or ArithmeticException or ArgumentException)
        {
            return new CurveForecast.InsufficientEvidence($"Levenberg–Marquardt failed: {e.Message}");
        }
        if (result.ReasonForExit is ExitCondition.None or ExitCondition.ExceedIterations or ExitCondition.InvalidValues)
            return new CurveForecast.InsufficientEvidence($"Levenberg–Marquardt did not converge ({result.ReasonForExit})");

        var theta = result.MinimizingPoint;
        if (!(theta[2] > 0)) return new CurveForecast.InsufficientEvidence($"fitted p = {theta[2]:G4} ≤ 0: the curve does not decay");
        if (!(theta[1] > 0)) return new CurveForecast.InsufficientEvidence($"fitted a = {theta[1]:G4} ≤ 0: the curve rises toward its asymptote");

        var dof = n - 3;
        var residuals = y - Vector<double>.Build.Dense(n, i => Model(theta, tau[i]));
        var s2 = residuals.DotProduct(residuals) / dof;
        var jacobian = Matrix<double>.Build.Dense(n, 3, (i, j) => Jacobian(theta, tau[i])[j]);
        var normal = jacobian.TransposeThisAndMultiply(jacobian);
        var condition = normal.ConditionNumber();
        if (!double.IsFinite(condition) || condition > 1e14)
            return new CurveForecast.InsufficientEvidence($"the parameters are not identifiable from these points (cond(JᵀJ) = {condition:G3})");
        var covariance = normal.Inverse() * s2;
        var seB = Math.Sqrt(covariance[0, 0]);
        if (!double.IsFinite(seB)) return new CurveForecast.InsufficientEvidence("the standard error of b∞ is not finite");

        var t = StudentT.InvCDF(0, 1, dof, 0.5 + level / 2);
        var b = theta[0];
        // An interval this wide (or one admitting a negative BPB) says nothing a decision could use: no prediction.
        if (2 * t * seB > MaxAsymptoteIntervalWidth || b - t * seB < 0)
            return new CurveForecast.InsufficientEvidence(string.Create(CultureInfo.InvariantCulture,
                $"b∞ {b:F3} has a {level:P0} interval [{b - t * seB:F3}, {b + t * seB:F3}]: {(b - t * seB < 0 ? "it reaches below 0" : $"wider than {MaxAsymptoteIntervalWidth} BPB")}"));
        var a = theta[1] * Math.Pow(timeScale, theta[2]);
        return new CurveForecast.Fitted(
            b, new Interval(b - t * seB, b + t * seB, level), a, theta[2], n, Math.Sqrt(s2),
            new PowerLawPredictor(theta, covariance, timeScale, dof));
    }

    private static double Model(Vector<double> theta, double tau) => theta[0] + theta[1] * Math.Pow(tau, -theta[2]);

    private static Vector<double> Jacobian(Vector<double> theta, double tau)
    {
        var decay = Math.Pow(tau, -theta[2]);
        return Vector<double>.Build.DenseOfArray([1.0, decay, -theta[1] * decay * Math.Log(tau)]);
    }

    private static bool IsDecreasing(Vector<double> y)
    {
        // Least-squares slope against the point index: robust to noise at single points.
        var n = y.Count;
        var meanI = (n - 1) / 2.0;
        var meanY = y.Average();
        double num = 0;
        for (var i = 0; i < n; i++) num += (i - meanI) * (y[i] - meanY);
        return num < 0;
    }

    private static Vector<double>? GridStart(Vector<double> tau, Vector<double> y)
    {
        Vector<double>? best = null;
        var bestRss = double.PositiveInfinity;
        foreach (var p in PGrid)
        {
            // For fixed p the model is linear: y = b + a'·x with x = τ^(−p).
            var x = tau.Map(v => Math.Pow(v, -p));
            var mx = x.Average();
            var my = y.Average();
            var sxx = x.Sum(v => (v - mx) * (v - mx));
            if (sxx <= 0) continue;
            var a = x.Subtract(mx).DotProduct(y.Subtract(my)) / sxx;
            if (a <= 0) continue;
            var b = my - a * mx;
            var r = y - (x * a + b);
            var rss = r.DotProduct(r);
            if (rss < bestRss)
            {
                bestRss = rss;
                best = Vector<double>.Build.DenseOfArray([b, a, p]);
            }
        }
        return best;
    }
}

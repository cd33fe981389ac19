using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace Needle.Search.Curves;

/// <summary>
/// The fitted model in normalised time τ = t / t_ref with parameters θ = (b∞, a', p), a' = a·t_ref^(−p), and their
/// covariance: predicts BPB(t) with a confidence interval for the mean curve by the delta method,
/// Var ŷ = ∇θŷᵀ·Cov·∇θŷ, ∇θŷ = (1, τ^(−p), −a'·τ^(−p)·ln τ).
/// </summary>
public sealed class PowerLawPredictor
{
    private readonly Vector<double> _theta;
    private readonly Matrix<double> _covariance;
    private readonly double _timeScale;
    private readonly int _degreesOfFreedom;

    internal PowerLawPredictor(Vector<double> theta, Matrix<double> covariance, double timeScale, int degreesOfFreedom)
    {
        _theta = theta;
        _covariance = covariance;
        _timeScale = timeScale;
        _degreesOfFreedom = degreesOfFreedom;
    }

    /// <summary>Prediction at <paramref name="step"/> with a 95% interval.</summary>
    public Prediction PredictAt(long step, double level = 0.95)
    {
        if (step <= 0) throw new ArgumentOutOfRangeException(nameof(step), step, "the curve is defined for steps ≥ 1");
        var tau = step / _timeScale;
        var decay = Math.Pow(tau, -_theta[2]);
        var value = _theta[0] + _theta[1] * decay;
        var gradient = Vector<double>.Build.DenseOfArray([1.0, decay, -_theta[1] * decay * Math.Log(tau)]);
        var variance = gradient * (_covariance * gradient);
        var half = StudentT.InvCDF(0, 1, _degreesOfFreedom, 0.5 + level / 2) * Math.Sqrt(Math.Max(0, variance));
        return new Prediction(step, value, new Interval(value - half, value + half, level));
    }
}

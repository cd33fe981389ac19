namespace Needle.Search.Curves;

/// <summary>
/// The result of fitting BPB(t) = b∞ + a·t^(−p) to a curve: either a fit with intervals, or an explicit
/// "insufficient evidence" with the reason — never a number that the data cannot support.
/// </summary>
public abstract record CurveForecast
{
    private CurveForecast() { }

    /// <summary>A usable fit.</summary>
    /// <param name="Asymptote">b∞, the predicted BPB as t → ∞.</param>
    /// <param name="AsymptoteInterval">The CI of b∞: b∞ ± t(0.975, n−3)·SE(b∞).</param>
    /// <param name="A">a, in step units (BPB(t) − b∞ = a·t^(−p)).</param>
    /// <param name="P">p &gt; 0, the decay exponent.</param>
    /// <param name="Points">n, the points fitted.</param>
    /// <param name="ResidualStandardError">√(RSS/(n−3)).</param>
    /// <param name="Predictor">The fitted curve with its covariance, which predicts BPB at any step.</param>
    public sealed record Fitted(
        double Asymptote, Interval AsymptoteInterval, double A, double P, int Points, double ResidualStandardError,
        PowerLawPredictor Predictor) : CurveForecast
    {
        /// <summary>The mean curve at <paramref name="step"/> with its confidence interval (delta method).</summary>
        public Prediction PredictAt(long step) => Predictor.PredictAt(step);
    }

    /// <summary>The data cannot support a prediction; <paramref name="Reason"/> says why.</summary>
    public sealed record InsufficientEvidence(string Reason) : CurveForecast;
}

/// <summary>A predicted BPB at <paramref name="Step"/> with its confidence interval.</summary>
public readonly record struct Prediction(long Step, double Value, Interval Interval);

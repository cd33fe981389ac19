using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>
/// The one loss head every family ends in: logits = hidden·Rᵀ through the readout R (the tied embedding or an own
/// matrix), the per-position next-byte cross-entropy and its mean; backward turns the probabilities into dlogits,
/// accumulates dR and writes d hidden.
/// </summary>
public sealed unsafe class LossHead
{
    private readonly ModelBase _model;
    private readonly CrossEntropy _ce = new();
    private float* _hidden;
    private int _width;
    private long _readout;

    internal LossHead(ModelBase model) => _model = model;

    /// <summary>Logits of the last forward (rows × vocab); after a backward, dLoss/dlogits.</summary>
    public float* Logits { get; private set; }

    /// <summary>Per-position cross-entropy (nats) of the last forward with targets.</summary>
    public float* Losses { get; private set; }

    internal void Allocate(long rows)
    {
        Logits = _model.Arena.Allocate(rows * _model.V);
        Losses = _model.Arena.Allocate(rows);
    }

    /// <summary>logits = hidden[n×width]·R[vocab×width]ᵀ.</summary>
    internal void Project(float* hidden, int width, long readout, int n, int observeLayer)
    {
        _hidden = hidden;
        (_width, _readout) = (width, readout);
        _model.Linear(hidden, readout, -1, Logits, n, width, _model.V, accumulate: false);
        _model.Observe(observeLayer, "logits", Logits, (long)n * _model.V);
    }

    /// <summary>Cross-entropy against the model's targets; returns the mean over the n rows.</summary>
    internal float Loss(int n, int* targets)
    {
        _ce.Logits = Logits; _ce.Losses = Losses; _ce.Targets = targets; _ce.V = _model.V; _ce.Backward = false;
        _model.Pool.Run(_ce, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Losses[i];
        return (float)(sum / n);
    }

    /// <summary>dlogits (mean over rows), dR += dlogitsᵀ·hidden, dHidden = dlogits·R (written).</summary>
    internal void Backward(float* dHidden, int n)
    {
        if (_model.LogitSumObjective) new Span<float>(Logits, checked(n * _model.V)).Fill(1f); // dΣlogits/dlogits
        else
        {
            _ce.Backward = true; _ce.Scale = 1f / n;
            _model.Pool.Run(_ce, n);
        }
        _model.WeightGrad(Logits, _hidden, _readout, -1, n, _width, _model.V);
        _model.LinearInputGrad(Logits, _readout, dHidden, n, _width, _model.V);
    }
}

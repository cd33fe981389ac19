using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>
/// The one loss head every family ends in: logits = hidden·Rᵀ through the readout R (the tied embedding or an own
/// matrix), the per-position next-byte cross-entropy and its mean; backward turns the probabilities into dlogits,
/// accumulates dR and writes d hidden. Under muP the logits carry the readout multiplier 1/m (<see cref="MupScaling"/>);
/// under SP it is exactly 1 and never applied.
/// </summary>
public sealed unsafe class LossHead
{
    private readonly ModelBase _model;
    private readonly CrossEntropy _ce = new();
    private float* _hidden;
    private int _width;
    private long _readout;
    private float _multiplier;
    private readonly ScaleInPlace _scale = new();

    internal LossHead(ModelBase model)
    {
        _model = model;
        _multiplier = MupScaling.ReadoutMultiplier(model.Config);
    }

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
        Multiply(n);
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
        Multiply(n); // d(hidden·Rᵀ) = multiplier · dlogits (muP; nothing under SP)
        _model.WeightGrad(Logits, _hidden, _readout, -1, n, _width, _model.V);
        _model.LinearInputGrad(Logits, _readout, dHidden, n, _width, _model.V);
    }

    /// <summary>The factor on the logits (1/m under muP, 1 under SP). Settable only inside the engine, so the
    /// coordinate check can plant the classic muP bug (the readout multiplier removed) and show that it fails.</summary>
    internal float Multiplier
    {
        get => _multiplier;
        set => _multiplier = value;
    }

    /// <summary>Logits (or dlogits) × the readout multiplier, when it is not 1.</summary>
    private void Multiply(int n)
    {
        if (_multiplier == 1f) return;
        _scale.X = Logits; _scale.Width = _model.V; _scale.Factor = _multiplier;
        _model.Pool.Run(_scale, n);
    }

    /// <summary>Rows × width values multiplied in place. Items: rows.</summary>
    private sealed class ScaleInPlace : Kernels.IRangeJob
    {
        public float* X;
        public int Width;
        public float Factor;

        public void Execute(int start, int end)
        {
            for (long i = (long)start * Width, stop = (long)end * Width; i < stop; i++) X[i] *= Factor;
        }
    }
}

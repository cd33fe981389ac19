using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Layers;

namespace Needle.Training.Models.Families;

/// <summary>
/// What every family under Models/Families shares with <see cref="AttnModel"/>'s way of working: one flat parameter
/// and gradient vector in a native arena, named grouped tensors, the effective (possibly fake-quantised) weight copy,
/// input checking, and the Gemm-backed linear / weight-gradient / normalisation helpers. Subclasses declare tensors
/// in their constructor, then call <see cref="Seal"/>, then allocate activations.
/// </summary>
public abstract unsafe class FamilyModelBase : ILanguageModel, IAuxiliaryLoss
{
    protected readonly NativeArena Arena = new();
    protected readonly WorkerPool Pool;
    protected readonly Gemm Gemm;
    private readonly List<ParameterTensor> _tensors = [];
    private long _offset;
    protected float* Params, Grads, Effective;
    protected readonly int B, T, V;
    protected int* InputTokens, TargetTokens;
    protected int LastBatch;
    protected bool HaveTargets;
    private readonly NormForward _normF = new();
    private readonly NormBackwardInput _normBX = new();
    private readonly NormBackwardParams _normBP = new();
    private readonly ColumnSum _colSum = new();

    protected FamilyModelBase(ModelConfig config, int maxBatch, WorkerPool pool)
    {
        config.Validate();
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "batch must be positive");
        Config = config;
        MaxBatch = maxBatch;
        Pool = pool;
        Gemm = new Gemm(pool);
        (B, T, V) = (maxBatch, config.Ctx, config.Vocab);
    }

    public ModelConfig Config { get; }
    public IReadOnlyList<ParameterTensor> Tensors => _tensors;
    public long ParameterCount => _offset;
    public int MaxBatch { get; }
    public Span<float> Parameters => new(Params, checked((int)ParameterCount));
    public Span<float> Gradients => new(Grads, checked((int)ParameterCount));
    public abstract ReadOnlySpan<float> PositionLosses { get; }
    public abstract ReadOnlySpan<float> Logits { get; }
    public IWeightTransform? WeightTransform { get; set; }
    public IActivationObserver? Observer { get; set; }
    public abstract double ForwardFlopsPerToken { get; }
    public double AuxiliaryLoss { get; protected set; }
    public double NcaEntropy { get; protected set; } = double.NaN;

    /// <summary>The gradient slice of one tensor.</summary>
    public Span<float> GradientOf(ParameterTensor t) => Gradients.Slice((int)t.Offset, (int)t.Size);

    protected long Add(string name, ParameterGroup group, params int[] shape)
    {
        var t = new ParameterTensor(name, shape, _offset, group, shape.Length >= 2);
        _tensors.Add(t);
        _offset += t.Size;
        return t.Offset;
    }

    /// <summary>Allocates parameters and gradients, initialises them, and the token buffers.</summary>
    protected void Seal(ulong seed)
    {
        Params = Arena.Allocate(_offset);
        Grads = Arena.Allocate(_offset);
        Effective = Params;
        for (int i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            Initialise(t, new Span<float>(Params + t.Offset, (int)t.Size), SplitMix64.Derive(seed, (ulong)i + 1));
        }
        InputTokens = Arena.AllocateInts((long)B * T);
        TargetTokens = Arena.AllocateInts((long)B * T);
    }

    /// <summary>Initial values of one tensor (called once per tensor, in declaration order, with its own stream).</summary>
    protected abstract void Initialise(ParameterTensor tensor, Span<float> values, SplitMix64 rng);

    /// <summary>Gaussian fill with standard deviation <paramref name="std"/>.</summary>
    protected static void Gaussian(Span<float> values, ref SplitMix64 rng, double std)
    {
        for (int j = 0; j < values.Length; j++) values[j] = (float)(std * rng.NextGaussian());
    }

    protected float* W(long offset) => offset < 0 ? null : Effective + offset;
    protected float* G(long offset) => offset < 0 ? null : Grads + offset;

    /// <summary>Checks and copies the batch, prepares the effective weights; returns the row count.</summary>
    protected int BeginForward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch)
    {
        if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {MaxBatch}]");
        int n = batch * T;
        if (inputs.Length != n) throw new ArgumentException($"inputs: expected {n} tokens, got {inputs.Length}");
        if (targets.Length != 0 && targets.Length != n) throw new ArgumentException($"targets: expected {n} tokens, got {targets.Length}");
        for (int i = 0; i < n; i++)
        {
            if ((uint)inputs[i] >= (uint)V) throw new ArgumentException($"inputs[{i}] = {inputs[i]} is outside the vocabulary [0, {V})");
            InputTokens[i] = inputs[i];
            if (targets.Length == 0) continue;
            if ((uint)targets[i] >= (uint)V) throw new ArgumentException($"targets[{i}] = {targets[i]} is outside the vocabulary [0, {V})");
            TargetTokens[i] = targets[i];
        }
        LastBatch = batch;
        HaveTargets = targets.Length != 0;
        PrepareEffectiveWeights();
        return n;
    }

    public abstract float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch);

    public abstract void Backward();

    public virtual void ZeroGradients() => Gradients.Clear();

    /// <summary>out[n×oc] (=|+=) in[n×ic]·W[oc×ic]ᵀ + b.</summary>
    protected void Linear(float* input, long w, long b, float* output, int n, int ic, int oc, bool accumulate) =>
        Gemm.Multiply(n, oc, ic, MatrixView.RowMajor(input, ic), MatrixView.Transposed(W(w), ic), output, oc, W(b), accumulate);

    /// <summary>dIn[n×ic] = dOut[n×oc]·W[oc×ic] (written).</summary>
    protected void LinearInputGrad(float* dOut, long w, float* dIn, int n, int ic, int oc) =>
        Gemm.Multiply(n, ic, oc, MatrixView.RowMajor(dOut, oc), MatrixView.RowMajor(W(w), ic), dIn, ic, null, false);

    /// <summary>dW[oc×ic] += dOutᵀ·in; db += Σ_rows dOut.</summary>
    protected void WeightGrad(float* dOut, float* input, long w, long b, int n, int ic, int oc)
    {
        Gemm.Multiply(oc, ic, n, MatrixView.Transposed(dOut, oc), MatrixView.RowMajor(input, ic), G(w), ic, null, true);
        if (b < 0) return;
        _colSum.X = dOut; _colSum.Sum = G(b); _colSum.N = n; _colSum.C = oc;
        Pool.Run(_colSum, _colSum.Items);
    }

    protected void Norm(float* x, float* output, float* mean, float* rstd, long weight, long bias, int n, int c)
    {
        _normF.Kind = NormKind.LayerNorm; _normF.X = x; _normF.Out = output; _normF.Mean = mean; _normF.Rstd = rstd;
        _normF.Weight = W(weight); _normF.Bias = W(bias); _normF.C = c;
        Pool.Run(_normF, n);
    }

    /// <summary>dX += norm backward of dOut; dWeight, dBias accumulate.</summary>
    protected void NormBackward(float* x, float* dOut, float* dx, float* mean, float* rstd, long weight, long bias, int n, int c)
    {
        _normBX.Kind = NormKind.LayerNorm; _normBX.X = x; _normBX.DOut = dOut; _normBX.DX = dx; _normBX.Mean = mean;
        _normBX.Rstd = rstd; _normBX.Weight = W(weight); _normBX.C = c;
        Pool.Run(_normBX, n);
        _normBP.X = x; _normBP.DOut = dOut; _normBP.Mean = mean; _normBP.Rstd = rstd; _normBP.DWeight = G(weight);
        _normBP.DBias = G(bias); _normBP.N = n; _normBP.C = c;
        Pool.Run(_normBP, _normBP.Items);
    }

    protected static void Copy(float* from, float* to, long count) =>
        Buffer.MemoryCopy(from, to, count * sizeof(float), count * sizeof(float));

    protected void Observe(int layer, string site, float* data, long count)
    {
        if (Observer is { } o) o.Observe(layer, site, new ReadOnlySpan<float>(data, checked((int)count)));
    }

    private void PrepareEffectiveWeights()
    {
        if (WeightTransform is not { } transform)
        {
            Effective = Params;
            return;
        }
        if (Effective == Params) Effective = Arena.Allocate(ParameterCount);
        Copy(Params, Effective, ParameterCount);
        foreach (var t in _tensors)
            if (transform.Applies(t)) transform.Transform(t, new Span<float>(Effective + t.Offset, (int)t.Size));
    }

    /// <summary>Releases what a subclass owns besides the arena (e.g. JEPA-T's target encoder).</summary>
    protected virtual void DisposeExtra() { }

    public void Dispose()
    {
        DisposeExtra();
        Gemm.Dispose();
        Arena.Dispose();
        GC.SuppressFinalize(this);
    }
}

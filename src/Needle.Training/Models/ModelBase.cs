using Needle.Training.Kernels;
using Needle.Training.Layers;
using Needle.Training.Models.Families;

namespace Needle.Training.Models;

/// <summary>
/// What every family shares, llm.c-style: one flat parameter and gradient vector in a native arena described by named,
/// grouped tensors (<see cref="Tensors"/>), the effective (possibly fake-quantised) weight copy, input checking, the
/// Gemm-backed linear / weight-gradient / normalisation helpers, the loss head (<see cref="Head"/>) and the NCA term.
/// Subclasses declare tensors in their constructor (directly, through a <see cref="TransformerStack"/> and
/// <see cref="AddReadout"/>), then call <see cref="Seal"/>.
/// </summary>
public abstract unsafe class ModelBase : ILanguageModel, IAuxiliaryLoss
{
    protected internal readonly NativeArena Arena = new();
    protected internal readonly WorkerPool Pool;
    protected readonly Gemm Gemm;
    private readonly List<ParameterTensor> _tensors = [];
    private long _offset;
    protected float* Params, Grads, Effective;
    protected internal readonly int B, T, V;
    protected int* InputTokens, TargetTokens;
    protected int LastBatch;
    protected bool HaveTargets;
    private readonly NormForward _normF = new();
    private readonly NormBackwardInput _normBX = new();
    private readonly NormBackwardParams _normBP = new();
    private readonly ColumnSum _colSum = new();
    private readonly NcaEntropyPenalty _nca = new();

    protected ModelBase(ModelConfig config, int maxBatch, WorkerPool pool)
    {
        config.Validate();
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "batch must be positive");
        Config = config;
        MaxBatch = maxBatch;
        Pool = pool;
        Gemm = new Gemm(pool);
        (B, T, V) = (maxBatch, config.Ctx, config.Vocab);
        Head = new LossHead(this);
    }

    public ModelConfig Config { get; }
    public IReadOnlyList<ParameterTensor> Tensors => _tensors;
    public long ParameterCount => _offset;
    public int MaxBatch { get; }
    public Span<float> Parameters => new(Params, checked((int)ParameterCount));
    public Span<float> Gradients => new(Grads, checked((int)ParameterCount));
    public ReadOnlySpan<float> PositionLosses => new(Head.Losses, LastBatch * T);
    public ReadOnlySpan<float> Logits => new(Head.Logits, LastBatch * T * V);
    public IWeightTransform? WeightTransform { get; set; }
    public IActivationObserver? Observer { get; set; }
    public long? TrainingStep { get; set; }
    public abstract double ForwardFlopsPerToken { get; }
    public double AuxiliaryLoss { get; protected set; }
    public double NcaEntropy { get; protected set; } = double.NaN;

    /// <summary>
    /// When true, <see cref="Backward"/> differentiates R = Σ logits instead of the loss, with no NCA or auxiliary
    /// term: synflow's objective (Tanaka et al. 2020), which the zero-cost proxies (Needle.Training.Proxies) need and
    /// the loss head cannot otherwise give. Never set in training.
    /// </summary>
    public bool LogitSumObjective { get; set; }

    /// <summary>Readout, cross-entropy and per-position losses (one per model).</summary>
    protected internal LossHead Head { get; }

    /// <summary>Rows of the last forward (batch · ctx).</summary>
    protected internal int Rows => LastBatch * T;

    /// <summary>True while a training forward with targets runs at a known step (stochastic layers draw from it).</summary>
    protected internal long? DropoutStep { get; private set; }

    /// <summary>The gradient slice of one tensor (zero-cost proxies read these).</summary>
    public Span<float> GradientOf(ParameterTensor t) => Gradients.Slice((int)t.Offset, (int)t.Size);

    /// <summary>The weight slice of one tensor.</summary>
    public Span<float> ParameterOf(ParameterTensor t) => Parameters.Slice((int)t.Offset, (int)t.Size);

    /// <summary>Declares a tensor. A hidden-group matrix is a width × width matrix for muP (learning rate × 1/m);
    /// declare a matrix with one finite dimension through <see cref="AddHiddenVectorLike"/>.</summary>
    protected internal long Add(string name, ParameterGroup group, params int[] shape) => Declare(name, group, shape, widthByWidth: shape.Length == 2);

    /// <summary>A hidden-group tensor whose leading dimension is finite (e.g. per-position offsets): muP treats it as a
    /// vector (learning rate independent of width).</summary>
    protected internal long AddHiddenVectorLike(string name, params int[] shape) => Declare(name, ParameterGroup.Hidden, shape, widthByWidth: false);

    /// <summary>A fused attention input matrix [q; k; v] (3·width × width, hidden group). Under muP its query rows
    /// start at zero (<see cref="MupScaling.ZeroInitialisedQuery"/>).</summary>
    protected internal long AddQueryKeyValue(string name, int width) =>
        Declare(name, ParameterGroup.Hidden, [3 * width, width], widthByWidth: true, zeroLeadingRows: MupScaling.ZeroInitialisedQuery(Config) ? width : 0);

    private long Declare(string name, ParameterGroup group, int[] shape, bool widthByWidth, int zeroLeadingRows = 0)
    {
        var t = new ParameterTensor(name, shape, _offset, group, shape.Length >= 2)
        {
            LrScale = MupScaling.LearningRateScale(Config, group, widthByWidth),
            ZeroLeadingRows = zeroLeadingRows,
        };
        _tensors.Add(t);
        _offset += t.Size;
        return t.Offset;
    }

    /// <summary>A normalisation's weight and (LayerNorm only) bias: (weight, bias or −1).</summary>
    protected internal (long Weight, long Bias) AddNorm(string name, int width) =>
        (Add(name + ".w", ParameterGroup.Hidden, width),
         Config.Norm == NormKind.RmsNorm ? -1 : Add(name + ".b", ParameterGroup.Hidden, width));

    /// <summary>The readout matrix: the embedding <paramref name="wte"/> when tied, else its own (readout group).</summary>
    protected long AddReadout(long wte, int width) =>
        Config.TiedReadout ? wte : Add("lm_head.w", ParameterGroup.Readout, V, width);

    /// <summary>Allocates parameters and gradients, initialises them, and the token buffers.</summary>
    protected void Seal(ulong seed)
    {
        Params = Arena.Allocate(_offset);
        Grads = Arena.Allocate(_offset);
        Effective = Params;
        for (int i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            var values = new Span<float>(Params + t.Offset, (int)t.Size);
            Initialise(t, values, SplitMix64.Derive(seed, (ulong)i + 1));
            if (MupScaling.ZeroInitialised(Config, t.Group)) values.Clear();
            else if (t.ZeroLeadingRows > 0) values[..(t.ZeroLeadingRows * t.FanIn)].Clear();
        }
        InputTokens = Arena.AllocateInts((long)B * T);
        TargetTokens = Arena.AllocateInts((long)B * T);
        Head.Allocate((long)B * T);
    }

    /// <summary>Initial values of one tensor (called once per tensor, in declaration order, with its own stream).</summary>
    protected abstract void Initialise(ParameterTensor tensor, Span<float> values, SplitMix64 rng);

    /// <summary>Gaussian fill with standard deviation <paramref name="std"/>.</summary>
    protected static void Gaussian(Span<float> values, ref SplitMix64 rng, double std)
    {
        for (int j = 0; j < values.Length; j++) values[j] = (float)(std * rng.NextGaussian());
    }

    protected internal float* W(long offset) => offset < 0 ? null : Effective + offset;
    protected internal float* G(long offset) => offset < 0 ? null : Grads + offset;

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
        DropoutStep = Config.Dropout > 0f && HaveTargets ? TrainingStep : null;
        PrepareEffectiveWeights();
        return n;
    }

    /// <summary>
    /// The shared tail of a forward: logits of <paramref name="hidden"/> through the readout; with targets, the NCA
    /// term on <paramref name="ncaSite"/> plus <see cref="AuxiliaryForward"/>, and the mean next-byte loss (else NaN).
    /// </summary>
    protected float FinishForward(float* hidden, int width, long readout, int observeLayer, float* ncaSite, int ncaWidth)
    {
        int n = Rows;
        Head.Project(hidden, width, readout, n, observeLayer);
        if (!HaveTargets) return float.NaN;
        AuxiliaryLoss = NcaForward(ncaSite, (long)n * ncaWidth) + AuxiliaryForward(hidden, n);
        return Head.Loss(n, TargetTokens);
    }

    /// <summary>Starts a backward: checks a forward with targets came first, returns its row count.</summary>
    protected int BeginBackward()
    {
        if (!HaveTargets) throw new InvalidOperationException("Backward needs a preceding Forward with targets.");
        HaveTargets = false; // the head turns the probabilities into gradients
        return Rows;
    }

    /// <summary>Weighted extra loss on the readout's input (n rows); called after a forward with targets.</summary>
    protected virtual double AuxiliaryForward(float* hidden, int n) => 0;

    /// <summary>Adds d(extra loss)/d hidden into <paramref name="dHidden"/>; extra tensors' gradients accumulate.</summary>
    protected virtual void AuxiliaryBackward(float* hidden, float* dHidden, int n) { }

    /// <summary>The weighted NCA penalty on <paramref name="count"/> activations (0 when NCA is off).</summary>
    private double NcaForward(float* site, long count)
    {
        if (Config.NcaWeight <= 0f) return 0;
        double loss = Config.NcaWeight * _nca.Forward(new ReadOnlySpan<float>(site, checked((int)count)));
        NcaEntropy = _nca.Entropy;
        return loss;
    }

    /// <summary>Adds the NCA gradient into <paramref name="dSite"/> (nothing when NCA is off).</summary>
    protected void NcaBackward(float* site, float* dSite, long count)
    {
        if (Config.NcaWeight > 0f && !LogitSumObjective)
            _nca.Backward(new ReadOnlySpan<float>(site, checked((int)count)), new Span<float>(dSite, checked((int)count)), Config.NcaWeight);
    }

    public abstract float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch);

    public abstract void Backward();

    public virtual void ZeroGradients() => Gradients.Clear();

    /// <summary>out[n×oc] (=|+=) in[n×ic]·W[oc×ic]ᵀ + b.</summary>
    protected internal void Linear(float* input, long w, long b, float* output, int n, int ic, int oc, bool accumulate) =>
        Gemm.Multiply(n, oc, ic, MatrixView.RowMajor(input, ic), MatrixView.Transposed(W(w), ic), output, oc, W(b), accumulate);

    /// <summary>dIn[n×ic] = dOut[n×oc]·W[oc×ic] (written).</summary>
    protected internal void LinearInputGrad(float* dOut, long w, float* dIn, int n, int ic, int oc) =>
        Gemm.Multiply(n, ic, oc, MatrixView.RowMajor(dOut, oc), MatrixView.RowMajor(W(w), ic), dIn, ic, null, false);

    /// <summary>dW[oc×ic] += dOutᵀ·in; db += Σ_rows dOut.</summary>
    protected internal void WeightGrad(float* dOut, float* input, long w, long b, int n, int ic, int oc)
    {
        Gemm.Multiply(oc, ic, n, MatrixView.Transposed(dOut, oc), MatrixView.RowMajor(input, ic), G(w), ic, null, true);
        if (b < 0) return;
        _colSum.X = dOut; _colSum.Sum = G(b); _colSum.N = n; _colSum.C = oc;
        Pool.Run(_colSum, _colSum.Items);
    }

    /// <summary>The family's normalisation (<see cref="ModelConfig.Norm"/>) of n rows of width c.</summary>
    protected internal void Norm(float* x, float* output, float* mean, float* rstd, long weight, long bias, int n, int c)
    {
        _normF.Kind = Config.Norm; _normF.X = x; _normF.Out = output; _normF.Mean = mean; _normF.Rstd = rstd;
        _normF.Weight = W(weight); _normF.Bias = W(bias); _normF.C = c;
        Pool.Run(_normF, n);
    }

    /// <summary>dX += norm backward of dOut; dWeight, dBias accumulate.</summary>
    protected internal void NormBackward(float* x, float* dOut, float* dx, float* mean, float* rstd, long weight, long bias, int n, int c)
    {
        _normBX.Kind = Config.Norm; _normBX.X = x; _normBX.DOut = dOut; _normBX.DX = dx; _normBX.Mean = mean;
        _normBX.Rstd = rstd; _normBX.Weight = W(weight); _normBX.C = c;
        Pool.Run(_normBX, n);
        _normBP.X = x; _normBP.DOut = dOut; _normBP.Mean = mean; _normBP.Rstd = rstd; _normBP.DWeight = G(weight);
        _normBP.DBias = G(bias); _normBP.N = n; _normBP.C = c;
        Pool.Run(_normBP, _normBP.Items);
    }

    protected internal static void Copy(float* from, float* to, long count) =>
        Buffer.MemoryCopy(from, to, count * sizeof(float), count * sizeof(float));

    protected internal void Observe(int layer, string site, float* data, long count)
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

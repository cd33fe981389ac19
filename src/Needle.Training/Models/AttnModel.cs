using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>
/// The <c>attn</c> family: a pre-norm GPT over byte tokens, written llm.c-style as one explicit forward and
/// backward per layer over buffers allocated once. Block: x += proj(attn(norm1(x))); x += mlp(norm2(x)).
/// Init: norm weights 1 and biases 0; embeddings N(0, 0.02·s_emb); hidden matrices N(0, s_hid·0.02·√(128/fan_in))
/// (GPT-2's 0.02 at fan-in 128, scaled as 1/√fan_in so muP can reason about width),
/// output projections further ÷√(2L); untied readout N(0, 0.02·s_out). Groups: wte/wpe = embedding, every block
/// tensor and the final norm = hidden, the untied readout = readout (tied: the readout is wte, an embedding).
/// </summary>
public sealed unsafe class AttnModel : ILanguageModel, Families.IAuxiliaryLoss
{
    private readonly NativeArena _arena = new();
    private readonly WorkerPool _pool;
    private readonly Gemm _gemm;
    private readonly List<ParameterTensor> _tensors = [];
    private readonly float* _params, _grads;
    private float* _effective;
    private readonly int _b, _t, _c, _l, _nh, _f, _v;

    // Activations (sized for MaxBatch), per layer where the backward needs them.
    private readonly float* _encoded, _lnf, _lnfMean, _lnfRstd, _logits, _losses;
    private readonly float*[] _ln1, _ln1Mean, _ln1Rstd, _qkv, _atty, _att, _res2, _ln2, _ln2Mean, _ln2Rstd, _fch, _fchAct, _res3;
    private readonly int* _inputs, _targets;

    // Gradient scratch, shared by all layers (the backward visits them one at a time).
    private readonly float* _dres, _dln, _dqkv, _datty, _dfchAct, _dfch;

    private readonly EmbeddingForward _embF = new();
    private readonly EmbeddingBackward _embB = new();
    private readonly NormForward _normF = new();
    private readonly NormBackwardInput _normBX = new();
    private readonly NormBackwardParams _normBP = new();
    private readonly ActivationForward _actF = new();
    private readonly Families.NcaEntropyPenalty _nca = new();
    private readonly DropoutForward _dropF = new();
    private readonly DropoutBackward _dropB = new();
    private readonly float*[]? _attMask, _mlpMask;
    private readonly ulong _seed;
    private long? _droppedStep;
    private readonly ActivationBackward _actB = new();
    private readonly CausalAttentionForward _attF = new();
    private readonly CausalAttentionBackward _attB = new();
    private readonly CrossEntropy _ce = new();
    private readonly ColumnSum _colSum = new();
    private readonly Rope? _rope;

    private readonly long _wte, _wpe = -1, _lnfW, _lnfB = -1, _readout;
    private readonly long[] _ln1W, _ln1B, _qkvW, _qkvB, _projW, _projB, _ln2W, _ln2B, _fcW, _fcB, _fpW, _fpB;
    private int _lastBatch;
    private bool _haveTargets;

    public AttnModel(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool)
    {
        config.Validate();
        if (maxBatch < 1) throw new ArgumentOutOfRangeException(nameof(maxBatch), maxBatch, "batch must be positive");
        Config = config;
        MaxBatch = maxBatch;
        _pool = pool;
        _gemm = new Gemm(pool);
        (_b, _t, _c, _l, _nh, _f, _v) = (maxBatch, config.Ctx, config.DModel, config.Layers, config.Heads, config.Hidden, config.Vocab);
        bool rms = config.Norm == NormKind.RmsNorm;
        bool learned = config.Positions != PositionKind.Rope;

        long offset = 0;
        long Add(string name, ParameterGroup group, params int[] shape)
        {
            var t = new ParameterTensor(name, shape, offset, group, shape.Length >= 2);
            _tensors.Add(t);
            offset += t.Size;
            return t.Offset;
        }
        _wte = Add("wte", ParameterGroup.Embedding, _v, _c);
        if (learned) _wpe = Add("wpe", ParameterGroup.Embedding, _t, _c);
        _ln1W = new long[_l]; _ln1B = new long[_l]; _qkvW = new long[_l]; _qkvB = new long[_l]; _projW = new long[_l];
        _projB = new long[_l]; _ln2W = new long[_l]; _ln2B = new long[_l]; _fcW = new long[_l]; _fcB = new long[_l];
        _fpW = new long[_l]; _fpB = new long[_l];
        for (int l = 0; l < _l; l++)
        {
            _ln1W[l] = Add($"h{l}.ln1.w", ParameterGroup.Hidden, _c);
            _ln1B[l] = rms ? -1 : Add($"h{l}.ln1.b", ParameterGroup.Hidden, _c);
            _qkvW[l] = Add($"h{l}.attn.qkv.w", ParameterGroup.Hidden, 3 * _c, _c);
            _qkvB[l] = Add($"h{l}.attn.qkv.b", ParameterGroup.Hidden, 3 * _c);
            _projW[l] = Add($"h{l}.attn.proj.w", ParameterGroup.Hidden, _c, _c);
            _projB[l] = Add($"h{l}.attn.proj.b", ParameterGroup.Hidden, _c);
            _ln2W[l] = Add($"h{l}.ln2.w", ParameterGroup.Hidden, _c);
            _ln2B[l] = rms ? -1 : Add($"h{l}.ln2.b", ParameterGroup.Hidden, _c);
            _fcW[l] = Add($"h{l}.mlp.fc.w", ParameterGroup.Hidden, _f, _c);
            _fcB[l] = Add($"h{l}.mlp.fc.b", ParameterGroup.Hidden, _f);
            _fpW[l] = Add($"h{l}.mlp.proj.w", ParameterGroup.Hidden, _c, _f);
            _fpB[l] = Add($"h{l}.mlp.proj.b", ParameterGroup.Hidden, _c);
        }
        _lnfW = Add("lnf.w", ParameterGroup.Hidden, _c);
        if (!rms) _lnfB = Add("lnf.b", ParameterGroup.Hidden, _c);
        _readout = config.TiedReadout ? _wte : Add("lm_head.w", ParameterGroup.Readout, _v, _c);
        ParameterCount = offset;
        _params = _arena.Allocate(offset);
        _grads = _arena.Allocate(offset);
        Initialise(seed);

        long n = (long)_b * _t;
        _inputs = _arena.AllocateInts(n);
        _targets = _arena.AllocateInts(n);
        _encoded = _arena.Allocate(n * _c);
        float*[] PerLayer(long size) { var a = new float*[_l]; for (int l = 0; l < _l; l++) a[l] = _arena.Allocate(size); return a; }
        _ln1 = PerLayer(n * _c); _ln1Mean = PerLayer(n); _ln1Rstd = PerLayer(n); _qkv = PerLayer(n * 3 * _c);
        _atty = PerLayer(n * _c); _att = PerLayer((long)_b * _nh * _t * _t); _res2 = PerLayer(n * _c);
        _ln2 = PerLayer(n * _c); _ln2Mean = PerLayer(n); _ln2Rstd = PerLayer(n); _fch = PerLayer(n * _f);
        _fchAct = PerLayer(n * _f); _res3 = PerLayer(n * _c);
        _lnf = _arena.Allocate(n * _c); _lnfMean = _arena.Allocate(n); _lnfRstd = _arena.Allocate(n);
        _logits = _arena.Allocate(n * _v); _losses = _arena.Allocate(n);
        _dres = _arena.Allocate(n * _c); _dln = _arena.Allocate(n * _c); _dqkv = _arena.Allocate(n * 3 * _c);
        _datty = _arena.Allocate(n * _c); _dfchAct = _arena.Allocate(n * _f); _dfch = _arena.Allocate(n * _f);
        if (config.Dropout > 0f) { _attMask = PerLayer(n * _c); _mlpMask = PerLayer(n * _f); }
        _seed = seed;
        if (config.Positions != PositionKind.Learned) _rope = new Rope(_t, config.HeadSize);
        _effective = _params;
    }

    public ModelConfig Config { get; }
    public IReadOnlyList<ParameterTensor> Tensors => _tensors;
    public long ParameterCount { get; }
    public int MaxBatch { get; }
    public Span<float> Parameters => new(_params, checked((int)ParameterCount));
    public Span<float> Gradients => new(_grads, checked((int)ParameterCount));
    public ReadOnlySpan<float> PositionLosses => new(_losses, _lastBatch * _t);
    public ReadOnlySpan<float> Logits => new(_logits, _lastBatch * _t * _v);
    public IWeightTransform? WeightTransform { get; set; }
    public long? TrainingStep { get; set; }
    public double AuxiliaryLoss { get; private set; }
    public double NcaEntropy { get; private set; } = double.NaN;
    public IActivationObserver? Observer { get; set; }

    public double ForwardFlopsPerToken
    {
        get
        {
            double perLayer = 2.0 * (3L * _c * _c + (long)_c * _c + 2L * _c * _f) + 2.0 * _t * _c; // matmuls + causal attention (≈T/2 keys × 2 products)
            return _l * perLayer + 2.0 * _c * _v;
        }
    }

    /// <summary>The gradient slice of one tensor (zero-cost proxies read these).</summary>
    public Span<float> GradientOf(ParameterTensor t) => Gradients.Slice((int)t.Offset, (int)t.Size);

    /// <summary>The weight slice of one tensor.</summary>
    public Span<float> ParameterOf(ParameterTensor t) => Parameters.Slice((int)t.Offset, (int)t.Size);

    private void Initialise(ulong seed)
    {
        var cfg = Config;
        for (int i = 0; i < _tensors.Count; i++)
        {
            var t = _tensors[i];
            var span = new Span<float>(_params + t.Offset, (int)t.Size);
            var rng = SplitMix64.Derive(seed, (ulong)i + 1);
            if (t.Shape.Length == 1)
            {
                span.Fill(t.Name.EndsWith(".w", StringComparison.Ordinal) && t.Name.Contains("ln", StringComparison.Ordinal) ? 1f : 0f);
                continue;
            }
            double std = t.Group switch
            {
                ParameterGroup.Embedding => 0.02 * cfg.EmbeddingInitScale,
                ParameterGroup.Readout => 0.02 * cfg.ReadoutInitScale,
                _ => cfg.HiddenInitScale * 0.02 * Math.Sqrt(128.0 / t.FanIn),
            };
            if (t.Name.EndsWith("proj.w", StringComparison.Ordinal)) std /= Math.Sqrt(2.0 * _l);
            for (int j = 0; j < span.Length; j++) span[j] = (float)(std * rng.NextGaussian());
        }
    }

    private float* W(long offset) => offset < 0 ? null : _effective + offset;
    private float* G(long offset) => offset < 0 ? null : _grads + offset;

    public float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch)
    {
        if (batch < 1 || batch > MaxBatch) throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch must be in [1, {MaxBatch}]");
        int n = batch * _t;
        if (inputs.Length != n) throw new ArgumentException($"inputs: expected {n} tokens, got {inputs.Length}");
        if (targets.Length != 0 && targets.Length != n) throw new ArgumentException($"targets: expected {n} tokens, got {targets.Length}");
        for (int i = 0; i < n; i++)
        {
            if ((uint)inputs[i] >= (uint)_v) throw new ArgumentException($"inputs[{i}] = {inputs[i]} is outside the vocabulary [0, {_v})");
            _inputs[i] = inputs[i];
            if (targets.Length != 0)
            {
                if ((uint)targets[i] >= (uint)_v) throw new ArgumentException($"targets[{i}] = {targets[i]} is outside the vocabulary [0, {_v})");
                _targets[i] = targets[i];
            }
        }
        _lastBatch = batch;
        _haveTargets = targets.Length != 0;
        _droppedStep = Config.Dropout > 0f && _haveTargets ? TrainingStep : null;
        PrepareEffectiveWeights();

        _embF.Tokens = _inputs; _embF.Wte = W(_wte); _embF.Wpe = W(_wpe); _embF.Out = _encoded; _embF.T = _t; _embF.C = _c;
        _pool.Run(_embF, n);
        Observe(-1, "embed", _encoded, (long)n * _c);

        for (int l = 0; l < _l; l++)
        {
            float* resIn = l == 0 ? _encoded : _res3[l - 1];
            Norm(resIn, _ln1[l], _ln1Mean[l], _ln1Rstd[l], W(_ln1W[l]), W(_ln1B[l]), n);
            Linear(_ln1[l], _qkvW[l], _qkvB[l], _qkv[l], n, _c, 3 * _c, accumulate: false);
            if (_rope is not null)
            {
                _rope.Qkv = _qkv[l]; _rope.C = _c; _rope.Heads = _nh; _rope.Inverse = false;
                _pool.Run(_rope, n);
            }
            _attF.Qkv = _qkv[l]; _attF.Out = _atty[l]; _attF.Att = _att[l]; _attF.T = _t; _attF.C = _c; _attF.Heads = _nh;
            _pool.Run(_attF, batch * _nh);
            Drop(_atty[l], _attMask, l, 0, n, _c);
            Observe(l, "attn_y", _atty[l], (long)n * _c);
            Copy(resIn, _res2[l], (long)n * _c);
            Linear(_atty[l], _projW[l], _projB[l], _res2[l], n, _c, _c, accumulate: true);
            Norm(_res2[l], _ln2[l], _ln2Mean[l], _ln2Rstd[l], W(_ln2W[l]), W(_ln2B[l]), n);
            Linear(_ln2[l], _fcW[l], _fcB[l], _fch[l], n, _c, _f, accumulate: false);
            _actF.Kind = Config.Activation; _actF.X = _fch[l]; _actF.Y = _fchAct[l]; _actF.Width = _f;
            _pool.Run(_actF, n);
            Drop(_fchAct[l], _mlpMask, l, 1, n, _f);
            Observe(l, "mlp_act", _fchAct[l], (long)n * _f);
            Copy(_res2[l], _res3[l], (long)n * _c);
            Linear(_fchAct[l], _fpW[l], _fpB[l], _res3[l], n, _f, _c, accumulate: true);
            Observe(l, "residual", _res3[l], (long)n * _c);
        }
        Norm(_res3[_l - 1], _lnf, _lnfMean, _lnfRstd, W(_lnfW), W(_lnfB), n);
        Linear(_lnf, _readout, -1, _logits, n, _c, _v, accumulate: false);
        Observe(_l, "logits", _logits, (long)n * _v);
        if (!_haveTargets) return float.NaN;
        if (Config.NcaWeight > 0f)
        {
            // NCA acts on the normalised final hidden state (the readout's input), as in the other families.
            AuxiliaryLoss = Config.NcaWeight * _nca.Forward(new ReadOnlySpan<float>(_lnf, n * _c));
            NcaEntropy = _nca.Entropy;
        }

        _ce.Logits = _logits; _ce.Losses = _losses; _ce.Targets = _targets; _ce.V = _v; _ce.Backward = false;
        _pool.Run(_ce, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += _losses[i];
        return (float)(sum / n);
    }

    public void ZeroGradients() => Gradients.Clear();

    public void Backward()
    {
        if (!_haveTargets) throw new InvalidOperationException("Backward needs a preceding Forward with targets.");
        int n = _lastBatch * _t;
        _ce.Backward = true; _ce.Scale = 1f / n;
        _pool.Run(_ce, n);
        _haveTargets = false; // the probabilities are now gradients

        WeightGrad(_logits, _lnf, _readout, -1, n, _c, _v);
        _gemm.Multiply(n, _c, _v, MatrixView.RowMajor(_logits, _v), MatrixView.RowMajor(W(_readout), _c), _dln, _c, null, false);
        if (Config.NcaWeight > 0f)
            _nca.Backward(new ReadOnlySpan<float>(_lnf, n * _c), new Span<float>(_dln, n * _c), Config.NcaWeight);
        new Span<float>(_dres, n * _c).Clear();
        NormBackward(_res3[_l - 1], _dln, _lnfMean, _lnfRstd, _lnfW, _lnfB, n);

        for (int l = _l - 1; l >= 0; l--)
        {
            float* resIn = l == 0 ? _encoded : _res3[l - 1];
            // MLP: res3 = res2 + act(ln2·Wfc + bfc)·Wfp + bfp
            WeightGrad(_dres, _fchAct[l], _fpW[l], _fpB[l], n, _f, _c);
            _gemm.Multiply(n, _f, _c, MatrixView.RowMajor(_dres, _c), MatrixView.RowMajor(W(_fpW[l]), _f), _dfchAct, _f, null, false);
            DropBackward(_dfchAct, _mlpMask, l, n, _f);
            _actB.Kind = Config.Activation; _actB.X = _fch[l]; _actB.DY = _dfchAct; _actB.DX = _dfch; _actB.Width = _f;
            _pool.Run(_actB, n);
            WeightGrad(_dfch, _ln2[l], _fcW[l], _fcB[l], n, _c, _f);
            _gemm.Multiply(n, _c, _f, MatrixView.RowMajor(_dfch, _f), MatrixView.RowMajor(W(_fcW[l]), _c), _dln, _c, null, false);
            NormBackward(_res2[l], _dln, _ln2Mean[l], _ln2Rstd[l], _ln2W[l], _ln2B[l], n);
            // Attention: res2 = resIn + attn(ln1·Wqkv + bqkv)·Wp + bp
            WeightGrad(_dres, _atty[l], _projW[l], _projB[l], n, _c, _c);
            _gemm.Multiply(n, _c, _c, MatrixView.RowMajor(_dres, _c), MatrixView.RowMajor(W(_projW[l]), _c), _datty, _c, null, false);
            DropBackward(_datty, _attMask, l, n, _c);
            _attB.Qkv = _qkv[l]; _attB.Att = _att[l]; _attB.DOut = _datty; _attB.DQkv = _dqkv; _attB.T = _t; _attB.C = _c; _attB.Heads = _nh;
            _pool.Run(_attB, _lastBatch * _nh);
            if (_rope is not null)
            {
                _rope.Qkv = _dqkv; _rope.C = _c; _rope.Heads = _nh; _rope.Inverse = true;
                _pool.Run(_rope, n);
            }
            WeightGrad(_dqkv, _ln1[l], _qkvW[l], _qkvB[l], n, _c, 3 * _c);
            _gemm.Multiply(n, _c, 3 * _c, MatrixView.RowMajor(_dqkv, 3 * _c), MatrixView.RowMajor(W(_qkvW[l]), _c), _dln, _c, null, false);
            NormBackward(resIn, _dln, _ln1Mean[l], _ln1Rstd[l], _ln1W[l], _ln1B[l], n);
        }
        _embB.Tokens = _inputs; _embB.DOut = _dres; _embB.DWte = G(_wte); _embB.DWpe = G(_wpe); _embB.N = n; _embB.T = _t; _embB.C = _c;
        _pool.Run(_embB, _embB.Items);
    }

    /// <summary>out[n×oc] (=|+=) in[n×ic]·W[oc×ic]ᵀ + b.</summary>
    private void Linear(float* input, long w, long b, float* output, int n, int ic, int oc, bool accumulate) =>
        _gemm.Multiply(n, oc, ic, MatrixView.RowMajor(input, ic), MatrixView.Transposed(W(w), ic), output, oc, W(b), accumulate);

    /// <summary>dW[oc×ic] += dOutᵀ·in; db += Σ_rows dOut.</summary>
    private void WeightGrad(float* dOut, float* input, long w, long b, int n, int ic, int oc)
    {
        _gemm.Multiply(oc, ic, n, MatrixView.Transposed(dOut, oc), MatrixView.RowMajor(input, ic), G(w), ic, null, true);
        if (b < 0) return;
        _colSum.X = dOut; _colSum.Sum = G(b); _colSum.N = n; _colSum.C = oc;
        _pool.Run(_colSum, _colSum.Items);
    }

    private void Norm(float* x, float* output, float* mean, float* rstd, float* weight, float* bias, int n)
    {
        _normF.Kind = Config.Norm; _normF.X = x; _normF.Out = output; _normF.Mean = mean; _normF.Rstd = rstd;
        _normF.Weight = weight; _normF.Bias = bias; _normF.C = _c;
        _pool.Run(_normF, n);
    }

    /// <summary>dres += norm backward of dOut; dWeight, dBias accumulate.</summary>
    private void NormBackward(float* x, float* dOut, float* mean, float* rstd, long weight, long bias, int n)
    {
        _normBX.Kind = Config.Norm; _normBX.X = x; _normBX.DOut = dOut; _normBX.DX = _dres; _normBX.Mean = mean;
        _normBX.Rstd = rstd; _normBX.Weight = W(weight); _normBX.C = _c;
        _pool.Run(_normBX, n);
        _normBP.X = x; _normBP.DOut = dOut; _normBP.Mean = mean; _normBP.Rstd = rstd; _normBP.DWeight = G(weight);
        _normBP.DBias = G(bias); _normBP.N = n; _normBP.C = _c;
        _pool.Run(_normBP, _normBP.Items);
    }

    /// <summary>
    /// Inverted dropout in place on a training forward (attention output before its projection, MLP activation
    /// before the down-projection: the inputs those products' weight gradients then see). Site 0/1 and the layer
    /// make each mask stream distinct; the step makes masks differ between steps and repeat on resume.
    /// </summary>
    private void Drop(float* x, float*[]? masks, int layer, int site, int n, int width)
    {
        if (_droppedStep is not { } step || masks is null) return;
        _dropF.X = x; _dropF.Y = x; _dropF.Mask = masks[layer]; _dropF.Width = width; _dropF.Rate = Config.Dropout;
        _dropF.Seed = _seed; _dropF.Stream = (ulong)step * 65536UL + (ulong)(uint)layer * 2UL + (ulong)(uint)site;
        _pool.Run(_dropF, n);
    }

    private void DropBackward(float* d, float*[]? masks, int layer, int n, int width)
    {
        if (_droppedStep is null || masks is null) return;
        _dropB.DY = d; _dropB.DX = d; _dropB.Mask = masks[layer]; _dropB.Width = width;
        _pool.Run(_dropB, n);
    }

    private static void Copy(float* from, float* to, long count) =>
        Buffer.MemoryCopy(from, to, count * sizeof(float), count * sizeof(float));

    private void Observe(int layer, string site, float* data, long count)
    {
        if (Observer is { } o) o.Observe(layer, site, new ReadOnlySpan<float>(data, checked((int)count)));
    }

    private void PrepareEffectiveWeights()
    {
        if (WeightTransform is not { } transform)
        {
            _effective = _params;
            return;
        }
        if (_effective == _params) _effective = _arena.Allocate(ParameterCount);
        Buffer.MemoryCopy(_params, _effective, ParameterCount * sizeof(float), ParameterCount * sizeof(float));
        foreach (var t in _tensors)
            if (transform.Applies(t)) transform.Transform(t, new Span<float>(_effective + t.Offset, (int)t.Size));
    }

    public void Dispose()
    {
        _gemm.Dispose();
        _arena.Dispose();
    }
}

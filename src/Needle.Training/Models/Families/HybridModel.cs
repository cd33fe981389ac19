using Needle.Training.Data;
using Needle.Training.Kernels;
using Needle.Training.Layers;

namespace Needle.Training.Models.Families;

/// <summary>
/// <c>HYBRID</c>: TRAIN_V2's n-gram feature x₀ = LN₀(Σ_i α_i·wte[x_{t−i}]) followed by a shallow stack
/// (<see cref="ModelConfig.Layers"/>, upstream 2) of pre-norm blocks — causal attention with RoPE and the QK gain
/// (<see cref="ModelConfig.QkGain"/>, upstream φ²) and a ReLU² feed-forward — then a final LayerNorm and the tied
/// readout. Deviation from the upstream: attention spans the whole training window (ctx) rather than only the last
/// 8 positions; the n-gram mix already covers the nearest K bytes. Init as <see cref="AttnModel"/> for the blocks,
/// as <see cref="TrainV2Model"/> for the n-gram part. Groups: wte = embedding, the rest hidden.
/// </summary>
public unsafe class HybridModel : FamilyModelBase
{
    private readonly int _c, _l, _nh, _f, _k;
    private readonly long _wte, _mix, _ln0W, _ln0B, _lnfW, _lnfB;
    private readonly long[] _ln1W, _ln1B, _qkvW, _qkvB, _projW, _projB, _ln2W, _ln2B, _fcW, _fcB, _fpW, _fpB;
    private readonly float* _mixOut, _x0, _mean0, _rstd0, _lnf, _lnfMean, _lnfRstd, _logits, _losses, _alphaPartials;
    private readonly float*[] _ln1, _ln1Mean, _ln1Rstd, _qkv, _atty, _att, _res2, _ln2, _ln2Mean, _ln2Rstd, _fch, _fchAct, _res3;
    private readonly float* _dres, _dln, _dqkv, _datty, _dfchAct, _dfch, _dmix;
    private readonly NgramMixForward _mixF = new();
    private readonly NgramMixBackward _mixB = new();
    private readonly ActivationForward _actF = new();
    private readonly ActivationBackward _actB = new();
    private readonly CausalAttentionForward _attF = new();
    private readonly CausalAttentionBackward _attB = new();
    private readonly QueryGain _gain = new();
    private readonly CrossEntropy _ce = new();
    private readonly Rope _rope;
    private readonly NcaEntropyPenalty _nca = new();

    public HybridModel(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool) : base(config, maxBatch, pool)
    {
        if (config.HeadSize % 2 != 0) throw new ArgumentException($"heads: {config.Heads} leaves an odd head size; RoPE needs an even one");
        (_c, _l, _nh, _f, _k) = (config.DModel, config.Layers, config.Heads, config.Hidden, config.NgramK);
        _wte = Add("wte", ParameterGroup.Embedding, V, _c);
        _mix = Add("ngram.mix", ParameterGroup.Hidden, _k);
        _ln0W = Add("ln0.w", ParameterGroup.Hidden, _c);
        _ln0B = Add("ln0.b", ParameterGroup.Hidden, _c);
        _ln1W = new long[_l]; _ln1B = new long[_l]; _qkvW = new long[_l]; _qkvB = new long[_l]; _projW = new long[_l];
        _projB = new long[_l]; _ln2W = new long[_l]; _ln2B = new long[_l]; _fcW = new long[_l]; _fcB = new long[_l];
        _fpW = new long[_l]; _fpB = new long[_l];
        for (int l = 0; l < _l; l++)
        {
            _ln1W[l] = Add($"h{l}.ln1.w", ParameterGroup.Hidden, _c);
            _ln1B[l] = Add($"h{l}.ln1.b", ParameterGroup.Hidden, _c);
            _qkvW[l] = Add($"h{l}.attn.qkv.w", ParameterGroup.Hidden, 3 * _c, _c);
            _qkvB[l] = Add($"h{l}.attn.qkv.b", ParameterGroup.Hidden, 3 * _c);
            _projW[l] = Add($"h{l}.attn.proj.w", ParameterGroup.Hidden, _c, _c);
            _projB[l] = Add($"h{l}.attn.proj.b", ParameterGroup.Hidden, _c);
            _ln2W[l] = Add($"h{l}.ln2.w", ParameterGroup.Hidden, _c);
            _ln2B[l] = Add($"h{l}.ln2.b", ParameterGroup.Hidden, _c);
            _fcW[l] = Add($"h{l}.mlp.fc.w", ParameterGroup.Hidden, _f, _c);
            _fcB[l] = Add($"h{l}.mlp.fc.b", ParameterGroup.Hidden, _f);
            _fpW[l] = Add($"h{l}.mlp.proj.w", ParameterGroup.Hidden, _c, _f);
            _fpB[l] = Add($"h{l}.mlp.proj.b", ParameterGroup.Hidden, _c);
        }
        _lnfW = Add("lnf.w", ParameterGroup.Hidden, _c);
        _lnfB = Add("lnf.b", ParameterGroup.Hidden, _c);
        DeclareExtraTensors();
        Seal(seed);

        long n = (long)B * T;
        _mixOut = Arena.Allocate(n * _c); _x0 = Arena.Allocate(n * _c); _mean0 = Arena.Allocate(n); _rstd0 = Arena.Allocate(n);
        float*[] PerLayer(long size) { var a = new float*[_l]; for (int l = 0; l < _l; l++) a[l] = Arena.Allocate(size); return a; }
        _ln1 = PerLayer(n * _c); _ln1Mean = PerLayer(n); _ln1Rstd = PerLayer(n); _qkv = PerLayer(n * 3 * _c);
        _atty = PerLayer(n * _c); _att = PerLayer((long)B * _nh * T * T); _res2 = PerLayer(n * _c);
        _ln2 = PerLayer(n * _c); _ln2Mean = PerLayer(n); _ln2Rstd = PerLayer(n); _fch = PerLayer(n * _f);
        _fchAct = PerLayer(n * _f); _res3 = PerLayer(n * _c);
        _lnf = Arena.Allocate(n * _c); _lnfMean = Arena.Allocate(n); _lnfRstd = Arena.Allocate(n);
        _logits = Arena.Allocate(n * V); _losses = Arena.Allocate(n);
        _dres = Arena.Allocate(n * _c); _dln = Arena.Allocate(n * _c); _dqkv = Arena.Allocate(n * 3 * _c);
        _datty = Arena.Allocate(n * _c); _dfchAct = Arena.Allocate(n * _f); _dfch = Arena.Allocate(n * _f);
        _dmix = Arena.Allocate(n * _c);
        _alphaPartials = Arena.Allocate((long)NgramMixBackward.ItemsFor(_c) * _k);
        _rope = new Rope(T, config.HeadSize);
    }

    /// <summary>Subclasses declare tensors appended after the backbone's (called once, before initialisation).</summary>
    protected virtual void DeclareExtraTensors() { }

    /// <summary>Weighted extra loss on the final normalised hidden state (n rows × d); called after a forward with targets.</summary>
    protected virtual double AuxiliaryForward(float* hidden, int n) => 0;

    /// <summary>Adds d(extra loss)/d hidden into <paramref name="dHidden"/>; extra tensors' gradients accumulate.</summary>
    protected virtual void AuxiliaryBackward(float* hidden, float* dHidden, int n) { }

    /// <summary>The final normalised hidden state of the last forward (the readout's input, n rows × d).</summary>
    internal float* FinalHidden => _lnf;

    public override ReadOnlySpan<float> PositionLosses => new(_losses, LastBatch * T);
    public override ReadOnlySpan<float> Logits => new(_logits, LastBatch * T * V);

    public override double ForwardFlopsPerToken =>
        2.0 * _k * _c + _l * (2.0 * (4L * _c * _c + 2L * _c * _f) + 2.0 * T * _c) + 2.0 * _c * V;

    protected override void Initialise(ParameterTensor t, Span<float> values, SplitMix64 rng)
    {
        var cfg = Config;
        if (t.Name == "ngram.mix") { for (int i = 0; i < values.Length; i++) values[i] = NgramMixForward.InitialWeight(i); return; }
        if (t.Shape.Length == 1) { if (t.Name.EndsWith(".w", StringComparison.Ordinal)) values.Fill(1f); else values.Clear(); return; }
        if (t.Name == "wte") { Gaussian(values, ref rng, 0.02 * cfg.EmbeddingInitScale); return; }
        double std = cfg.HiddenInitScale / Math.Sqrt(t.FanIn);
        if (t.Name.EndsWith("proj.w", StringComparison.Ordinal)) std /= Math.Sqrt(2.0 * _l);
        Gaussian(values, ref rng, std);
    }

    public override float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch)
    {
        int n = BeginForward(inputs, targets, batch);
        _mixF.Tokens = InputTokens; _mixF.Wte = W(_wte); _mixF.Alpha = W(_mix); _mixF.Out = _mixOut; _mixF.T = T; _mixF.C = _c; _mixF.K = _k;
        Pool.Run(_mixF, n);
        Norm(_mixOut, _x0, _mean0, _rstd0, _ln0W, _ln0B, n, _c);
        Observe(-1, "embed", _x0, (long)n * _c);
        double nca = 0;
        for (int l = 0; l < _l; l++)
        {
            float* resIn = l == 0 ? _x0 : _res3[l - 1];
            Norm(resIn, _ln1[l], _ln1Mean[l], _ln1Rstd[l], _ln1W[l], _ln1B[l], n, _c);
            Linear(_ln1[l], _qkvW[l], _qkvB[l], _qkv[l], n, _c, 3 * _c, accumulate: false);
            _rope.Qkv = _qkv[l]; _rope.C = _c; _rope.Heads = _nh; _rope.Inverse = false;
            Pool.Run(_rope, n);
            _gain.Qkv = _qkv[l]; _gain.C = _c; _gain.Gain = Config.QkGain;
            Pool.Run(_gain, n);
            _attF.Qkv = _qkv[l]; _attF.Out = _atty[l]; _attF.Att = _att[l]; _attF.T = T; _attF.C = _c; _attF.Heads = _nh;
            Pool.Run(_attF, batch * _nh);
            Observe(l, "attn_y", _atty[l], (long)n * _c);
            Copy(resIn, _res2[l], (long)n * _c);
            Linear(_atty[l], _projW[l], _projB[l], _res2[l], n, _c, _c, accumulate: true);
            Norm(_res2[l], _ln2[l], _ln2Mean[l], _ln2Rstd[l], _ln2W[l], _ln2B[l], n, _c);
            Linear(_ln2[l], _fcW[l], _fcB[l], _fch[l], n, _c, _f, accumulate: false);
            _actF.Kind = ActivationKind.ReluSquared; _actF.X = _fch[l]; _actF.Y = _fchAct[l]; _actF.Width = _f;
            Pool.Run(_actF, n);
            Observe(l, "mlp_act", _fchAct[l], (long)n * _f);
            Copy(_res2[l], _res3[l], (long)n * _c);
            Linear(_fchAct[l], _fpW[l], _fpB[l], _res3[l], n, _f, _c, accumulate: true);
            Observe(l, "residual", _res3[l], (long)n * _c);
        }
        Norm(_res3[_l - 1], _lnf, _lnfMean, _lnfRstd, _lnfW, _lnfB, n, _c);
        Linear(_lnf, _wte, -1, _logits, n, _c, V, accumulate: false);
        Observe(_l, "logits", _logits, (long)n * V);
        if (!HaveTargets) return float.NaN;

        if (Config.NcaWeight > 0f)
        {
            // NCA acts on the normalised final hidden state (the readout's input).
            nca = Config.NcaWeight * _nca.Forward(new ReadOnlySpan<float>(_lnf, n * _c));
            NcaEntropy = _nca.Entropy;
        }
        AuxiliaryLoss = nca + AuxiliaryForward(_lnf, n);
        _ce.Logits = _logits; _ce.Losses = _losses; _ce.Targets = TargetTokens; _ce.V = V; _ce.Backward = false;
        Pool.Run(_ce, n);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += _losses[i];
        return (float)(sum / n);
    }

    public override void Backward()
    {
        if (!HaveTargets) throw new InvalidOperationException("Backward needs a preceding Forward with targets.");
        int n = LastBatch * T;
        _ce.Backward = true; _ce.Scale = 1f / n;
        Pool.Run(_ce, n);
        HaveTargets = false;

        WeightGrad(_logits, _lnf, _wte, -1, n, _c, V);
        LinearInputGrad(_logits, _wte, _dln, n, _c, V);
        if (Config.NcaWeight > 0f)
            _nca.Backward(new ReadOnlySpan<float>(_lnf, n * _c), new Span<float>(_dln, n * _c), Config.NcaWeight);
        AuxiliaryBackward(_lnf, _dln, n);
        new Span<float>(_dres, n * _c).Clear();
        NormBackward(_res3[_l - 1], _dln, _dres, _lnfMean, _lnfRstd, _lnfW, _lnfB, n, _c);
        for (int l = _l - 1; l >= 0; l--)
        {
            float* resIn = l == 0 ? _x0 : _res3[l - 1];
            WeightGrad(_dres, _fchAct[l], _fpW[l], _fpB[l], n, _f, _c);
            LinearInputGrad(_dres, _fpW[l], _dfchAct, n, _f, _c);
            _actB.Kind = ActivationKind.ReluSquared; _actB.X = _fch[l]; _actB.DY = _dfchAct; _actB.DX = _dfch; _actB.Width = _f;
            Pool.Run(_actB, n);
            WeightGrad(_dfch, _ln2[l], _fcW[l], _fcB[l], n, _c, _f);
            LinearInputGrad(_dfch, _fcW[l], _dln, n, _c, _f);
            NormBackward(_res2[l], _dln, _dres, _ln2Mean[l], _ln2Rstd[l], _ln2W[l], _ln2B[l], n, _c);
            WeightGrad(_dres, _atty[l], _projW[l], _projB[l], n, _c, _c);
            LinearInputGrad(_dres, _projW[l], _datty, n, _c, _c);
            _attB.Qkv = _qkv[l]; _attB.Att = _att[l]; _attB.DOut = _datty; _attB.DQkv = _dqkv; _attB.T = T; _attB.C = _c; _attB.Heads = _nh;
            Pool.Run(_attB, LastBatch * _nh);
            _gain.Qkv = _dqkv; _gain.C = _c; _gain.Gain = Config.QkGain;
            Pool.Run(_gain, n);
            _rope.Qkv = _dqkv; _rope.C = _c; _rope.Heads = _nh; _rope.Inverse = true;
            Pool.Run(_rope, n);
            WeightGrad(_dqkv, _ln1[l], _qkvW[l], _qkvB[l], n, _c, 3 * _c);
            LinearInputGrad(_dqkv, _qkvW[l], _dln, n, _c, 3 * _c);
            NormBackward(resIn, _dln, _dres, _ln1Mean[l], _ln1Rstd[l], _ln1W[l], _ln1B[l], n, _c);
        }
        new Span<float>(_dmix, n * _c).Clear();
        NormBackward(_mixOut, _dres, _dmix, _mean0, _rstd0, _ln0W, _ln0B, n, _c);
        _mixB.Tokens = InputTokens; _mixB.Wte = W(_wte); _mixB.Alpha = W(_mix); _mixB.DOut = _dmix; _mixB.DWte = G(_wte);
        _mixB.DAlpha = Config.NgramMixLearnable ? G(_mix) : null; _mixB.AlphaPartials = _alphaPartials;
        _mixB.N = n; _mixB.T = T; _mixB.C = _c; _mixB.K = _k;
        Pool.Run(_mixB, _mixB.Items);
        _mixB.ReduceAlpha();
    }
}

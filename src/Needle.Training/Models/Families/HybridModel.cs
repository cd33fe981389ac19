using Needle.Training.Kernels;
using Needle.Training.Layers;

namespace Needle.Training.Models.Families;

/// <summary>
/// <c>HYBRID</c>: TRAIN_V2's n-gram feature x₀ = norm₀(Σ_i α_i·wte[x_{t−i}]) followed by the shared
/// <see cref="TransformerStack"/> (<see cref="ModelConfig.Layers"/>; causal attention with RoPE and the
/// QK gain <see cref="HybridOptions.QkGain"/>; a ReLU² feed-forward), the final norm and the readout (tied
/// unless <see cref="ModelConfig.TiedReadout"/> is off). The norm (<see cref="ModelConfig.Norm"/>) and dropout are
/// the family's settings; ReLU² and RoPE are fixed by the family (it refuses --activation and --positions).
/// Attention spans the whole training window (ctx), not only the last 8 positions (docs/decisions.md): the n-gram
/// mix already covers the nearest K bytes. Init: wte N(0, 0.02·s_emb), an untied readout
/// N(0, 0.02·s_out), matrices N(0, s_hid/√fan_in) (output projections further ÷√(2L)), norms 1/0, α as
/// <see cref="TrainV2Model"/>. Groups: wte = embedding, an untied readout = readout, the rest hidden.
/// </summary>
public unsafe class HybridModel : ModelBase
{
    private readonly int _c, _k;
    private readonly long _wte, _mix, _ln0W, _ln0B, _readout;
    private readonly TransformerStack _stack;
    private readonly float* _mixOut, _x0, _mean0, _rstd0, _alphaPartials, _dmix;
    private readonly NgramMixForward _mixF = new();
    private readonly NgramMixBackward _mixB = new();

    public HybridModel(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool) : base(config, maxBatch, pool)
    {
        if (config.HeadSize % 2 != 0) throw new ModelConfigException(nameof(ModelConfig.Heads), $"{config.Heads} leaves an odd head size; RoPE needs an even one");
        (_c, _k) = (config.DModel, config.Ngram.K);
        _wte = Add("wte", ParameterGroup.Embedding, V, _c);
        _mix = Add("ngram.mix", ParameterGroup.Hidden, _k);
        (_ln0W, _ln0B) = AddNorm("ln0", _c);
        _stack = new TransformerStack(this, ActivationKind.ReluSquared, rope: true, config.Hybrid.QkGain, seed);
        _readout = AddReadout(_wte, _c);
        DeclareExtraTensors();
        Seal(seed);

        long n = (long)B * T;
        _mixOut = Arena.Allocate(n * _c); _x0 = Arena.Allocate(n * _c); _mean0 = Arena.Allocate(n); _rstd0 = Arena.Allocate(n);
        _dmix = Arena.Allocate(n * _c);
        _alphaPartials = Arena.Allocate((long)NgramMixBackward.ItemsFor(_c) * _k);
    }

    /// <summary>Subclasses declare tensors appended after the backbone's (called once, before initialisation).</summary>
    protected virtual void DeclareExtraTensors() { }

    /// <summary>The final normalised hidden state of the last forward (the readout's input, n rows × d).</summary>
    internal float* FinalHidden => _stack.Output;

    public override double ForwardFlopsPerToken => 2.0 * _k * _c + _stack.FlopsPerToken + 2.0 * _c * V;

    protected override void Initialise(ParameterTensor t, Span<float> values, SplitMix64 rng)
    {
        var cfg = Config;
        if (t.Name == "ngram.mix") { for (int i = 0; i < values.Length; i++) values[i] = NgramMixForward.InitialWeight(i); return; }
        if (t.Shape.Length == 1) { if (t.Name.EndsWith(".w", StringComparison.Ordinal)) values.Fill(1f); else values.Clear(); return; }
        if (t.Name == "wte") { Gaussian(values, ref rng, 0.02 * cfg.EmbeddingInitScale); return; }
        if (t.Group == ParameterGroup.Readout) { Gaussian(values, ref rng, 0.02 * cfg.ReadoutInitScale); return; }
        double std = cfg.HiddenInitScale / Math.Sqrt(t.FanIn);
        if (t.Name.EndsWith("proj.w", StringComparison.Ordinal)) std /= Math.Sqrt(2.0 * cfg.Layers);
        Gaussian(values, ref rng, std);
    }

    public override float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch)
    {
        int n = BeginForward(inputs, targets, batch);
        _mixF.Tokens = InputTokens; _mixF.Wte = W(_wte); _mixF.Alpha = W(_mix); _mixF.Out = _mixOut; _mixF.T = T; _mixF.C = _c; _mixF.K = _k;
        Pool.Run(_mixF, n);
        Norm(_mixOut, _x0, _mean0, _rstd0, _ln0W, _ln0B, n, _c);
        Observe(-1, "embed", _x0, (long)n * _c);
        float* hidden = _stack.Forward(_x0, batch);
        return FinishForward(hidden, _c, _readout, Config.Layers, ncaSite: hidden, ncaWidth: _c);
    }

    public override void Backward()
    {
        int n = BeginBackward();
        Head.Backward(_stack.OutputGrad, n);
        NcaBackward(_stack.Output, _stack.OutputGrad, (long)n * _c);
        if (!LogitSumObjective) AuxiliaryBackward(_stack.Output, _stack.OutputGrad, n);
        _stack.Backward(n);
        new Span<float>(_dmix, n * _c).Clear();
        NormBackward(_mixOut, _stack.InputGrad, _dmix, _mean0, _rstd0, _ln0W, _ln0B, n, _c);
        _mixB.Tokens = InputTokens; _mixB.Wte = W(_wte); _mixB.Alpha = W(_mix); _mixB.DOut = _dmix; _mixB.DWte = G(_wte);
        _mixB.DAlpha = Config.Ngram.MixLearnable ? G(_mix) : null; _mixB.AlphaPartials = _alphaPartials;
        _mixB.N = n; _mixB.T = T; _mixB.C = _c; _mixB.K = _k;
        Pool.Run(_mixB, _mixB.Items);
        _mixB.ReduceAlpha();
    }
}

using Needle.Training.Kernels;
using Needle.Training.Layers;

namespace Needle.Training.Models.Families;

/// <summary>
/// <c>TRAIN_V2</c>: an n-gram MLP without attention. Per position:
/// f = Σ_i α_i·wte[x_{t−i}] (i &lt; K), h = LN₁(f), z = LN₂(act(h·W_upᵀ + b_up)) (act = ReLU, or ReLU² as a lever),
/// r = h + z·W_downᵀ + b_down, logits = r·wteᵀ (tied). Levers: K (<see cref="NgramOptions.K"/>), hidden width
/// h (<see cref="ModelConfig.Hidden"/>), learnable or frozen α, ReLU/ReLU², NCA weight (the NCA band acts on z).
/// Init: wte N(0, 0.02·s_emb); α_i = 0.7·0.45^i; LN weights 1, biases 0; W_up N(0, s_hid/√d); W_down
/// N(0, s_hid/√h)/√2. Groups: wte = embedding (it is also the readout), everything else = hidden.
/// </summary>
public sealed unsafe class TrainV2Model : ModelBase
{
    private readonly int _c, _h, _k;
    private readonly long _wte, _mix, _ln1W, _ln1B, _upW, _upB, _ln2W, _ln2B, _downW, _downB;
    private readonly float* _f, _h0, _mean1, _rstd1, _u, _a, _z, _mean2, _rstd2, _r;
    private readonly float* _dr, _dz, _da, _du, _dh0, _df, _alphaPartials;
    private readonly NgramMixForward _mixF = new();
    private readonly NgramMixBackward _mixB = new();
    private readonly Relu _relu = new();
    private readonly ActivationForward _actF = new();
    private readonly ActivationBackward _actB = new();

    public TrainV2Model(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool) : base(config, maxBatch, pool)
    {
        (_c, _h, _k) = (config.DModel, config.Hidden, config.Ngram.K);
        _wte = Add("wte", ParameterGroup.Embedding, V, _c);
        _mix = Add("ngram.mix", ParameterGroup.Hidden, _k);
        (_ln1W, _ln1B) = AddNorm("ln1", _c);
        _upW = Add("up.w", ParameterGroup.Hidden, _h, _c);
        _upB = Add("up.b", ParameterGroup.Hidden, _h);
        (_ln2W, _ln2B) = AddNorm("ln2", _h);
        _downW = Add("down.w", ParameterGroup.Hidden, _c, _h);
        _downB = Add("down.b", ParameterGroup.Hidden, _c);
        Seal(seed);

        long n = (long)B * T;
        _f = Arena.Allocate(n * _c); _h0 = Arena.Allocate(n * _c); _mean1 = Arena.Allocate(n); _rstd1 = Arena.Allocate(n);
        _u = Arena.Allocate(n * _h); _a = Arena.Allocate(n * _h); _z = Arena.Allocate(n * _h);
        _mean2 = Arena.Allocate(n); _rstd2 = Arena.Allocate(n); _r = Arena.Allocate(n * _c);
        _dr = Arena.Allocate(n * _c); _dz = Arena.Allocate(n * _h); _da = Arena.Allocate(n * _h); _du = Arena.Allocate(n * _h);
        _dh0 = Arena.Allocate(n * _c); _df = Arena.Allocate(n * _c);
        _alphaPartials = Arena.Allocate((long)NgramMixBackward.ItemsFor(_c) * _k);
    }

    public override double ForwardFlopsPerToken => 2.0 * _k * _c + 4.0 * _c * _h + 2.0 * _c * V;

    protected override void Initialise(ParameterTensor t, Span<float> values, SplitMix64 rng)
    {
        var cfg = Config;
        switch (t.Name)
        {
            case "wte": Gaussian(values, ref rng, 0.02 * cfg.EmbeddingInitScale); break;
            case "ngram.mix": for (int i = 0; i < values.Length; i++) values[i] = NgramMixForward.InitialWeight(i); break;
            case "ln1.w" or "ln2.w": values.Fill(1f); break;
            case "up.w": Gaussian(values, ref rng, cfg.HiddenInitScale / Math.Sqrt(_c)); break;
            case "down.w": Gaussian(values, ref rng, cfg.HiddenInitScale / Math.Sqrt(_h) / Math.Sqrt(2)); break;
            default: values.Clear(); break;
        }
    }

    public override float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch)
    {
        int n = BeginForward(inputs, targets, batch);
        _mixF.Tokens = InputTokens; _mixF.Wte = W(_wte); _mixF.Alpha = W(_mix); _mixF.Out = _f; _mixF.T = T; _mixF.C = _c; _mixF.K = _k;
        Pool.Run(_mixF, n);
        Observe(-1, "embed", _f, (long)n * _c);
        Norm(_f, _h0, _mean1, _rstd1, _ln1W, _ln1B, n, _c);
        Linear(_h0, _upW, _upB, _u, n, _c, _h, accumulate: false);
        Activate(n);
        Observe(0, "mlp_act", _a, (long)n * _h);
        Norm(_a, _z, _mean2, _rstd2, _ln2W, _ln2B, n, _h);
        Copy(_h0, _r, (long)n * _c);
        Linear(_z, _downW, _downB, _r, n, _h, _c, accumulate: true);
        Observe(0, "residual", _r, (long)n * _c);
        // The NCA band acts on z, the normalised activation.
        return FinishForward(_r, _c, _wte, observeLayer: 1, ncaSite: _z, ncaWidth: _h);
    }

    private void Activate(int n)
    {
        if (Config.Ngram.ReluSquared)
        {
            _actF.Kind = ActivationKind.ReluSquared; _actF.X = _u; _actF.Y = _a; _actF.Width = _h;
            Pool.Run(_actF, n);
            return;
        }
        _relu.Backward = false; _relu.X = _u; _relu.Y = _a; _relu.Width = _h;
        Pool.Run(_relu, n);
    }

    public override void Backward()
    {
        int n = BeginBackward();
        Head.Backward(_dr, n);
        WeightGrad(_dr, _z, _downW, _downB, n, _h, _c);
        LinearInputGrad(_dr, _downW, _dz, n, _h, _c);
        NcaBackward(_z, _dz, (long)n * _h);
        new Span<float>(_da, n * _h).Clear();
        NormBackward(_a, _dz, _da, _mean2, _rstd2, _ln2W, _ln2B, n, _h);
        if (Config.Ngram.ReluSquared)
        {
            _actB.Kind = ActivationKind.ReluSquared; _actB.X = _u; _actB.DY = _da; _actB.DX = _du; _actB.Width = _h;
            Pool.Run(_actB, n);
        }
        else
        {
            _relu.Backward = true; _relu.X = _u; _relu.DY = _da; _relu.DX = _du; _relu.Width = _h;
            Pool.Run(_relu, n);
        }
        WeightGrad(_du, _h0, _upW, _upB, n, _c, _h);
        LinearInputGrad(_du, _upW, _dh0, n, _c, _h);
        Simd.Add(_dr, _dh0, n * _c); // the residual r = h + …
        new Span<float>(_df, n * _c).Clear();
        NormBackward(_f, _dh0, _df, _mean1, _rstd1, _ln1W, _ln1B, n, _c);

        _mixB.Tokens = InputTokens; _mixB.Wte = W(_wte); _mixB.Alpha = W(_mix); _mixB.DOut = _df; _mixB.DWte = G(_wte);
        _mixB.DAlpha = Config.Ngram.MixLearnable ? G(_mix) : null; _mixB.AlphaPartials = _alphaPartials;
        _mixB.N = n; _mixB.T = T; _mixB.C = _c; _mixB.K = _k;
        Pool.Run(_mixB, _mixB.Items);
        _mixB.ReduceAlpha();
    }
}

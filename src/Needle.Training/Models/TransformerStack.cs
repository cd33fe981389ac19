using Needle.Training.Layers;
using Needle.Training.Models.Families;

namespace Needle.Training.Models;

/// <summary>
/// The pre-norm transformer block stack every attention family shares: per block x += proj(attn(norm1(x)));
/// x += mlp(norm2(x)), then the final norm. Attention is causal over the whole window, with optional RoPE and a
/// query gain (1 = none); the MLP activation and the normalisation are the family's; dropout (training only) acts on
/// the attention output and the MLP activation. Tensors <c>h{l}.*</c> and <c>lnf.*</c> are declared on the owning
/// model, in the order the checkpoints and the parity reference expect.
/// </summary>
public sealed unsafe class TransformerStack
{
    /// <summary>One block's parameters (offsets into the model's flat vector; −1 = absent).</summary>
    private readonly record struct BlockTensors(long Ln1W, long Ln1B, long QkvW, long QkvB, long ProjW, long ProjB,
        long Ln2W, long Ln2B, long FcW, long FcB, long FpW, long FpB);

    /// <summary>One block's activations, kept for the backward.</summary>
    private readonly struct BlockActivations(ModelBase m, long n, int c, int f, long attention, bool dropout)
    {
        public readonly float* Ln1 = m.Arena.Allocate(n * c), Ln1Mean = m.Arena.Allocate(n), Ln1Rstd = m.Arena.Allocate(n);
        public readonly float* Qkv = m.Arena.Allocate(n * 3 * c), AttY = m.Arena.Allocate(n * c), Att = m.Arena.Allocate(attention);
        public readonly float* Res2 = m.Arena.Allocate(n * c), Ln2 = m.Arena.Allocate(n * c), Ln2Mean = m.Arena.Allocate(n), Ln2Rstd = m.Arena.Allocate(n);
        public readonly float* Fch = m.Arena.Allocate(n * f), FchAct = m.Arena.Allocate(n * f), Res3 = m.Arena.Allocate(n * c);
        public readonly float* AttMask = dropout ? m.Arena.Allocate(n * c) : null, MlpMask = dropout ? m.Arena.Allocate(n * f) : null;
    }

    private readonly ModelBase _m;
    private readonly int _c, _l, _nh, _f;
    private readonly ActivationKind _activation;
    private readonly float _qkGain;
    private readonly ulong _seed;
    private readonly BlockTensors[] _p;
    private readonly BlockActivations[] _a;
    private readonly long _lnfW, _lnfB;
    private readonly float* _lnf, _lnfMean, _lnfRstd, _dres, _dln, _dqkv, _datty, _dfchAct, _dfch;
    private readonly Rope? _rope;
    private readonly QueryGain _gain = new();
    private readonly ActivationForward _actF = new();
    private readonly ActivationBackward _actB = new();
    private readonly CausalAttentionForward _attF = new();
    private readonly CausalAttentionBackward _attB = new();
    private readonly DropoutForward _dropF = new();
    private readonly DropoutBackward _dropB = new();
    private float* _input;

    /// <summary>Declares the blocks' and the final norm's tensors on <paramref name="model"/> and allocates activations.</summary>
    /// <param name="model">The owning model (its config gives d-model, layers, heads, hidden width, norm, dropout).</param>
    /// <param name="activation">The MLP activation.</param>
    /// <param name="rope">Rotary positions in attention.</param>
    /// <param name="qkGain">Multiplier on the queries (1 = none).</param>
    /// <param name="seed">The model's seed (dropout masks draw from it, the step and the site).</param>
    public TransformerStack(ModelBase model, ActivationKind activation, bool rope, float qkGain, ulong seed)
    {
        var config = model.Config;
        _m = model;
        (_c, _l, _nh, _f) = (config.DModel, config.Layers, config.Heads, config.Hidden);
        // muP's 1/d_head attention is a further query gain (exactly 1f under SP, so SP is unchanged).
        (_activation, _qkGain, _seed) = (activation, qkGain * MupScaling.AttentionGain(config), seed);
        _p = new BlockTensors[_l];
        for (int l = 0; l < _l; l++)
        {
            var (ln1W, ln1B) = model.AddNorm($"h{l}.ln1", _c);
            long qkvW = model.AddQueryKeyValue($"h{l}.attn.qkv.w", _c);
            long qkvB = model.Add($"h{l}.attn.qkv.b", ParameterGroup.Hidden, 3 * _c);
            long projW = model.Add($"h{l}.attn.proj.w", ParameterGroup.Hidden, _c, _c);
            long projB = model.Add($"h{l}.attn.proj.b", ParameterGroup.Hidden, _c);
            var (ln2W, ln2B) = model.AddNorm($"h{l}.ln2", _c);
            long fcW = model.Add($"h{l}.mlp.fc.w", ParameterGroup.Hidden, _f, _c);
            long fcB = model.Add($"h{l}.mlp.fc.b", ParameterGroup.Hidden, _f);
            long fpW = model.Add($"h{l}.mlp.proj.w", ParameterGroup.Hidden, _c, _f);
            long fpB = model.Add($"h{l}.mlp.proj.b", ParameterGroup.Hidden, _c);
            _p[l] = new BlockTensors(ln1W, ln1B, qkvW, qkvB, projW, projB, ln2W, ln2B, fcW, fcB, fpW, fpB);
        }
        (_lnfW, _lnfB) = model.AddNorm("lnf", _c);

        long n = (long)model.B * model.T;
        _a = new BlockActivations[_l];
        for (int l = 0; l < _l; l++) _a[l] = new BlockActivations(model, n, _c, _f, (long)model.B * _nh * model.T * model.T, config.Dropout > 0f);
        var arena = model.Arena;
        _lnf = arena.Allocate(n * _c); _lnfMean = arena.Allocate(n); _lnfRstd = arena.Allocate(n);
        _dres = arena.Allocate(n * _c); _dln = arena.Allocate(n * _c); _dqkv = arena.Allocate(n * 3 * _c);
        _datty = arena.Allocate(n * _c); _dfchAct = arena.Allocate(n * _f); _dfch = arena.Allocate(n * _f);
        if (rope) _rope = new Rope(model.T, config.HeadSize);
    }

    /// <summary>The final normalised hidden state of the last forward (the readout's input, rows × d).</summary>
    public float* Output => _lnf;

    /// <summary>Where the caller writes d(loss)/d<see cref="Output"/> before <see cref="Backward"/>.</summary>
    public float* OutputGrad => _dln;

    /// <summary>After <see cref="Backward"/>: d(loss)/d(the stack's input).</summary>
    public float* InputGrad => _dres;

    /// <summary>Forward FLOPs per token of the blocks (matmuls + causal attention, ≈T/2 keys × 2 products).</summary>
    public double FlopsPerToken => _l * (2.0 * (3L * _c * _c + (long)_c * _c + 2L * _c * _f) + 2.0 * _m.T * _c);

    /// <summary>Runs the blocks and the final norm on <paramref name="input"/> (rows × d, kept for the backward).</summary>
    public float* Forward(float* input, int batch)
    {
        var m = _m;
        int n = batch * m.T;
        _input = input;
        for (int l = 0; l < _l; l++)
        {
            var (p, a) = (_p[l], _a[l]);
            float* resIn = l == 0 ? input : _a[l - 1].Res3;
            m.Norm(resIn, a.Ln1, a.Ln1Mean, a.Ln1Rstd, p.Ln1W, p.Ln1B, n, _c);
            m.Linear(a.Ln1, p.QkvW, p.QkvB, a.Qkv, n, _c, 3 * _c, accumulate: false);
            Rotate(a.Qkv, inverse: false, n);
            Gain(a.Qkv, n);
            _attF.Qkv = a.Qkv; _attF.Out = a.AttY; _attF.Att = a.Att; _attF.T = m.T; _attF.C = _c; _attF.Heads = _nh;
            m.Pool.Run(_attF, batch * _nh);
            Drop(a.AttY, a.AttMask, l, 0, n, _c);
            m.Observe(l, "attn_y", a.AttY, (long)n * _c);
            ModelBase.Copy(resIn, a.Res2, (long)n * _c);
            m.Linear(a.AttY, p.ProjW, p.ProjB, a.Res2, n, _c, _c, accumulate: true);
            m.Norm(a.Res2, a.Ln2, a.Ln2Mean, a.Ln2Rstd, p.Ln2W, p.Ln2B, n, _c);
            m.Linear(a.Ln2, p.FcW, p.FcB, a.Fch, n, _c, _f, accumulate: false);
            _actF.Kind = _activation; _actF.X = a.Fch; _actF.Y = a.FchAct; _actF.Width = _f;
            m.Pool.Run(_actF, n);
            Drop(a.FchAct, a.MlpMask, l, 1, n, _f);
            m.Observe(l, "mlp_act", a.FchAct, (long)n * _f);
            ModelBase.Copy(a.Res2, a.Res3, (long)n * _c);
            m.Linear(a.FchAct, p.FpW, p.FpB, a.Res3, n, _f, _c, accumulate: true);
            m.Observe(l, "residual", a.Res3, (long)n * _c);
        }
        m.Norm(_a[_l - 1].Res3, _lnf, _lnfMean, _lnfRstd, _lnfW, _lnfB, n, _c);
        return _lnf;
    }

    /// <summary>Backward from <see cref="OutputGrad"/> to <see cref="InputGrad"/>; parameter gradients accumulate.</summary>
    public void Backward(int n)
    {
        var m = _m;
        new Span<float>(_dres, n * _c).Clear();
        m.NormBackward(_a[_l - 1].Res3, _dln, _dres, _lnfMean, _lnfRstd, _lnfW, _lnfB, n, _c);
        for (int l = _l - 1; l >= 0; l--)
        {
            var (p, a) = (_p[l], _a[l]);
            float* resIn = l == 0 ? _input : _a[l - 1].Res3;
            // MLP: res3 = res2 + act(ln2·Wfc + bfc)·Wfp + bfp
            m.WeightGrad(_dres, a.FchAct, p.FpW, p.FpB, n, _f, _c);
            m.LinearInputGrad(_dres, p.FpW, _dfchAct, n, _f, _c);
            DropBackward(_dfchAct, a.MlpMask, n, _f);
            _actB.Kind = _activation; _actB.X = a.Fch; _actB.DY = _dfchAct; _actB.DX = _dfch; _actB.Width = _f;
            m.Pool.Run(_actB, n);
            m.WeightGrad(_dfch, a.Ln2, p.FcW, p.FcB, n, _c, _f);
            m.LinearInputGrad(_dfch, p.FcW, _dln, n, _c, _f);
            m.NormBackward(a.Res2, _dln, _dres, a.Ln2Mean, a.Ln2Rstd, p.Ln2W, p.Ln2B, n, _c);
            // Attention: res2 = resIn + attn(ln1·Wqkv + bqkv)·Wp + bp
            m.WeightGrad(_dres, a.AttY, p.ProjW, p.ProjB, n, _c, _c);
            m.LinearInputGrad(_dres, p.ProjW, _datty, n, _c, _c);
            DropBackward(_datty, a.AttMask, n, _c);
            _attB.Qkv = a.Qkv; _attB.Att = a.Att; _attB.DOut = _datty; _attB.DQkv = _dqkv; _attB.T = m.T; _attB.C = _c; _attB.Heads = _nh;
            m.Pool.Run(_attB, n / m.T * _nh);
            Gain(_dqkv, n);
            Rotate(_dqkv, inverse: true, n);
            m.WeightGrad(_dqkv, a.Ln1, p.QkvW, p.QkvB, n, _c, 3 * _c);
            m.LinearInputGrad(_dqkv, p.QkvW, _dln, n, _c, 3 * _c);
            m.NormBackward(resIn, _dln, _dres, a.Ln1Mean, a.Ln1Rstd, p.Ln1W, p.Ln1B, n, _c);
        }
    }

    private void Rotate(float* qkv, bool inverse, int n)
    {
        if (_rope is null) return;
        _rope.Qkv = qkv; _rope.C = _c; _rope.Heads = _nh; _rope.Inverse = inverse;
        _m.Pool.Run(_rope, n);
    }

    /// <summary>Queries ×gain (forward on q, and on dq in the backward: the map is linear).</summary>
    private void Gain(float* qkv, int n)
    {
        if (_qkGain == 1f) return;
        _gain.Qkv = qkv; _gain.C = _c; _gain.Gain = _qkGain;
        _m.Pool.Run(_gain, n);
    }

    /// <summary>
    /// Inverted dropout in place on a training forward (attention output before its projection, MLP activation
    /// before the down-projection: the inputs those products' weight gradients then see). Site 0/1 and the layer
    /// make each mask stream distinct; the step makes masks differ between steps and repeat on resume.
    /// </summary>
    private void Drop(float* x, float* mask, int layer, int site, int n, int width)
    {
        if (_m.DropoutStep is not { } step || mask is null) return;
        _dropF.X = x; _dropF.Y = x; _dropF.Mask = mask; _dropF.Width = width; _dropF.Rate = _m.Config.Dropout;
        _dropF.Seed = _seed; _dropF.Stream = (ulong)step * 65536UL + (ulong)(uint)layer * 2UL + (ulong)(uint)site;
        _m.Pool.Run(_dropF, n);
    }

    private void DropBackward(float* d, float* mask, int n, int width)
    {
        if (_m.DropoutStep is null || mask is null) return;
        _dropB.DY = d; _dropB.DX = d; _dropB.Mask = mask; _dropB.Width = width;
        _m.Pool.Run(_dropB, n);
    }
}

using Needle.Training.Kernels;
using Needle.Training.Layers;

namespace Needle.Training.Models;

/// <summary>
/// The <c>attn</c> family: a pre-norm GPT over byte tokens — token (and, unless RoPE-only, learned position)
/// embeddings, the shared <see cref="TransformerStack"/>, the <see cref="LossHead"/> (NCA, when on, acts on the
/// readout's input). Init: norm weights 1 and biases 0; embeddings N(0, 0.02·s_emb); hidden matrices
/// N(0, s_hid·0.02·√(128/fan_in)) (GPT-2's 0.02 at fan-in 128, scaled as 1/√fan_in so muP can reason about width),
/// output projections further ÷√(2L); untied readout N(0, 0.02·s_out). Groups: wte/wpe = embedding, every block
/// tensor and the final norm = hidden, the untied readout = readout (tied: the readout is wte, an embedding).
/// </summary>
public sealed unsafe class AttnModel : ModelBase
{
    private readonly int _c;
    private readonly long _wte, _wpe = -1, _readout;
    private readonly TransformerStack _stack;
    private readonly float* _encoded;
    private readonly EmbeddingForward _embF = new();
    private readonly EmbeddingBackward _embB = new();

    public AttnModel(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool) : base(config, maxBatch, pool)
    {
        _c = config.DModel;
        _wte = Add("wte", ParameterGroup.Embedding, V, _c);
        if (config.Attn.Positions != PositionKind.Rope) _wpe = Add("wpe", ParameterGroup.Embedding, T, _c);
        _stack = new TransformerStack(this, config.Attn.Activation, rope: config.Attn.Positions != PositionKind.Learned, qkGain: 1f, seed);
        _readout = AddReadout(_wte, _c);
        Seal(seed);
        _encoded = Arena.Allocate((long)B * T * _c);
    }

    public override double ForwardFlopsPerToken => _stack.FlopsPerToken + 2.0 * _c * V;

    protected override void Initialise(ParameterTensor t, Span<float> values, SplitMix64 rng)
    {
        var cfg = Config;
        if (t.Shape.Length == 1)
        {
            values.Fill(t.Name.EndsWith(".w", StringComparison.Ordinal) && t.Name.Contains("ln", StringComparison.Ordinal) ? 1f : 0f);
            return;
        }
        double std = t.Group switch
        {
            ParameterGroup.Embedding => 0.02 * cfg.EmbeddingInitScale,
            ParameterGroup.Readout => 0.02 * cfg.ReadoutInitScale,
            _ => cfg.HiddenInitScale * 0.02 * Math.Sqrt(128.0 / t.FanIn),
        };
        if (t.Name.EndsWith("proj.w", StringComparison.Ordinal)) std /= Math.Sqrt(2.0 * cfg.Layers);
        Gaussian(values, ref rng, std);
    }

    public override float Forward(ReadOnlySpan<int> inputs, ReadOnlySpan<int> targets, int batch)
    {
        int n = BeginForward(inputs, targets, batch);
        _embF.Tokens = InputTokens; _embF.Wte = W(_wte); _embF.Wpe = W(_wpe); _embF.Out = _encoded; _embF.T = T; _embF.C = _c;
        Pool.Run(_embF, n);
        Observe(-1, "embed", _encoded, (long)n * _c);
        float* hidden = _stack.Forward(_encoded, batch);
        return FinishForward(hidden, _c, _readout, Config.Layers, ncaSite: hidden, ncaWidth: _c);
    }

    public override void Backward()
    {
        int n = BeginBackward();
        Head.Backward(_stack.OutputGrad, n);
        NcaBackward(_stack.Output, _stack.OutputGrad, (long)n * _c);
        _stack.Backward(n);
        _embB.Tokens = InputTokens; _embB.DOut = _stack.InputGrad; _embB.DWte = G(_wte); _embB.DWpe = G(_wpe); _embB.N = n; _embB.T = T; _embB.C = _c;
        Pool.Run(_embB, _embB.Items);
    }
}

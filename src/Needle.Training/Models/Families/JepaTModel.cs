using Needle.Training.Kernels;

namespace Needle.Training.Models.Families;

/// <summary>
/// <c>JEPA-T</c>: the <see cref="HybridModel"/> backbone (n-gram features + causal RoPE attention) trained on next-byte loss plus <see cref="JepaHead"/>'s latent prediction against an EMA target
/// encoder (a second backbone, not a parameter: it follows the online weights with a decay ramped linearly from
/// <see cref="JepaOptions.EmaStart"/> to <see cref="JepaOptions.EmaEnd"/> over
/// <see cref="JepaOptions.RampSteps"/> training steps), plus NCA when enabled. <see cref="ILanguageModel.Forward"/>
/// returns the next-byte loss only, so every reported BPB is next-byte BPB, never a JEPA proxy loss. The EMA step and the span draw advance in <see cref="ZeroGradients"/>, which the trainer calls once
/// per step and evaluation never calls. Levers: mask ratio (span m = round(ratio·ctx)), EMA ramp, JEPA weight.
/// </summary>
public sealed unsafe class JepaTModel : HybridModel, ILanguageModel
{
    // Assigned by DeclareExtraTensors, which the base constructor calls (so they cannot be readonly).
    private long _predOff, _predW, _predB;
    private int _span;
    private readonly HybridModel _target;
    private readonly int[] _starts;
    private readonly float[] _dPred;
    private readonly ulong _seed;
    private long _step = -1;

    public JepaTModel(ModelConfig config, int maxBatch, ulong seed, WorkerPool pool) : base(config, maxBatch, seed, pool)
    {
        _target = new HybridModel(config with { NcaWeight = 0f }, maxBatch, seed, pool);
        Parameters[..(int)_target.ParameterCount].CopyTo(_target.Parameters);
        _starts = new int[maxBatch];
        _dPred = new float[(long)maxBatch * _span * config.DModel];
        _seed = seed;
    }

    /// <summary>Length m of the masked future span.</summary>
    public int SpanLength => _span;

    /// <summary>The EMA decay used at the current step.</summary>
    public float EmaDecay => Config.Jepa.EmaStart + (Config.Jepa.EmaEnd - Config.Jepa.EmaStart) * Math.Min(1f, Math.Max(0, _step) / (float)Config.Jepa.RampSteps);

    /// <summary>The target encoder's weights (tests compare them with the online ones).</summary>
    public ReadOnlySpan<float> TargetParameters => _target.Parameters;

    protected override void DeclareExtraTensors()
    {
        _span = Math.Clamp((int)Math.Round(Config.Jepa.MaskRatio * Config.Ctx), 1, Config.Ctx - 1);
        _predOff = AddHiddenVectorLike("jepa.pred.offset", _span, Config.DModel);
        _predW = Add("jepa.pred.w", ParameterGroup.Hidden, Config.DModel, Config.DModel);
        _predB = Add("jepa.pred.b", ParameterGroup.Hidden, Config.DModel);
    }

    public override double ForwardFlopsPerToken => 2 * base.ForwardFlopsPerToken; // online + target encoder

    /// <summary>One training step begins: move the target encoder toward the online weights, advance the span draw.</summary>
    public override void ZeroGradients()
    {
        base.ZeroGradients();
        _step++;
        float d = EmaDecay;
        var online = Parameters[..(int)_target.ParameterCount];
        var target = _target.Parameters;
        for (int i = 0; i < target.Length; i++) target[i] = d * target[i] + (1f - d) * online[i];
    }

    /// <summary>
    /// The target encoder's weights and the ramp step: not parameters, but the next steps depend on them, so a
    /// checkpoint carries them (the step as the raw bits of two floats, so it round-trips exactly).
    /// </summary>
    public float[] SaveState()
    {
        var state = new float[_target.ParameterCount + 2];
        _target.Parameters.CopyTo(state);
        state[^2] = BitConverter.Int32BitsToSingle((int)(_step & 0xFFFFFFFF));
        state[^1] = BitConverter.Int32BitsToSingle((int)(_step >> 32));
        return state;
    }

    public void RestoreState(float[] state)
    {
        if (state.Length != _target.ParameterCount + 2)
            throw new InvalidDataException($"JEPA-T checkpoint state has {state.Length} values, expected {_target.ParameterCount + 2} (target encoder + step)");
        state.AsSpan(0, (int)_target.ParameterCount).CopyTo(_target.Parameters);
        _step = (long)(uint)BitConverter.SingleToInt32Bits(state[^2]) | ((long)BitConverter.SingleToInt32Bits(state[^1]) << 32);
    }

    protected override double AuxiliaryForward(float* hidden, int n)
    {
        if (Config.Jepa.Weight == 0f) return 0;
        int batch = LastBatch, c = Config.DModel;
        _target.WeightTransform = WeightTransform;
        _target.Forward(new ReadOnlySpan<int>(InputTokens, n), default, batch);
        var rng = SplitMix64.Derive(_seed, 0x1E9A_0000_0000UL + (ulong)Math.Max(0, _step));
        for (int b = 0; b < batch; b++) _starts[b] = 1 + rng.NextInt(T - _span);
        return JepaHead.Forward(hidden, _target.FinalHidden, _starts, batch, T, c, _span, W(_predOff), W(_predW), W(_predB),
            Config.Jepa.Weight, _dPred);
    }

    protected override void AuxiliaryBackward(float* hidden, float* dHidden, int n)
    {
        if (Config.Jepa.Weight == 0f) return;
        JepaHead.Backward(hidden, _starts, LastBatch, T, Config.DModel, _span, W(_predOff), W(_predW), _dPred, dHidden,
            G(_predOff), G(_predW), G(_predB));
    }

    protected override void DisposeExtra() => _target.Dispose();
}

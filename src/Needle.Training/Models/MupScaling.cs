namespace Needle.Training.Models;

/// <summary>
/// muP's width rules (Tensor Programs V, Adam form, the "1/width readout multiplier" variant of its Table 8), with the
/// width multiplier m = d_model / base width (the base model is the same config at d_model = <see cref="BaseWidth"/>;
/// every width dimension — the MLP's hidden width, the 3·d of qkv — is taken to scale with d_model):
/// <list type="bullet">
/// <item>hidden matrices (both dimensions width): init variance ∝ 1/fan_in (every family already initialises them so,
/// under SP too) and Adam learning rate × 1/m (<see cref="LearningRateScale"/>);</item>
/// <item>embeddings and every vector-like tensor (biases, norm gains, the n-gram mix, JEPA's offsets): init and
/// learning rate independent of width;</item>
/// <item>the readout: logits × 1/m (<see cref="ReadoutMultiplier"/>), its init and learning rate independent of width —
/// which is what the embedding needs too, so a tied readout (the embedding) is consistent; an untied readout starts at
/// zero (<see cref="ZeroInitialised"/>, Tensor Programs V §D.2's recommendation: with the 1/m multiplier a random
/// readout's logits at initialisation shrink as m^-1/2, which is the one width dependence muP leaves; zero removes it);</item>
/// <item>the query starts at zero (<see cref="ZeroInitialisedQuery"/>, the same section's recommendation);</item>
/// <item>attention logits ∝ 1/d_head instead of 1/√d_head: q·k·√(d_head,base)/d_head, applied as a query gain of
/// 1/√m on top of the kernel's 1/√d_head (<see cref="AttentionGain"/>).</item>
/// </list>
/// At m = 1 every factor is exactly 1, so a muP model at its base width computes what the SP model computes (but for
/// an untied readout's and the query's zero start);
/// under SP every factor is exactly 1f, so SP runs are bit-identical to runs from before muP existed.
/// </summary>
public static class MupScaling
{
    /// <summary>The declared base width when a config does not set one: the engine's default d_model, so muP at the
    /// default width is SP and learning rates tuned there keep their meaning.</summary>
    public const int DefaultBaseWidth = 128;

    /// <summary>The base width a config declares (<see cref="ModelConfig.MupBaseWidth"/>, 0 = <see cref="DefaultBaseWidth"/>).</summary>
    public static int BaseWidth(ModelConfig config) => config.MupBaseWidth > 0 ? config.MupBaseWidth : DefaultBaseWidth;

    /// <summary>m = d_model / base width under muP; 1 under SP.</summary>
    public static double WidthMultiplier(ModelConfig config) =>
        config.Parametrization == Parametrization.Mup ? (double)config.DModel / BaseWidth(config) : 1.0;

    /// <summary>The Adam learning-rate factor of a tensor: 1/m for a hidden (width × width) matrix, else 1.</summary>
    public static float LearningRateScale(ModelConfig config, ParameterGroup group, bool widthByWidth) =>
        config.Parametrization == Parametrization.Mup && group == ParameterGroup.Hidden && widthByWidth
            ? (float)(1.0 / WidthMultiplier(config)) : 1f;

    /// <summary>True for a tensor muP initialises at zero: an untied readout. (A tied readout is the embedding, which
    /// must start random; its logits at initialisation then shrink as m^-1/2 — docs/accelerators.md, V1.)</summary>
    public static bool ZeroInitialised(ModelConfig config, ParameterGroup group) =>
        config.Parametrization == Parametrization.Mup && group == ParameterGroup.Readout;

    /// <summary>True when the query rows of an attention input matrix start at zero: muP (Tensor Programs V §D.2's
    /// recommendation, as microsoft/mup's Transformer example does). With 1/d_head attention a random query gives
    /// logits that shrink as m^-1/2 at initialisation; a zero query makes attention uniform at every width, so
    /// the initial attention pattern carries no width dependence. The query then learns from step 1 like any
    /// hidden matrix (its gradient is not zero: the keys are random).</summary>
    public static bool ZeroInitialisedQuery(ModelConfig config) => config.Parametrization == Parametrization.Mup;

    /// <summary>The factor on the logits: 1/m under muP, exactly 1 under SP.</summary>
    public static float ReadoutMultiplier(ModelConfig config) =>
        config.Parametrization == Parametrization.Mup ? (float)(1.0 / WidthMultiplier(config)) : 1f;

    /// <summary>The extra query gain that turns 1/√d_head into √(d_head,base)/d_head: 1/√m under muP, exactly 1 under SP.</summary>
    public static float AttentionGain(ModelConfig config) =>
        config.Parametrization == Parametrization.Mup ? (float)(1.0 / Math.Sqrt(WidthMultiplier(config))) : 1f;

    /// <summary>Parses a <c>--parametrization</c> value (sp | mup, any case); anything else is an error naming both.</summary>
    public static Parametrization Parse(string name) => name.ToLowerInvariant() switch
    {
        "sp" => Parametrization.Sp,
        "mup" => Parametrization.Mup,
        _ => throw new ArgumentException($"parametrization: unknown parametrization '{name}'; known: sp, mup"),
    };

    /// <summary>The command-line / config spelling (sp, mup).</summary>
    public static string Name(Parametrization p) => p == Parametrization.Mup ? "mup" : "sp";
}

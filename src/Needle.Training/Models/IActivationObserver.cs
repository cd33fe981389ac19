namespace Needle.Training.Models;

/// <summary>
/// Sees activations during the forward pass (muP's coordinate check reads their scale per layer). Called on the
/// training thread after each site is complete; the span is only valid during the call.
/// Sites: "embed" (layer −1), per layer "attn_y" (attention output before its projection), "mlp_act" (MLP
/// activation) and "residual" (the block output), and "logits" (layer = the layer count).
/// </summary>
public interface IActivationObserver
{
    void Observe(int layer, string site, ReadOnlySpan<float> activations);
}

using Needle.Training.Kernels;

namespace Needle.Training.Models.Families;

/// <summary>
/// HYBRID's QK gain: multiplies the query third of a (N, 3C) qkv buffer by <see cref="Gain"/> in place, which scales
/// every attention logit q·k/√d by the gain (HYBRID's default φ²: sharper attention over few positions). The op is linear,
/// so its backward is the same multiplication applied to dq. Items: rows.
/// </summary>
public sealed unsafe class QueryGain : IRangeJob
{
    public float* Qkv;
    public int C;
    public float Gain;

    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            float* q = Qkv + (long)n * 3 * C;
            for (int c = 0; c < C; c++) q[c] *= Gain;
        }
    }
}

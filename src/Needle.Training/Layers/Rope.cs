using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>
/// Rotary position embedding applied in place to the q and k thirds of a (N, 3C) qkv buffer: within each head,
/// the pair (x[2i], x[2i+1]) at position t is rotated by t·θ_i, θ_i = base^(−2i/hs). The backward is the inverse
/// rotation applied to the gradient (the op is linear and orthogonal). Items: rows.
/// </summary>
public sealed unsafe class Rope : IRangeJob
{
    public const float Base = 10000f;
    private readonly float[] _cos, _sin;
    private readonly int _t, _half;

    public Rope(int ctx, int headSize)
    {
        if (headSize % 2 != 0) throw new ArgumentException($"RoPE needs an even head size, got {headSize}");
        _t = ctx;
        _half = headSize / 2;
        _cos = new float[ctx * _half];
        _sin = new float[ctx * _half];
        for (int t = 0; t < ctx; t++)
            for (int i = 0; i < _half; i++)
            {
                double theta = t * Math.Pow(Base, -2.0 * i / headSize);
                _cos[t * _half + i] = (float)Math.Cos(theta);
                _sin[t * _half + i] = (float)Math.Sin(theta);
            }
    }

    public float* Qkv;
    public int C, Heads;

    /// <summary>False: rotate by +θ (forward). True: rotate by −θ (backward on the gradient).</summary>
    public bool Inverse;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        int hs = C / Heads;
        fixed (float* cosT = _cos, sinT = _sin)
        {
            for (int n = start; n < end; n++)
            {
                int t = n % _t;
                float* cs = cosT + t * _half, sn = sinT + t * _half;
                float sign = Inverse ? -1f : 1f;
                for (int part = 0; part < 2; part++)
                {
                    float* row = Qkv + (long)n * 3 * C + part * C;
                    for (int h = 0; h < Heads; h++)
                    {
                        float* v = row + h * hs;
                        for (int i = 0; i < _half; i++)
                        {
                            float x0 = v[2 * i], x1 = v[2 * i + 1], c = cs[i], s = sign * sn[i];
                            v[2 * i] = x0 * c - x1 * s;
                            v[2 * i + 1] = x0 * s + x1 * c;
                        }
                    }
                }
            }
        }
    }
}

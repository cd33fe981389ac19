using Needle.Training.Layers;

namespace Needle.Training.Tests.Layers;

public sealed unsafe class AttentionGradTests
{
    private const int B = 2, T = 5;

    /// <summary>Σ r·attention(qkv) in double, written directly from the definition.</summary>
    internal static double Reference(double[] qkv, double[] r, int channels, int heads)
    {
        int C = channels, H = heads; // llm.c's names, as in the kernels
        int hs = C / H;
        double loss = 0;
        for (int b = 0; b < B; b++)
            for (int h = 0; h < H; h++)
                for (int t = 0; t < T; t++)
                {
                    var s = new double[t + 1];
                    for (int u = 0; u <= t; u++)
                    {
                        double dot = 0;
                        for (int d = 0; d < hs; d++) dot += qkv[(b * T + t) * 3 * C + h * hs + d] * qkv[(b * T + u) * 3 * C + C + h * hs + d];
                        s[u] = dot / Math.Sqrt(hs);
                    }
                    double max = s.Max(), sum = s.Sum(v => Math.Exp(v - max));
                    for (int d = 0; d < hs; d++)
                    {
                        double o = 0;
                        for (int u = 0; u <= t; u++) o += Math.Exp(s[u] - max) / sum * qkv[(b * T + u) * 3 * C + 2 * C + h * hs + d];
                        loss += r[(b * T + t) * C + h * hs + d] * o;
                    }
                }
        return loss;
    }

    [Theory]
    [InlineData(8, 2)]   // head size 4: the generic path
    [InlineData(32, 2)]  // head size 16: the register-tiled vector path
    [InlineData(96, 2)]  // head size 48
    public void Backward_matches_finite_differences_of_a_double_reference(int channels, int heads)
    {
        int C = channels, H = heads;
        double[] qkv = GradCheck.Random(B * T * 3 * C, 21), r = GradCheck.Random(B * T * C, 22);
        float[] qf = GradCheck.F(qkv), rf = GradCheck.F(r), o = new float[B * T * C], att = new float[B * H * T * T], dq = new float[qkv.Length];
        fixed (float* pq = qf, pr = rf, po = o, pa = att, pd = dq)
        {
            new CausalAttentionForward { Qkv = pq, Out = po, Att = pa, T = T, C = C, Heads = H }.Execute(0, B * H);
            new CausalAttentionBackward { Qkv = pq, Att = pa, DOut = pr, DQkv = pd, T = T, C = C, Heads = H }.Execute(0, B * H);
        }
        double forward = 0;
        for (int i = 0; i < o.Length; i++) forward += r[i] * o[i];
        forward.Should().BeApproximately(Reference(qkv, r, C, H), 1e-4);
        GradCheck.Check("dqkv", qkv, v => Reference(v, r, C, H), dq);
    }

    [Theory]
    [InlineData(8, 2)]
    [InlineData(32, 2)]
    public void Attention_is_causal_a_later_token_never_changes_an_earlier_output(int channels, int heads)
    {
        int C = channels, H = heads;
        double[] qkv = GradCheck.Random(B * T * 3 * C, 23);
        float[] a = GradCheck.F(qkv), b = (float[])a.Clone(), oa = new float[B * T * C], ob = new float[B * T * C], att = new float[B * H * T * T];
        for (int c = 0; c < 3 * C; c++) b[(T - 1) * 3 * C + c] += 1f; // perturb the last position of batch 0
        fixed (float* pa = a, pb = b, poa = oa, pob = ob, pt = att)
        {
            new CausalAttentionForward { Qkv = pa, Out = poa, Att = pt, T = T, C = C, Heads = H }.Execute(0, B * H);
            new CausalAttentionForward { Qkv = pb, Out = pob, Att = pt, T = T, C = C, Heads = H }.Execute(0, B * H);
        }
        oa.AsSpan(0, (T - 1) * C).ToArray().Should().Equal(ob.AsSpan(0, (T - 1) * C).ToArray());
        oa.AsSpan((T - 1) * C, C).ToArray().Should().NotEqual(ob.AsSpan((T - 1) * C, C).ToArray());
    }
}

using Needle.Training.Layers;

namespace Needle.Training.Tests.Layers;

public sealed unsafe class RopeAndEmbeddingGradTests
{
    [Fact]
    public void Rope_backward_matches_finite_differences_and_rope_preserves_norms()
    {
        const int T = 4, C = 8, H = 2, hs = C / H;
        double[] x = GradCheck.Random(T * 3 * C, 31), r = GradCheck.Random(T * 3 * C, 32);
        double Reference(double[] v)
        {
            double loss = 0;
            for (int t = 0; t < T; t++)
                for (int j = 0; j < 3 * C; j++)
                {
                    int part = j / C, within = j % C % hs, pair = within / 2;
                    double val = v[t * 3 * C + j];
                    if (part < 2)
                    {
                        double theta = t * Math.Pow(Rope.Base, -2.0 * pair / hs);
                        int baseIdx = t * 3 * C + j - within % 2;
                        double x0 = v[baseIdx], x1 = v[baseIdx + 1];
                        val = within % 2 == 0 ? x0 * Math.Cos(theta) - x1 * Math.Sin(theta) : x0 * Math.Sin(theta) + x1 * Math.Cos(theta);
                    }
                    loss += r[t * 3 * C + j] * val;
                }
            return loss;
        }
        float[] xf = GradCheck.F(x), grad = GradCheck.F(r);
        var rope = new Rope(T, hs) { C = C, Heads = H };
        fixed (float* px = xf, pg = grad)
        {
            rope.Qkv = px; rope.Inverse = false; rope.Execute(0, T);
            rope.Qkv = pg; rope.Inverse = true; rope.Execute(0, T);
        }
        double forward = 0;
        for (int i = 0; i < x.Length; i++) forward += r[i] * xf[i];
        forward.Should().BeApproximately(Reference(x), 1e-4);
        GradCheck.Check("dqkv", x, Reference, grad);
        double n0 = x.Sum(v => v * v), n1 = xf.Sum(v => (double)v * v);
        n1.Should().BeApproximately(n0, 1e-4, "a rotation preserves the norm");
    }

    [Fact]
    public void Embedding_backward_matches_finite_differences()
    {
        const int V = 6, T = 3, C = 4, N = 6;
        int[] tokens = [1, 4, 1, 5, 0, 1];
        double[] wte = GradCheck.Random(V * C, 41), wpe = GradCheck.Random(T * C, 42), r = GradCheck.Random(N * C, 43);
        double Reference(double[] e, double[] p)
        {
            double loss = 0;
            for (int n = 0; n < N; n++)
                for (int c = 0; c < C; c++) loss += r[n * C + c] * (e[tokens[n] * C + c] + p[n % T * C + c]);
            return loss;
        }
        float[] ef = GradCheck.F(wte), pf = GradCheck.F(wpe), rf = GradCheck.F(r), o = new float[N * C], de = new float[V * C], dp = new float[T * C];
        fixed (int* pt = tokens)
        fixed (float* pe = ef, pp = pf, pr = rf, po = o, pde = de, pdp = dp)
        {
            new EmbeddingForward { Tokens = pt, Wte = pe, Wpe = pp, Out = po, T = T, C = C }.Execute(0, N);
            var back = new EmbeddingBackward { Tokens = pt, DOut = pr, DWte = pde, DWpe = pdp, N = N, T = T, C = C };
            back.Execute(0, back.Items);
        }
        double forward = 0;
        for (int i = 0; i < o.Length; i++) forward += r[i] * o[i];
        forward.Should().BeApproximately(Reference(wte, wpe), 1e-4);
        GradCheck.Check("dwte", wte, v => Reference(v, wpe), de);
        GradCheck.Check("dwpe", wpe, v => Reference(wte, v), dp);
    }

    [Fact]
    public void Cross_entropy_loss_and_gradient_match_a_double_reference()
    {
        const int N = 3, V = 7;
        int[] targets = [2, 0, 6];
        double[] logits = GradCheck.Random(N * V, 51, 4);
        double Reference(double[] z)
        {
            double loss = 0;
            for (int n = 0; n < N; n++)
            {
                double max = Enumerable.Range(0, V).Max(v => z[n * V + v]);
                double lse = max + Math.Log(Enumerable.Range(0, V).Sum(v => Math.Exp(z[n * V + v] - max)));
                loss += lse - z[n * V + targets[n]];
            }
            return loss / N;
        }
        float[] zf = GradCheck.F(logits), losses = new float[N];
        fixed (float* pz = zf, pl = losses)
        fixed (int* pt = targets)
        {
            var ce = new CrossEntropy { Logits = pz, Losses = pl, Targets = pt, V = V };
            ce.Execute(0, N);
            ce.Backward = true; ce.Scale = 1f / N;
            ce.Execute(0, N);
        }
        ((double)losses.Average()).Should().BeApproximately(Reference(logits), 1e-5);
        GradCheck.Check("dlogits", logits, Reference, zf);
    }
}

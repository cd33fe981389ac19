using Needle.Training.Layers;

namespace Needle.Training.Tests.Layers;

public sealed unsafe class NormGradTests
{
    private const int N = 3, C = 5;

    private static double Reference(NormKind kind, double[] x, double[] w, double[] b, double[] r)
    {
        double loss = 0;
        for (int n = 0; n < N; n++)
        {
            double mean = 0, var = 0;
            if (kind == NormKind.LayerNorm) { for (int c = 0; c < C; c++) mean += x[n * C + c]; mean /= C; }
            for (int c = 0; c < C; c++) var += (x[n * C + c] - mean) * (x[n * C + c] - mean);
            double rstd = 1 / Math.Sqrt(var / C + NormForward.Epsilon);
            for (int c = 0; c < C; c++)
                loss += r[n * C + c] * ((x[n * C + c] - mean) * rstd * w[c] + (kind == NormKind.LayerNorm ? b[c] : 0));
        }
        return loss;
    }

    [Theory]
    [InlineData(NormKind.LayerNorm)]
    [InlineData(NormKind.RmsNorm)]
    public void Backward_matches_finite_differences_of_a_double_reference(NormKind kind)
    {
        double[] x = GradCheck.Random(N * C, 1), w = GradCheck.Random(C, 2), b = GradCheck.Random(C, 3), r = GradCheck.Random(N * C, 4);
        float[] xf = GradCheck.F(x), wf = GradCheck.F(w), bf = GradCheck.F(b), rf = GradCheck.F(r);
        var outp = new float[N * C]; var mean = new float[N]; var rstd = new float[N];
        var dx = new float[N * C]; var dw = new float[C]; var db = new float[C];
        fixed (float* px = xf, pw = wf, pb = bf, pr = rf, po = outp, pm = mean, ps = rstd, pdx = dx, pdw = dw, pdb = db)
        {
            var f = new NormForward { Kind = kind, X = px, Out = po, Mean = pm, Rstd = ps, Weight = pw, Bias = kind == NormKind.LayerNorm ? pb : null, C = C };
            f.Execute(0, N);
            new NormBackwardInput { Kind = kind, X = px, DOut = pr, DX = pdx, Mean = pm, Rstd = ps, Weight = pw, C = C }.Execute(0, N);
            var p = new NormBackwardParams { X = px, DOut = pr, Mean = pm, Rstd = ps, DWeight = pdw, DBias = kind == NormKind.LayerNorm ? pdb : null, N = N, C = C };
            p.Execute(0, p.Items);
        }
        GradCheck.Check("dx", x, v => Reference(kind, v, w, b, r), dx);
        GradCheck.Check("dw", w, v => Reference(kind, x, v, b, r), dw);
        if (kind == NormKind.LayerNorm) GradCheck.Check("db", b, v => Reference(kind, x, w, v, r), db);
        else db.Should().OnlyContain(v => v == 0f, "RMSNorm has no bias");
    }
}

using System.Numerics.Tensors;
using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>MLP nonlinearities: GELU (tanh approximation, as PyTorch's approximate='tanh') and ReLU².</summary>
public enum ActivationKind { Gelu, ReluSquared }

/// <summary>Y = act(X), row by row. Items: rows of width <see cref="Width"/>.</summary>
public sealed unsafe class ActivationForward : IRangeJob
{
    internal const float GeluK = 0.7978845608028654f; // √(2/π)
    internal const float GeluA = 0.044715f;
    public ActivationKind Kind;
    public float* X, Y;
    public int Width;

    public void Execute(int start, int end)
    {
        long len = (long)(end - start) * Width;
        float* x = X + (long)start * Width, y = Y + (long)start * Width;
        if (Kind == ActivationKind.ReluSquared)
        {
            for (long i = 0; i < len; i++) { float r = x[i] > 0f ? x[i] : 0f; y[i] = r * r; }
            return;
        }
        for (long i = 0; i < len; i++) y[i] = GeluK * (x[i] + GeluA * x[i] * x[i] * x[i]);
        var ys = new Span<float>(y, checked((int)len));
        TensorPrimitives.Tanh(ys, ys);
        for (long i = 0; i < len; i++) y[i] = 0.5f * x[i] * (1f + y[i]);
    }
}

/// <summary>dX = dY · act'(X) (written, not accumulated; dX must not alias X). Items: rows.</summary>
public sealed unsafe class ActivationBackward : IRangeJob
{
    public ActivationKind Kind;
    public float* X, DY, DX;
    public int Width;

    public void Execute(int start, int end)
    {
        long len = (long)(end - start) * Width;
        float* x = X + (long)start * Width, dy = DY + (long)start * Width, dx = DX + (long)start * Width;
        if (Kind == ActivationKind.ReluSquared)
        {
            for (long i = 0; i < len; i++) dx[i] = x[i] > 0f ? 2f * x[i] * dy[i] : 0f;
            return;
        }
        const float k = ActivationForward.GeluK, a = ActivationForward.GeluA;
        for (long i = 0; i < len; i++) dx[i] = k * (x[i] + a * x[i] * x[i] * x[i]);
        var ds = new Span<float>(dx, checked((int)len));
        TensorPrimitives.Tanh(ds, ds);
        for (long i = 0; i < len; i++)
        {
            float xi = x[i], th = dx[i];
            float grad = 0.5f * (1f + th) + 0.5f * xi * (1f - th * th) * k * (1f + 3f * a * xi * xi);
            dx[i] = grad * dy[i];
        }
    }
}

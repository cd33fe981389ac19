using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>MLP nonlinearities: GELU (tanh approximation, as PyTorch's approximate='tanh') and ReLU².</summary>
public enum ActivationKind { Gelu, ReluSquared }

/// <summary>Y = act(X), row by row. Items: rows of width <see cref="Width"/>.</summary>
public sealed unsafe class ActivationForward : IRangeJob
{
    public ActivationKind Kind;
    public float* X, Y;
    public int Width;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        long len = (long)(end - start) * Width;
        float* x = X + (long)start * Width, y = Y + (long)start * Width;
        if (Kind == ActivationKind.ReluSquared)
        {
            for (long i = 0; i < len; i++) { float r = x[i] > 0f ? x[i] : 0f; y[i] = r * r; }
            return;
        }
        FastMath.Gelu(x, y, len);
    }
}

/// <summary>dX = dY · act'(X) (written, not accumulated; dX must not alias X). Items: rows.</summary>
public sealed unsafe class ActivationBackward : IRangeJob
{
    public ActivationKind Kind;
    public float* X, DY, DX;
    public int Width;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        long len = (long)(end - start) * Width;
        float* x = X + (long)start * Width, dy = DY + (long)start * Width, dx = DX + (long)start * Width;
        if (Kind == ActivationKind.ReluSquared)
        {
            for (long i = 0; i < len; i++) dx[i] = x[i] > 0f ? 2f * x[i] * dy[i] : 0f;
            return;
        }
        FastMath.GeluBackward(x, dy, dx, len);
    }
}

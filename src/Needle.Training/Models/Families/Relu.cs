using Needle.Training.Kernels;

namespace Needle.Training.Models.Families;

/// <summary>Plain ReLU (TRAIN_V2's default activation; the shared Layers only have GELU and ReLU²): Y = max(0, X),
/// or with <see cref="Backward"/> DX = DY where X &gt; 0 else 0 (written). Items: rows of <see cref="Width"/>.</summary>
public sealed unsafe class Relu : IRangeJob
{
    public float* X, Y, DY, DX;
    public int Width;
    public bool Backward;

    public void Execute(int start, int end)
    {
        long from = (long)start * Width, to = (long)end * Width;
        if (Backward) for (long i = from; i < to; i++) DX[i] = X[i] > 0f ? DY[i] : 0f;
        else for (long i = from; i < to; i++) Y[i] = X[i] > 0f ? X[i] : 0f;
    }
}

using System.Numerics.Tensors;
using Needle.Training.Kernels;

namespace Needle.Training.Layers;

/// <summary>
/// Softmax cross-entropy over a row of V logits, fused: the logits are replaced in place by probabilities and
/// the per-row loss (nats) is written. <see cref="Backward"/> then turns the probabilities into
/// dLogits = (p − onehot)·scale in place. Items: rows.
/// </summary>
public sealed unsafe class CrossEntropy : IRangeJob
{
    public float* Logits, Losses;
    public int* Targets;
    public int V;

    /// <summary>False: softmax + loss. True: gradient in place (after a forward).</summary>
    public bool Backward;

    /// <summary>The gradient scale, 1/N for a mean loss.</summary>
    public float Scale;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        for (int n = start; n < end; n++)
        {
            var row = new Span<float>(Logits + (long)n * V, V);
            int target = Targets[n];
            if (Backward)
            {
                TensorPrimitives.Multiply(row, Scale, row);
                row[target] -= Scale;
                continue;
            }
            float max = TensorPrimitives.Max(row);
            float shiftedTarget = row[target] - max;
            float* r = Logits + (long)n * V;
            float sum = FastMath.ExpShiftedSum(r, r, V, max);
            // log-sum-exp form: finite even when the target's probability underflows.
            Losses[n] = MathF.Log(sum) - shiftedTarget;
            TensorPrimitives.Multiply(row, 1f / sum, row);
        }
    }
}

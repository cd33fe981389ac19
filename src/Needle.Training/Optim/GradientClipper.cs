using System.Runtime.Intrinsics;
using Needle.Training.Kernels;
using Needle.Training.Models;

namespace Needle.Training.Optim;

/// <summary>
/// Global-norm gradient clipping as torch.nn.utils.clip_grad_norm_: if ‖g‖ > max, g ← g · max / (‖g‖ + 1e-6).
/// The norm is a sum of per-segment partial sums (fixed items) added in segment order, so it is bit-identical
/// for any thread count.
/// </summary>
public sealed unsafe class GradientClipper : IRangeJob
{
    private readonly ILanguageModel _model;
    private readonly WorkerPool _pool;
    private readonly ParameterSegments _segments;
    private readonly double[] _partials;
    private bool _scaling;
    private float _scale;

    public GradientClipper(ILanguageModel model, WorkerPool pool)
    {
        _model = model;
        _pool = pool;
        _segments = new ParameterSegments(model.Tensors, new GroupMultipliers());
        _partials = new double[_segments.Items.Length];
    }

    /// <summary>The global L2 norm of the gradient.</summary>
    public double Norm()
    {
        _scaling = false;
        _pool.Run(this, _segments.Items.Length);
        double sum = 0;
        foreach (var p in _partials) sum += p;
        return Math.Sqrt(sum);
    }

    /// <summary>Clips to <paramref name="maxNorm"/> (≤ 0: off) and returns the norm before clipping.</summary>
    public double Clip(float maxNorm)
    {
        double norm = Norm();
        if (maxNorm > 0f && norm > maxNorm)
        {
            _scaling = true;
            _scale = (float)(maxNorm / (norm + 1e-6));
            _pool.Run(this, _segments.Items.Length);
        }
        return norm;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        float* g = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _model.Gradients[0]);
        for (int s = start; s < end; s++)
        {
            var seg = _segments.Items[s];
            long i = seg.Offset, endI = seg.Offset + seg.Length;
            if (_scaling)
            {
                if (Vector512.IsHardwareAccelerated)
                    for (; i + 16 <= endI; i += 16) (Vector512.Load(g + i) * _scale).Store(g + i);
                for (; i < endI; i++) g[i] *= _scale;
                continue;
            }
            // Squares summed in double lanes (8 at a time), lane order fixed: exact enough and thread-count independent.
            double acc = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var a = Vector512<double>.Zero;
                for (; i + 16 <= endI; i += 16)
                {
                    var (lo, hi) = Vector512.Widen(Vector512.Load(g + i));
                    a = Vector512.FusedMultiplyAdd(lo, lo, a);
                    a = Vector512.FusedMultiplyAdd(hi, hi, a);
                }
                acc = Vector512.Sum(a);
            }
            for (; i < endI; i++) acc += (double)g[i] * g[i];
            _partials[s] = acc;
        }
    }
}

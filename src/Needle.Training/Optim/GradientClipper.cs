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

    public void Execute(int start, int end)
    {
        float* g = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _model.Gradients[0]);
        for (int s = start; s < end; s++)
        {
            var seg = _segments.Items[s];
            if (_scaling)
            {
                for (long i = seg.Offset; i < seg.Offset + seg.Length; i++) g[i] *= _scale;
                continue;
            }
            double acc = 0;
            for (long i = seg.Offset; i < seg.Offset + seg.Length; i++) acc += (double)g[i] * g[i];
            _partials[s] = acc;
        }
    }
}

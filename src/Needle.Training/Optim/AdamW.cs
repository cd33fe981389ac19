using System.Runtime.Intrinsics;
using Needle.Training.Kernels;
using Needle.Training.Models;

namespace Needle.Training.Optim;

/// <summary>
/// AdamW with decoupled weight decay, computed in the same order as torch.optim.AdamW (1.13): p ← p·(1 − lr·wd);
/// m, v updated; p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε). Decay applies to tensors flagged Decay
/// (matrices). Items: parameter segments.
/// </summary>
public sealed unsafe class AdamW : IOptimizer, IRangeJob
{
    private readonly ILanguageModel _model;
    private readonly WorkerPool _pool;
    private readonly ParameterSegments _segments;
    private readonly float[] _m, _v;
    private float _lr, _bc1, _bc2Sqrt;

    public AdamW(ILanguageModel model, WorkerPool pool, GroupMultipliers lrMultipliers, float beta1 = 0.9f, float beta2 = 0.999f,
        float epsilon = 1e-8f, float weightDecay = 0f)
    {
        if (!(beta1 is >= 0f and < 1f)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (!(beta2 is >= 0f and < 1f)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive");
        if (!(weightDecay >= 0f)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be ≥ 0");
        _model = model;
        _pool = pool;
        _segments = new ParameterSegments(model.Tensors, lrMultipliers);
        _m = GC.AllocateArray<float>((int)model.ParameterCount, pinned: true);
        _v = GC.AllocateArray<float>((int)model.ParameterCount, pinned: true);
        (Beta1, Beta2, Epsilon, WeightDecay) = (beta1, beta2, epsilon, weightDecay);
    }

    public string Name => "adamw";
    public float Beta1 { get; }
    public float Beta2 { get; }
    public float Epsilon { get; }
    public float WeightDecay { get; }
    public long StepCount { get; set; }
    public IReadOnlyList<float[]> State => [_m, _v];

    public void Step(float learningRate)
    {
        StepCount++;
        _lr = learningRate;
        _bc1 = 1f - MathF.Pow(Beta1, StepCount);
        _bc2Sqrt = MathF.Sqrt(1f - MathF.Pow(Beta2, StepCount));
        _pool.Run(this, _segments.Items.Length);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        float* p = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _model.Parameters[0]);
        float* g = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _model.Gradients[0]);
        fixed (float* m = _m, v = _v)
        {
            for (int s = start; s < end; s++)
            {
                var seg = _segments.Items[s];
                float lr = _lr * seg.LrMultiplier;
                float decay = seg.Decay ? 1f - lr * WeightDecay : 1f;
                float stepSize = lr / _bc1;
                long i = seg.Offset, endI = seg.Offset + seg.Length;
                if (Vector512.IsHardwareAccelerated)
                {
                    var b1 = Vector512.Create(Beta1); var b1c = Vector512.Create(1f - Beta1);
                    var b2 = Vector512.Create(Beta2); var b2c = Vector512.Create(1f - Beta2);
                    var bc2 = Vector512.Create(_bc2Sqrt); var eps = Vector512.Create(Epsilon);
                    var dec = Vector512.Create(decay); var ss = Vector512.Create(stepSize);
                    for (; i + 16 <= endI; i += 16)
                    {
                        var gi = Vector512.Load(g + i);
                        var mi = b1 * Vector512.Load(m + i) + b1c * gi;
                        var vi = b2 * Vector512.Load(v + i) + b2c * gi * gi;
                        mi.Store(m + i);
                        vi.Store(v + i);
                        var denom = Vector512.Sqrt(vi) / bc2 + eps;
                        (Vector512.Load(p + i) * dec - ss * (mi / denom)).Store(p + i);
                    }
                }
                for (; i < endI; i++)
                {
                    float gi = g[i];
                    float mi = m[i] = Beta1 * m[i] + (1f - Beta1) * gi;
                    float vi = v[i] = Beta2 * v[i] + (1f - Beta2) * gi * gi;
                    float denom = MathF.Sqrt(vi) / _bc2Sqrt + Epsilon;
                    p[i] = p[i] * decay - stepSize * (mi / denom);
                }
            }
        }
    }

    public void Dispose() { }
}

using Needle.Training.Kernels;
using Needle.Training.Models;

namespace Needle.Training.Optim;

/// <summary>
/// SGD with momentum as torch.optim.SGD (dampening 0, not Nesterov): g ← g + wd·p (coupled decay, on Decay
/// tensors); buf ← μ·buf + g (buf = g on the first step); p ← p − lr·buf. Items: parameter segments.
/// </summary>
public sealed unsafe class SgdMomentum : IOptimizer, IRangeJob
{
    private readonly ILanguageModel _model;
    private readonly WorkerPool _pool;
    private readonly ParameterSegments _segments;
    private readonly float[] _buf;
    private float _lr;

    public SgdMomentum(ILanguageModel model, WorkerPool pool, GroupMultipliers lrMultipliers, float momentum = 0.9f, float weightDecay = 0f)
    {
        if (!(momentum is >= 0f and < 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in [0, 1)");
        if (!(weightDecay >= 0f)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "weight decay must be ≥ 0");
        _model = model;
        _pool = pool;
        _segments = new ParameterSegments(model.Tensors, lrMultipliers);
        _buf = GC.AllocateArray<float>((int)model.ParameterCount, pinned: true);
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    public string Name => "sgd";
    public float Momentum { get; }
    public float WeightDecay { get; }
    public long StepCount { get; set; }
    public IReadOnlyList<float[]> State => [_buf];

    public void Step(float learningRate)
    {
        _lr = learningRate;
        _pool.Run(this, _segments.Items.Length);
        StepCount++;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Execute(int start, int end)
    {
        float* p = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _model.Parameters[0]);
        float* g = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _model.Gradients[0]);
        bool first = StepCount == 0;
        fixed (float* b = _buf)
        {
            for (int s = start; s < end; s++)
            {
                var seg = _segments.Items[s];
                float lr = _lr * seg.LrMultiplier, wd = seg.Decay ? WeightDecay : 0f;
                for (long i = seg.Offset; i < seg.Offset + seg.Length; i++)
                {
                    float gi = g[i] + wd * p[i];
                    float bi = b[i] = first ? gi : Momentum * b[i] + gi;
                    p[i] -= lr * bi;
                }
            }
        }
    }

    public void Dispose() { }
}

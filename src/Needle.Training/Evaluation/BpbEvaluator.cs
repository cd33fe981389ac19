using Needle.Training.Models;

namespace Needle.Training.Evaluation;

/// <summary>
/// Honest BPB over a whole split: non-overlapping windows of ctx targets cover every target byte (positions
/// 1 … len−1) exactly once; the final window is aligned to the end and counts only targets not yet counted.
/// BPB = mean cross-entropy (nats) / ln 2. A seeded sample of windows can be used for cheap periodic checks.
/// </summary>
public sealed class BpbEvaluator
{
    private readonly ILanguageModel _model;
    private readonly int[] _inputs, _targets;

    public BpbEvaluator(ILanguageModel model)
    {
        _model = model;
        int n = model.MaxBatch * model.Config.Ctx;
        _inputs = new int[n];
        _targets = new int[n];
    }

    /// <summary>Window start offsets covering the split, and for each how many leading targets to skip.</summary>
    public static IReadOnlyList<(int Start, int Skip)> Windows(int length, int ctx)
    {
        var list = new List<(int, int)>();
        int targets = length - 1;
        int full = targets / ctx;
        for (int i = 0; i < full; i++) list.Add((i * ctx, 0));
        int covered = full * ctx;
        if (covered < targets)
        {
            int start = length - 1 - ctx;
            list.Add((start, covered - start));
        }
        return list;
    }

    /// <summary>BPB over every target of <paramref name="split"/>; returns (bpb, targets counted).</summary>
    public (double Bpb, long Targets) Evaluate(ReadOnlySpan<byte> split, int maxWindows = 0, ulong sampleSeed = 0)
    {
        int ctx = _model.Config.Ctx;
        var windows = Windows(split.Length, ctx);
        if (maxWindows > 0 && maxWindows < windows.Count)
        {
            // A seeded sample (without replacement) for cheap periodic checks; the final figure uses all windows.
            var rng = SplitMix64.Derive(sampleSeed, 0xE7A1);
            var idx = Enumerable.Range(0, windows.Count).ToArray();
            for (int i = 0; i < maxWindows; i++) { int j = i + rng.NextInt(idx.Length - i); (idx[i], idx[j]) = (idx[j], idx[i]); }
            windows = [.. idx.Take(maxWindows).Order().Select(i => windows[i])];
        }
        double sum = 0;
        long count = 0;
        for (int w0 = 0; w0 < windows.Count; w0 += _model.MaxBatch)
        {
            int batch = Math.Min(_model.MaxBatch, windows.Count - w0);
            for (int b = 0; b < batch; b++)
            {
                int start = windows[w0 + b].Start;
                for (int t = 0; t < ctx; t++)
                {
                    _inputs[b * ctx + t] = split[start + t];
                    _targets[b * ctx + t] = split[start + t + 1];
                }
            }
            _model.Forward(_inputs.AsSpan(0, batch * ctx), _targets.AsSpan(0, batch * ctx), batch);
            var losses = _model.PositionLosses;
            for (int b = 0; b < batch; b++)
                for (int t = windows[w0 + b].Skip; t < ctx; t++)
                {
                    sum += losses[b * ctx + t];
                    count++;
                }
        }
        return (sum / count / Math.Log(2), count);
    }
}

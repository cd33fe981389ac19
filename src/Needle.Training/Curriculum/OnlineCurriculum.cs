using Needle.Training.Data;
using Needle.Training.Models;

namespace Needle.Training.Curriculum;

/// <summary>
/// V7: fills each step's training batch with "interesting" sequences. Candidate batches are scored by a forward
/// pass without backward (no dropout); every candidate's mean loss enters a running window, and a candidate at or
/// above the window's q-quantile is kept, in order, until the batch is full. Round 0's candidates are exactly the
/// batch the run would train on without V7; later rounds draw fresh sequences from their own stream. After
/// <see cref="CurriculumSpec.MaxRounds"/> rounds the last round's best rejected rows fill what is left.
/// Everything is a pure function of (seed, step, the scored losses, the window), and the window is in the
/// checkpoint, so a run is deterministic and resumes exactly.
/// </summary>
public sealed class OnlineCurriculum
{
    private readonly CurriculumSpec _spec;
    private readonly BatchSampler _baseline, _fresh;
    private readonly int _batch, _ctx;
    private readonly int[] _candInputs, _candTargets;
    private readonly float[] _scores;
    private readonly bool[] _taken;
    private readonly RunningQuantile _window;

    /// <param name="spec">V7's settings (quantile, rounds); validated here.</param>
    /// <param name="baseline">The run's own batch sampler (round 0 draws the batch a run without V7 would train on).</param>
    /// <param name="split">The training split the fresh candidates are drawn from.</param>
    /// <param name="freshSeed">The seed of the fresh candidates' stream (derived from the run's master seed).</param>
    public OnlineCurriculum(CurriculumSpec spec, BatchSampler baseline, ReadOnlyMemory<byte> split, ulong freshSeed)
    {
        spec.Validate();
        _spec = spec;
        _baseline = baseline;
        (_batch, _ctx) = (baseline.Batch, baseline.Ctx);
        _fresh = new BatchSampler(split, _batch, _ctx, freshSeed);
        _candInputs = new int[_batch * _ctx];
        _candTargets = new int[_batch * _ctx];
        _scores = new float[_batch];
        _taken = new bool[_batch];
        _window = new RunningQuantile(CurriculumSpec.WindowBatches * _batch);
    }

    public CurriculumSpec Spec => _spec;

    /// <summary>Candidate sequences scored so far (each costs one forward of ctx tokens), over the whole run.</summary>
    public long ScoredSequences { get; private set; }

    /// <summary>
    /// Writes step <paramref name="step"/>'s training batch into <paramref name="inputs"/>/<paramref name="targets"/>,
    /// scoring candidates with <paramref name="model"/> (its last-forward buffers are overwritten; call this before
    /// the step's training forward). Returns the number of candidate batches scored.
    /// </summary>
    public int Fill(long step, ILanguageModel model, Span<int> inputs, Span<int> targets)
    {
        int kept = 0, round = 0;
        float threshold = 0;
        while (kept < _batch && round < CurriculumSpec.MaxRounds)
        {
            if (round == 0) _baseline.Fill(step, _candInputs, _candTargets);
            else _fresh.Fill(step * CurriculumSpec.MaxRounds + round, _candInputs, _candTargets);
            Score(model);
            _window.Add(_scores);
            threshold = _window.Quantile(_spec.Quantile);
            for (int b = 0; b < _batch; b++)
            {
                _taken[b] = kept < _batch && _scores[b] >= threshold;
                if (_taken[b]) CopyRow(b, kept++, inputs, targets);
            }
            round++;
        }
        // Bounded cost: the last round's rejected rows, highest loss first (index breaks ties), fill the rest.
        // There are always enough: the last round rejected at least as many rows as are still missing.
        if (kept < _batch)
            foreach (var b in Enumerable.Range(0, _batch).Where(b => !_taken[b]).OrderByDescending(b => _scores[b]).ThenBy(b => b))
            {
                if (kept == _batch) break;
                CopyRow(b, kept++, inputs, targets);
            }
        return round;
    }

    /// <summary>Mean next-byte loss of each candidate sequence (a forward without backward, no dropout).</summary>
    private void Score(ILanguageModel model)
    {
        var saved = model.TrainingStep;
        model.TrainingStep = null;
        try { model.Forward(_candInputs, _candTargets, _batch); }
        finally { model.TrainingStep = saved; }
        SequenceLosses.MeanPerSequence(model.PositionLosses, _ctx, _scores);
        ScoredSequences += _batch;
    }

    private void CopyRow(int from, int to, Span<int> inputs, Span<int> targets)
    {
        _candInputs.AsSpan(from * _ctx, _ctx).CopyTo(inputs.Slice(to * _ctx, _ctx));
        _candTargets.AsSpan(from * _ctx, _ctx).CopyTo(targets.Slice(to * _ctx, _ctx));
    }

    /// <summary>The state a checkpoint carries: the scored-sequence count (two floats of raw bits) and the window.</summary>
    public float[] SaveState()
    {
        var window = _window.Save();
        var state = new float[2 + window.Length];
        state[0] = BitConverter.Int32BitsToSingle((int)(ScoredSequences & 0xFFFFFFFF));
        state[1] = BitConverter.Int32BitsToSingle((int)(ScoredSequences >> 32));
        window.CopyTo(state, 2);
        return state;
    }

    public void RestoreState(ReadOnlySpan<float> state)
    {
        if (state.Length < 2) throw new InvalidDataException("the checkpoint carries no curriculum state, but this run has the curriculum (V7, TrainConfig.Curriculum) on");
        ScoredSequences = (uint)BitConverter.SingleToInt32Bits(state[0]) | ((long)BitConverter.SingleToInt32Bits(state[1]) << 32);
        _window.Restore(state[2..]);
    }
}

namespace Needle.Training.Curriculum;

/// <summary>
/// The exact q-quantile of the last <see cref="Capacity"/> values seen (a ring buffer). Deterministic: the
/// quantile is an order statistic of the stored floats, so the same values in the same order give the same
/// threshold on every machine; <see cref="Save"/>/<see cref="Restore"/> carry it through a checkpoint.
/// </summary>
public sealed class RunningQuantile
{
    private readonly float[] _values;
    private readonly float[] _sorted;
    private int _count, _next;

    public RunningQuantile(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _values = new float[capacity];
        _sorted = new float[capacity];
    }

    public int Capacity => _values.Length;
    public int Count => _count;

    public void Add(ReadOnlySpan<float> values)
    {
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) throw new ArgumentException($"a sequence loss of {v} cannot enter the running quantile");
            _values[_next] = v;
            _next = (_next + 1) % _values.Length;
            if (_count < _values.Length) _count++;
        }
    }

    /// <summary>The lower q-quantile (the value at sorted index ⌊q·(n−1)⌋) of the stored values.</summary>
    public float Quantile(double q)
    {
        if (_count == 0) throw new InvalidOperationException("the running quantile has no values yet");
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "a quantile is in [0, 1]");
        var s = _sorted.AsSpan(0, _count);
        _values.AsSpan(0, _count).CopyTo(s);
        s.Sort();
        return s[(int)Math.Floor(q * (_count - 1))];
    }

    /// <summary>The state as floats: count and cursor (as raw int bits), then the stored values.</summary>
    public float[] Save()
    {
        var state = new float[2 + _values.Length];
        state[0] = BitConverter.Int32BitsToSingle(_count);
        state[1] = BitConverter.Int32BitsToSingle(_next);
        _values.CopyTo(state, 2);
        return state;
    }

    public void Restore(ReadOnlySpan<float> state)
    {
        if (state.Length != 2 + _values.Length)
            throw new InvalidDataException($"curriculum state holds {state.Length - 2} window values, this run's window holds {_values.Length}");
        int count = BitConverter.SingleToInt32Bits(state[0]), next = BitConverter.SingleToInt32Bits(state[1]);
        if (count < 0 || count > _values.Length || next < 0 || next >= _values.Length)
            throw new InvalidDataException($"curriculum state is damaged (count {count}, cursor {next}, window {_values.Length})");
        (_count, _next) = (count, next);
        state[2..].CopyTo(_values);
    }
}

namespace Needle.Core.Preregistration;

/// <summary>
/// A pre-registered, falsifiable claim about measured data (an accelerator V1–V7): the registry marks it
/// Empirical. Its Coq twin is a <em>definition</em> of the same predicate (proofs/igla/Accelerators.v) with the same
/// constants, and its verdict on real data is recorded in assertions/evidence/V&lt;n&gt;.json. The audit applies
/// <see cref="Holds"/> to the statistic recorded there and requires the recorded verdict to agree.
/// </summary>
public interface IEmpiricalClaim
{
    /// <summary>"V1" … "V7".</summary>
    string Vector { get; }

    /// <summary>The names of the statistic's fields, as the evidence file spells them (snake_case).</summary>
    IReadOnlyList<string> StatisticNames { get; }

    /// <summary>The predicate on a recorded statistic; throws <see cref="ArgumentException"/> naming a missing or invalid field.</summary>
    bool Holds(IReadOnlyDictionary<string, double> statistic);
}

/// <summary>Reading a statistic's fields with errors that name the vector and the field.</summary>
public static class EmpiricalStatistic
{
    /// <summary>The field's value; it must be present and finite.</summary>
    public static double Real(IReadOnlyDictionary<string, double> statistic, string vector, string name)
    {
        if (!statistic.TryGetValue(name, out var v))
            throw new ArgumentException($"{vector}: the statistic has no field \"{name}\" (it has: {string.Join(", ", statistic.Keys.Order(StringComparer.Ordinal))})");
        if (!double.IsFinite(v)) throw new ArgumentException($"{vector}: statistic field \"{name}\" is {v}, not a finite number");
        return v;
    }

    /// <summary>The field's value as a count: present, a whole number, ≥ 0.</summary>
    public static int Count(IReadOnlyDictionary<string, double> statistic, string vector, string name)
    {
        var v = Real(statistic, vector, name);
        if (v < 0 || v != Math.Floor(v) || v > int.MaxValue)
            throw new ArgumentException($"{vector}: statistic field \"{name}\" is {v}; it is a count (a whole number ≥ 0)");
        return (int)v;
    }
}

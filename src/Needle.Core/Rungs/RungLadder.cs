using System.Globalization;
using Needle.Core.Invariants;

namespace Needle.Core.Rungs;

/// <summary>
/// The step counts at which a trial's result is compared with its peers (ASHA's rungs), with the reduction
/// factor η used for promotion (the top 1/η of a rung goes on). Two shapes exist in the plans:
/// a geometric ladder r_k = r0·η^k (e.g. 1000·3^k → 1000, 3000, 9000, 27000) and an explicit list that is only
/// roughly geometric ([100, 500, 2000, 8000, 32000, 81000] with η = 4: 500/100 = 5, 81000/32000 ≈ 2.5).
/// The explicit list is kept as written rather than "corrected" into 100·4^k, because it is what the plan
/// budgets; η then only governs promotion. Both are validated strictly increasing and positive (INV-4).
/// </summary>
[Invariant("INV-4")]
public sealed class RungLadder : IEquatable<RungLadder>
{
    private readonly long[] _steps;

    private RungLadder(long[] steps, int eta, bool isGeometric)
    {
        _steps = steps;
        Eta = eta;
        IsGeometric = isGeometric;
    }

    /// <summary>The plan's six-rung ladder [100, 500, 2000, 8000, 32000, 81000], promoted with η = 4.</summary>
    public static RungLadder SixRungPlan { get; } = Explicit([100, 500, 2000, 8000, 32000, 81000], 4);

    /// <summary>The upstream's ladder 1000·3^k, k = 0..3 → [1000, 3000, 9000, 27000], η = 3.</summary>
    public static RungLadder ThreeFoldPlan { get; } = Geometric(1000, 3, 4);

    /// <summary>The rung steps, strictly increasing.</summary>
    public IReadOnlyList<long> Steps => _steps;

    /// <summary>Reduction factor: the top 1/η of the results at a rung are promoted.</summary>
    public int Eta { get; }

    /// <summary>True when every rung is exactly r0·η^k.</summary>
    public bool IsGeometric { get; }

    /// <summary>Number of rungs.</summary>
    public int Count => _steps.Length;

    /// <summary>The last (largest) rung: a trial that reaches it is complete.</summary>
    public long MaxStep => _steps[^1];

    /// <summary>r_k = r0·η^k for k = 0..count−1.</summary>
    public static RungLadder Geometric(long r0, int eta, int count)
    {
        if (r0 <= 0) throw new ArgumentOutOfRangeException(nameof(r0), r0, "the first rung r0 must be a positive step count");
        ValidateEta(eta);
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "a ladder needs at least one rung");
        var steps = new long[count];
        long r = r0;
        for (var k = 0; k < count; k++)
        {
            steps[k] = r;
            if (k + 1 < count) r = checked(r * eta);
        }
        return new RungLadder(steps, eta, isGeometric: true);
    }

    /// <summary>An explicit list of rungs (validated strictly increasing and positive), promoted with η.</summary>
    public static RungLadder Explicit(IEnumerable<long> steps, int eta)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ValidateEta(eta);
        var array = steps.ToArray();
        if (array.Length == 0) throw new ArgumentException("a ladder needs at least one rung", nameof(steps));
        if (array[0] <= 0)
            throw new ArgumentException($"rung 0 is {array[0]}; rungs are step counts and must be positive", nameof(steps));
        for (var i = 1; i < array.Length; i++)
        {
            if (array[i] <= array[i - 1])
                throw new ArgumentException(
                    $"rungs must be strictly increasing: rung {i} ({array[i]}) is not above rung {i - 1} ({array[i - 1]})",
                    nameof(steps));
        }
        return new RungLadder(array, eta, IsExactlyGeometric(array, eta));
    }

    /// <summary>
    /// Parses the command-line form: <c>six</c> / <c>three</c> for the plans' ladders,
    /// <c>R0xETA^COUNT</c> (e.g. <c>1000x3^4</c>) for a geometric one, or <c>100,500,2000:4</c> for an explicit list with η.
    /// </summary>
    public static RungLadder Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Equals("six", StringComparison.OrdinalIgnoreCase)) return SixRungPlan;
        if (t.Equals("three", StringComparison.OrdinalIgnoreCase)) return ThreeFoldPlan;
        try
        {
            var x = t.IndexOf('x', StringComparison.OrdinalIgnoreCase);
            var caret = t.IndexOf('^', StringComparison.Ordinal);
            if (x > 0 && caret > x)
            {
                return Geometric(
                    long.Parse(t[..x], CultureInfo.InvariantCulture),
                    int.Parse(t[(x + 1)..caret], CultureInfo.InvariantCulture),
                    int.Parse(t[(caret + 1)..], CultureInfo.InvariantCulture));
            }
            var colon = t.LastIndexOf(':');
            if (colon > 0)
            {
                var steps = t[..colon].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(s => long.Parse(s, CultureInfo.InvariantCulture));
                return Explicit(steps, int.Parse(t[(colon + 1)..], CultureInfo.InvariantCulture));
            }
        }
        catch (FormatException e)
        {
            throw new FormatException($"ladder '{text}': {e.Message} Use six, three, R0xETA^COUNT (1000x3^4) or STEPS:ETA (100,500,2000:4).", e);
        }
        catch (OverflowException e)
        {
            throw new FormatException($"ladder '{text}': a number is too large. Use six, three, R0xETA^COUNT or STEPS:ETA.", e);
        }
        throw new FormatException($"ladder '{text}' is not understood. Use six, three, R0xETA^COUNT (1000x3^4) or STEPS:ETA (100,500,2000:4).");
    }

    /// <summary>True when <paramref name="step"/> is a rung of this ladder.</summary>
    public bool Contains(long step) => Array.BinarySearch(_steps, step) >= 0;

    /// <summary>The index of rung <paramref name="step"/>, or −1 when it is not a rung.</summary>
    public int IndexOf(long step) => Math.Max(-1, Array.BinarySearch(_steps, step));

    /// <summary>The first rung strictly above <paramref name="step"/>, or null when none is left.</summary>
    public long? NextRungAfter(long step)
    {
        foreach (var r in _steps)
            if (r > step) return r;
        return null;
    }

    /// <summary>
    /// The index of the first rung at or above <paramref name="minimumStep"/>: where a family that cannot be judged
    /// earlier (the upstream's JEPA starts at 3000) enters the ladder.
    /// </summary>
    public int EntryIndexFor(long minimumStep)
    {
        for (var i = 0; i < _steps.Length; i++)
            if (_steps[i] >= minimumStep) return i;
        throw new ArgumentOutOfRangeException(nameof(minimumStep), minimumStep,
            $"no rung at or above step {minimumStep}; the ladder ends at {MaxStep}");
    }

    /// <summary>Canonical text that <see cref="Parse"/> reads back (used to store the ladder with a study).</summary>
    public override string ToString() =>
        IsGeometric
            ? string.Create(CultureInfo.InvariantCulture, $"{_steps[0]}x{Eta}^{Count}")
            : string.Join(',', _steps.Select(s => s.ToString(CultureInfo.InvariantCulture))) + ":" + Eta.ToString(CultureInfo.InvariantCulture);

    public bool Equals(RungLadder? other) => other is not null && Eta == other.Eta && _steps.AsSpan().SequenceEqual(other._steps);
    public override bool Equals(object? obj) => Equals(obj as RungLadder);
    public override int GetHashCode() => HashCode.Combine(Eta, _steps.Length, _steps[0], _steps[^1]);

    private static void ValidateEta(int eta)
    {
        if (eta < 2) throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must be at least 2 (η = 1 would promote everyone)");
    }

    private static bool IsExactlyGeometric(long[] steps, int eta)
    {
        for (var i = 1; i < steps.Length; i++)
            if (steps[i] != steps[i - 1] * eta) return false;
        return true;
    }
}

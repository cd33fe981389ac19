using FsCheck;
using FsCheck.Fluent;
using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>Algebraic properties of fake quantisation, checked with FsCheck over any binary32 pattern.</summary>
public sealed class QuantizationPropertyTests
{
    private static readonly Arbitrary<float> AnyFloat =
        Arb.From(Gen.Choose(int.MinValue, int.MaxValue).Select(BitConverter.Int32BitsToSingle));

    private static readonly Arbitrary<float> Moderate =
        Arb.From(Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 3000f));

    private static Config Deterministic => Config.QuickThrowOnFailure.WithMaxTest(3000).WithReplay(20261121UL, 4099UL);

    public static TheoryData<string> Names => FormatCases.RegistryNames;

    private static float Q(INumberFormat f, float x) => f.Decode(f.Encode(x));

    private static bool SameBits(float a, float b) =>
        float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToUInt32Bits(a) == BitConverter.SingleToUInt32Bits(b);

    [Theory]
    [MemberData(nameof(Names))]
    public void Quantisation_is_idempotent_and_odd(string name)
    {
        var f = NumberFormats.Get(name);
        Check.One(Deterministic, Prop.ForAll(AnyFloat, x => SameBits(Q(f, Q(f, x)), Q(f, x))));
        Check.One(Deterministic, Prop.ForAll(AnyFloat, x => SameBits(Q(f, -x), -Q(f, x))));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Quantised_value_is_a_nearest_neighbour_in_range(string name)
    {
        var f = NumberFormats.Get(name);
        var truncates = f is MiniFloatCodec { Spec.Rounding: Rounding.TowardZero };
        // Positive codes ascend with magnitude, so the codes either side of x's code are its representable neighbours.
        Check.One(Deterministic, Prop.ForAll(Moderate, x =>
        {
            var magnitude = (double)MathF.Abs(x);
            var code = f.Encode(MathF.Abs(x));
            var q = (double)f.Decode(code);
            if (magnitude == 0) return q == 0;
            var above = FiniteValue(f, code + 1);
            var below = code == 0 ? null : FiniteValue(f, code - 1);
            if (truncates) return q <= magnitude && (above is null || above > magnitude);
            var error = Math.Abs(q - magnitude);
            return (above is null || Math.Abs(above.Value - magnitude) >= error)
                && (below is null || Math.Abs(below.Value - magnitude) >= error);
        }));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Relative_error_is_within_unit_roundoff_in_range(string name)
    {
        var f = NumberFormats.Get(name);
        // Within ±1000, every format's relative error is bounded by its unit roundoff (truncation: twice that).
        var mantissa = f is MiniFloatCodec c ? c.Spec.MantissaBits : 23;
        var truncates = f is MiniFloatCodec { Spec.Rounding: Rounding.TowardZero };
        var bound = Math.ScaleB(1.0, truncates ? -mantissa : -mantissa - 1);
        var minNormal = f is MiniFloatCodec codec ? Math.ScaleB(1.0, codec.Spec.MinNormalField - codec.Spec.Bias) : 0;
        Check.One(Deterministic, Prop.ForAll(Moderate, x =>
            Math.Abs(x) < minNormal // subnormals and underflow have an absolute, not relative, error
            || Math.Abs((double)Q(f, x) - x) <= bound * Math.Abs(x)));
    }

    private static double? FiniteValue(INumberFormat f, uint code)
    {
        if ((ulong)code >= 1UL << f.BitWidth || f.IsNaN(code)) return null;
        var value = f.Decode(code);
        return float.IsFinite(value) ? value : null;
    }
}

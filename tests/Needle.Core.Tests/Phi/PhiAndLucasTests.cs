using FsCheck;
using FsCheck.Fluent;
using Needle.Core.Phi;

namespace Needle.Core.Tests.Phi;

/// <summary>The C# side of INV-1 and INV-2 agrees with the closed forms the Coq proofs use.</summary>
public sealed class PhiAndLucasTests
{
    [Fact]
    public void The_phi_literals_are_the_closed_forms()
    {
        PhiConstants.Phi.Should().Be((1 + Math.Sqrt(5)) / 2);
        PhiConstants.InversePhi.Should().Be(1.0 / PhiConstants.Phi);
        PhiConstants.Phi.Should().BeApproximately(PhiConstants.InversePhi + 1, 1e-15);
    }

    [Fact]
    public void The_trinity_identity_holds_in_double_precision()
    {
        PhiConstants.TrinitySum().Should().BeApproximately(3.0, 1e-14);
        PhiConstants.TrinityHolds().Should().BeTrue();
        PhiConstants.TrinityHolds(tolerance: -1).Should().BeFalse("a negative tolerance admits nothing, so the check can fail");
    }

    [Fact]
    public void The_even_index_Lucas_numbers_are_the_known_sequence()
    {
        Enumerable.Range(0, 8).Select(Lucas.EvenIndex).Should().Equal(2, 3, 7, 18, 47, 123, 322, 843);
    }

    [Fact]
    public void Lucas_closure_holds_for_every_representable_n()
    {
        Prop.ForAll(Gen.Choose(0, 30).ToArbitrary(), n => Lucas.ClosureHolds(n)).QuickCheckThrowOnFailure();
        Lucas.ClosureHolds(Lucas.MaxEvenIndex).Should().BeTrue();
    }

    [Fact]
    public void The_recurrence_is_the_even_index_of_the_ordinary_Lucas_sequence()
    {
        // L_0 = 2, L_1 = 1, L_{k+2} = L_{k+1} + L_k; the even-index terms must match EvenIndex.
        long a = 2, b = 1;
        for (var k = 0; k <= 2 * Lucas.MaxEvenIndex; k++)
        {
            if (k % 2 == 0) Lucas.EvenIndex(k / 2).Should().Be(a, $"L_{k}");
            (a, b) = (b, a + b);
        }
    }

    [Fact]
    public void Out_of_range_indices_are_rejected()
    {
        FluentActions.Invoking(() => Lucas.EvenIndex(-1)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => Lucas.EvenIndex(Lucas.MaxEvenIndex + 1)).Should().Throw<ArgumentOutOfRangeException>();
    }
}

using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>The canon names resolve, anything else is a hard error, and INV-3 refuses narrow GF16 models.</summary>
public sealed class RegistryAndCapacityTests
{
    [Fact]
    public void The_registry_holds_exactly_the_canon_names()
    {
        NumberFormats.Names.Should().Equal("FP32", "FP16", "BF16", "FP8E4M3", "FP8E5M2", "DLFLOAT", "GF16");
        foreach (var name in NumberFormats.Names) NumberFormats.Get(name).Name.Should().Be(name);
        NumberFormats.Get("FP8E4M3").Should().BeSameAs(NumberFormats.Fp8E4M3, "the registry's E4M3 saturates");
    }

    [Theory]
    [InlineData("fp16")]
    [InlineData("FP8")]
    [InlineData("GF16-bias31")]
    [InlineData("")]
    public void Unknown_names_are_a_hard_error_listing_the_valid_names(string name)
    {
        var act = () => NumberFormats.Get(name);
        act.Should().Throw<UnknownNumberFormatException>()
            .WithMessage($"unknown number format '{name}'*FP32, FP16, BF16, FP8E4M3, FP8E5M2, DLFLOAT, GF16*");
        NumberFormats.IsKnown(name).Should().BeFalse();
    }

    [Fact]
    public void Gf16_below_256_hidden_is_refused_and_other_formats_are_not()
    {
        FormatCapacity.Gf16MinHidden.Should().Be(256);
        var narrow = () => FormatCapacity.EnsureCapacity("GF16", 255);
        narrow.Should().Throw<ArgumentException>().WithMessage("INV-3*GF16*256*255*");
        FormatCapacity.EnsureCapacity("GF16", 256);
        foreach (var name in NumberFormats.Names.Where(n => n != "GF16")) FormatCapacity.EnsureCapacity(name, 8);
        var unknown = () => FormatCapacity.EnsureCapacity("INT4", 1024);
        unknown.Should().Throw<UnknownNumberFormatException>();
        var nonPositive = () => FormatCapacity.EnsureCapacity("FP16", 0);
        nonPositive.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void A_layout_whose_values_do_not_fit_in_binary32_is_refused()
    {
        var tooWide = () => new MiniFloatCodec(new MiniFloatSpec(
            "WIDE", 8, 7, 0, true, Rounding.NearestEven, SpecialEncoding.Ieee, OverflowPolicy.ToInfinity));
        tooWide.Should().Throw<ArgumentException>().WithMessage("*WIDE*binary32*");
    }
}

using FsCheck;
using FsCheck.Fluent;
using Needle.Core.Canon;

namespace Needle.Core.Tests.Canon;

public sealed class CanonNameTests
{
    [Theory]
    [InlineData("IGLA-HYBRID-FP32-WSD-E0005-seed200", "HYBRID", "FP32", "WSD", 5, 200, CanonForm.Seed)]
    [InlineData("IGLA-JEPA-T-FP32-GRADFIX-SMOKE-seed520", "JEPA-T", "FP32", "GRADFIX-SMOKE", null, 520, CanonForm.Seed)]
    [InlineData("IGLA-ATTN-FP32-E0101-rng42", "ATTN", "FP32", null, 101, 42, CanonForm.Rng)]
    [InlineData("IGLA-TRAIN_V2-GF16-E0007-h512-rng43", "TRAIN_V2", "GF16", "h512", 7, 43, CanonForm.Rng)]
    [InlineData("IGLA-TJEPA-FP8E4M3-seed0", "TJEPA", "FP8E4M3", null, null, 0, CanonForm.Seed)]
    public void Parses_both_upstream_forms(string text, string model, string format, string? tag, int? id, int seed, CanonForm form)
    {
        var name = CanonName.Parse(text);
        name.Should().Be(new CanonName(model, format, tag, id, seed, form));
        name.ToString().Should().Be(text);
    }

    [Fact]
    public void Jepa_t_is_matched_before_a_shorter_model_and_tjepa_is_its_own_model()
    {
        CanonName.Parse("IGLA-JEPA-T-BF16-rng1").Model.Should().Be("JEPA-T");
        CanonName.Parse("IGLA-TJEPA-BF16-rng1").Model.Should().Be("TJEPA");
    }

    [Theory]
    [InlineData("", CanonErrorKind.Empty)]
    [InlineData("HYBRID-FP32-seed1", CanonErrorKind.MissingPrefix)]
    [InlineData("IGLA-GPT-FP32-seed1", CanonErrorKind.UnknownModel)]
    [InlineData("IGLA-ATTN-FP64-seed1", CanonErrorKind.UnknownFormat)]
    [InlineData("IGLA-ATTN-FP32-WSD", CanonErrorKind.MissingSeed)]
    [InlineData("IGLA-ATTN-FP32-seed", CanonErrorKind.BadSeed)]
    [InlineData("IGLA-ATTN-FP32-seed007", CanonErrorKind.BadSeed)]
    [InlineData("IGLA-ATTN-FP32-rng-1", CanonErrorKind.MissingSeed)]
    [InlineData("IGLA-ATTN-FP32-E12-seed1", CanonErrorKind.BadExperimentId)]
    [InlineData("IGLA-ATTN-FP32-E0005-WSD-seed1", CanonErrorKind.MisplacedExperimentId)]
    [InlineData("IGLA-ATTN-FP32-WSD-E0005-rng1", CanonErrorKind.MisplacedExperimentId)]
    [InlineData("IGLA-ATTN-FP32-W$D-seed1", CanonErrorKind.BadTag)]
    [InlineData("IGLA-ATTN-FP32--seed1", CanonErrorKind.BadTag)]
    public void Rejects_with_a_typed_error(string text, CanonErrorKind kind)
    {
        var act = () => CanonName.Parse(text);
        act.Should().Throw<CanonNameException>().Which.Kind.Should().Be(kind);
        CanonName.TryParse(text, out var result, out var error).Should().BeFalse();
        result.Should().BeNull();
        error!.Kind.Should().Be(kind);
    }

    [Fact]
    public void Format_then_parse_round_trips_for_every_model_format_tag_id_and_form()
    {
        var tags = Gen.Elements<string?>(null, "WSD", "GRADFIX-SMOKE", "h512", "EMA10", "BS8", "GRADFIX-JEPAT");
        var gen = from model in Gen.Elements(CanonModel.All.ToArray())
                  from format in Gen.Elements(CanonFormat.All.ToArray())
                  from tag in tags
                  from id in Gen.Elements<int?>(null, 0, 5, 101, 9999)
                  from seed in Gen.Choose(0, 100_000)
                  from form in Gen.Elements(CanonForm.Seed, CanonForm.Rng)
                  select new CanonName(model, format, tag, id, seed, form);
        Prop.ForAll(gen.ToArbitrary(), name => CanonName.Parse(name.ToString()) == name)
            .QuickCheckThrowOnFailure();
    }
}

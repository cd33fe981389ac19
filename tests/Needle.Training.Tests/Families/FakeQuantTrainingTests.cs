using Needle.Training.Formats;
using Needle.Training.Kernels;
using Needle.Training.Models;
using Needle.Training.Models.Families;
using Needle.Training.Run;

namespace Needle.Training.Tests.Families;

/// <summary>Training in a number format: fake quantisation of matrices in the forward, straight-through gradient, FP32 masters, INV-3.</summary>
public sealed class FakeQuantTrainingTests
{
    public static TheoryData<string, string> FamiliesAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (var f in NumberFormats.Names.Where(n => n != NumberFormats.Fp32Name)) data.Add(FamilyNames.TrainV2, f);
        data.Add("attn", "FP8E5M2");
        data.Add(FamilyNames.Hybrid, "BF16");
        return data;
    }

    private static ModelConfig Config(string family, string format) => family == FamilyNames.TrainV2
        ? new() { Model = family, DModel = 16, Ctx = 8, HiddenWidth = 256, Format = format }
        : new() { Model = family, DModel = 16, Layers = 1, Heads = 2, Ctx = 8, HiddenWidth = 256, Format = format };

    [Theory]
    [MemberData(nameof(FamiliesAndFormats))]
    public void Forward_equals_fp32_forward_on_pre_quantised_weights_and_the_gradient_is_straight_through(string family, string format)
    {
        using var pool = new WorkerPool(2);
        using var quantised = ModelFactory.CreateModel(Config(family, format), 2, 7, pool);
        using var reference = ModelFactory.CreateModel(Config(family, NumberFormats.Fp32Name), 2, 7, pool);
        quantised.WeightTransform.Should().BeOfType<FakeQuantWeightTransform>();
        reference.WeightTransform.Should().BeNull();
        var master = quantised.Parameters.ToArray();
        // Reference model: the same weights with its matrices rounded by hand into the format.
        var codec = NumberFormats.Get(format);
        foreach (var t in reference.Tensors)
        {
            var slice = master.AsSpan((int)t.Offset, (int)t.Size);
            var dst = reference.Parameters.Slice((int)t.Offset, (int)t.Size);
            if (t.Shape.Length >= 2) codec.Quantize(slice, dst); else slice.CopyTo(dst);
        }
        var (x, y) = Models.AttnModelTests.Batch(2, 8, 3);
        quantised.ZeroGradients(); reference.ZeroGradients();
        float lq = quantised.Forward(x, y, 2), lr = reference.Forward(x, y, 2);
        lq.Should().Be(lr);
        quantised.Backward(); reference.Backward();
        quantised.Gradients.ToArray().Should().Equal(reference.Gradients.ToArray());
        quantised.Parameters.ToArray().Should().Equal(master, "the FP32 master weights are never overwritten");
    }

    [Fact]
    public void Coarse_formats_change_the_loss_and_report_a_nonzero_weight_error()
    {
        using var pool = new WorkerPool(1);
        using var fp8 = ModelFactory.CreateModel(Config(FamilyNames.TrainV2, "FP8E4M3"), 2, 7, pool);
        using var fp32 = ModelFactory.CreateModel(Config(FamilyNames.TrainV2, "FP32"), 2, 7, pool);
        var (x, y) = Models.AttnModelTests.Batch(2, 8, 3);
        fp8.Forward(x, y, 2).Should().NotBe(fp32.Forward(x, y, 2));
        var err = ((FakeQuantWeightTransform)fp8.WeightTransform!).Measure(fp8);
        // 3 mantissa bits bound the error of normals by 2^-4; the N(0, 0.02) embeddings partly fall below E4M3's
        // smallest normal 2^-6, where subnormals lose more, so the mean sits near (not under) 2^-4.
        err.MeanRelative.Should().BeInRange(5e-3, 0.25);
        err.MaxRelative.Should().BeGreaterThan(0.0625, "some weights are subnormal in E4M3");
        err.Measured.Should().BeGreaterThan(0);
    }

    [Theory]
    [InlineData(255, false)]
    [InlineData(256, true)]
    public void Gf16_needs_hidden_of_at_least_256_inv3(int hidden, bool ok)
    {
        var config = new ModelConfig { Model = FamilyNames.TrainV2, DModel = 16, HiddenWidth = hidden, Format = NumberFormats.Gf16Name };
        var act = config.Invoking(c => c.Validate());
        if (ok) act.Should().NotThrow();
        else act.Should().Throw<ArgumentException>().WithMessage("*INV-3*256*");
        FormatCapacity.Gf16MinHidden.Should().Be(Needle.Core.Canon.DeployValidator.Gf16MinHidden);
    }

    [Fact]
    public void Unknown_formats_are_refused_with_the_known_list() =>
        new ModelConfig { Format = "FP12" }.Invoking(c => c.Validate()).Should().Throw<ArgumentException>().WithMessage("*format*FP12*GF16*");
}

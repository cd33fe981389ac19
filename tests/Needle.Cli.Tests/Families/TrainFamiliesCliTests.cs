using System.Text.Json;

namespace Needle.Cli.Tests.Families;

/// <summary><c>needle train</c> with the families, --format and --nca, run as the real child process.</summary>
public sealed class TrainFamiliesCliTests
{
    [Fact]
    public void Train_v2_in_fp8_with_nca_reports_the_format_the_weight_error_and_the_nca_entropy()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("train", "--model", "train_v2", "--format", "FP8E4M3", "--nca", "--d-model", "32",
            "--hidden", "64", "--ctx", "32", "--batch", "4", "--steps", "6", "--eval-every", "0", "--json");
        code.Should().Be(0, stderr);
        using var doc = JsonDocument.Parse(stdout.TrimEnd().Split('\n')[^1]);
        var root = doc.RootElement;
        root.GetProperty("model").GetString().Should().Be("TRAIN_V2");
        root.GetProperty("format").GetString().Should().Be("FP8E4M3");
        root.GetProperty("weight_quant_error").GetProperty("mean_rel").GetDouble().Should().BeGreaterThan(0);
        root.GetProperty("nca_entropy").GetDouble().Should().BeInRange(0, Math.Log(9) + 1e-6);
        root.GetProperty("val_bpb").GetDouble().Should().BeInRange(0.5, 9);
    }

    [Fact]
    public void Gf16_with_a_narrow_hidden_layer_is_refused_naming_inv3()
    {
        var (code, _, stderr) = NeedleProcess.Run("train", "--model", "TRAIN_V2", "--format", "GF16", "--hidden", "128", "--steps", "5");
        code.Should().Be(2);
        stderr.Should().Contain("INV-3").And.Contain("256");
    }

    [Fact]
    public void Unknown_models_are_refused_with_the_known_families()
    {
        var (code, _, stderr) = NeedleProcess.Run("train", "--model", "TRINITY3K", "--steps", "5");
        code.Should().Be(2);
        stderr.Should().Contain("TRAIN_V2").And.Contain("HYBRID").And.Contain("JEPA-T");
    }

    [Theory]
    [InlineData("--layers", "6", "TRAIN_V2")]
    [InlineData("--activation", "relu2", "HYBRID")]
    [InlineData("--qk-gain", "2", "attn")]
    [InlineData("--jepa-mask", "0.2", "HYBRID")]
    public void An_option_the_family_does_not_read_is_refused_naming_the_option_and_the_family(string option, string value, string model)
    {
        var (code, _, stderr) = NeedleProcess.Run("train", "--model", model, option, value, "--steps", "1");
        code.Should().Be(2);
        stderr.Should().Contain(option).And.Contain(model);
    }

    [Fact]
    public void Nca_weight_without_nca_and_betas_under_sgd_are_refused()
    {
        var (code, _, stderr) = NeedleProcess.Run("train", "--nca-weight", "0.3", "--steps", "1");
        code.Should().Be(2);
        stderr.Should().Contain("--nca-weight").And.Contain("--nca");
        (code, _, stderr) = NeedleProcess.Run("train", "--optimizer", "sgd", "--beta2", "0.99", "--steps", "1");
        code.Should().Be(2);
        stderr.Should().Contain("--beta2").And.Contain("sgd");
    }
}

using System.Text.Json;

namespace Needle.Cli.Tests.Formats;

/// <summary><c>needle format encode|decode</c> end to end, through the real needle.dll in a child process.</summary>
public sealed class FormatVerbTests
{
    private static string[] Lines(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Encode_prints_one_hex_code_per_value_including_specials_and_negatives()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("format", "encode", "--format", "FP16", "1", "-1.5", "65504", "65520", "nan", "-inf", "1e-8");
        code.Should().Be(0, stderr);
        Lines(stdout).Should().Equal("0x3C00", "0xBE00", "0x7BFF", "0x7C00", "0x7E00", "0xFC00", "0x0000");
    }

    [Fact]
    public void Decode_prints_one_value_per_code_spelling_nan_and_infinities()
    {
        var (code, stdout, stderr) = NeedleProcess.Run("format", "decode", "--format", "FP8E5M2", "0x3C", "7c", "0xFC", "0x7F", "0x80", "0x01");
        code.Should().Be(0, stderr);
        Lines(stdout).Should().Equal("1", "inf", "-inf", "nan", "-0", "1.5258789E-05");
    }

    [Fact]
    public void Json_is_the_last_line_and_carries_code_and_value_for_each_input()
    {
        var (code, stdout, _) = NeedleProcess.Run("format", "encode", "--format", "GF16", "--json", "1.9999", "1e30");
        code.Should().Be(0);
        using var doc = JsonDocument.Parse(Lines(stdout)[^1]);
        doc.RootElement.GetProperty("ok").GetBoolean().Should().BeTrue();
        doc.RootElement.GetProperty("format").GetString().Should().Be("GF16");
        var results = doc.RootElement.GetProperty("results").EnumerateArray().ToList();
        results.Select(r => r.GetProperty("code").GetString()).Should().Equal("0x1FFF", "0x7DFF"); // truncated; saturated
        results[0].GetProperty("value").GetString().Should().Be("1.9980469");
    }

    [Fact]
    public void Fp8E4M3_overflow_mode_is_selectable_and_refused_elsewhere()
    {
        NeedleProcess.Run("format", "encode", "--format", "FP8E4M3", "500", "inf").StdOut.Should().Be($"0x7E{Environment.NewLine}0x7E{Environment.NewLine}");
        var (code, stdout, _) = NeedleProcess.Run("format", "encode", "--format", "FP8E4M3", "--overflow", "nan", "500", "inf");
        code.Should().Be(0);
        Lines(stdout).Should().Equal("0x7F", "0x7F");
        var refused = NeedleProcess.Run("format", "encode", "--format", "FP16", "--overflow", "nan", "1");
        refused.ExitCode.Should().Be(2);
        refused.StdErr.Should().Contain("--overflow applies only to FP8E4M3");
    }

    [Theory]
    [InlineData("encode 1", "missing --format", "GF16")]
    [InlineData("encode --format BF16 1 abc", "VALUE 'abc' (argument 2)", "nan, inf, -inf")]
    [InlineData("decode --format FP8E5M2 0x3C 0x100", "HEX '0x100' (argument 2)", "1–2 hex digits")]
    [InlineData("decode --format FP16 zz", "HEX 'zz' (argument 1)", "0x3C00")]
    public void Bad_arguments_exit_2_and_name_the_argument_and_the_fix(string args, string what, string fix)
    {
        var (code, stdout, stderr) = NeedleProcess.Run(["format", .. args.Split(' ')]);
        code.Should().Be(2);
        stderr.Should().Contain(what).And.Contain(fix);
        stdout.Should().BeEmpty("nothing is printed for a run that failed");
    }

    [Theory]
    [InlineData("--format", "FP17", "FP32, FP16, BF16, FP8E4M3, FP8E5M2, DLFLOAT, GF16")]
    [InlineData("--overflow", "wrap", "saturate, nan")]
    public void An_unknown_choice_is_a_parse_error_naming_the_allowed_values(string option, string value, string allowed)
    {
        string[] args = option == "--format" ? ["format", "encode", "--format", value, "1"] : ["format", "encode", "--format", "FP8E4M3", "--overflow", value, "1"];
        var (code, _, stderr) = NeedleProcess.Run(args);
        code.Should().Be(2);
        stderr.Should().Contain($"{option}: '{value}' is not one of {allowed}.");
    }

    [Fact]
    public void A_format_in_any_letter_case_is_the_registry_spelling() =>
        NeedleProcess.Run("format", "encode", "--format", "bf16", "--json", "1").StdOut.Should().Contain("\"format\":\"BF16\"");

    [Fact]
    public void A_json_error_is_still_a_json_last_line()
    {
        var (code, stdout, _) = NeedleProcess.Run("format", "decode", "--format", "DLFLOAT", "--json", "0x10000");
        code.Should().Be(2);
        using var doc = JsonDocument.Parse(Lines(stdout)[^1]);
        doc.RootElement.GetProperty("ok").GetBoolean().Should().BeFalse();
        doc.RootElement.GetProperty("error").GetString().Should().Contain("0x10000");
    }

    [Fact]
    public void Help_describes_both_subcommands()
    {
        var (code, stdout, _) = NeedleProcess.Run("format", "--help");
        code.Should().Be(0);
        stdout.Should().Contain("encode").And.Contain("decode");
    }
}

/// <summary><c>needle format list</c>: the registry as a table and as JSON.</summary>
public sealed class FormatListTests
{
    [Fact]
    public void List_names_every_format_with_its_layout_and_range()
    {
        var (code, stdout, _) = NeedleProcess.Run("format", "list", "--json");
        code.Should().Be(0);
        using var doc = System.Text.Json.JsonDocument.Parse(stdout.Trim().Split('\n')[^1]);
        var rows = doc.RootElement.EnumerateArray().ToList();
        rows.Select(r => r.GetProperty("name").GetString()).Distinct()
            .Should().Equal("FP32", "FP16", "BF16", "FP8E4M3", "FP8E5M2", "DLFLOAT", "GF16");
        var gf16 = rows.Single(r => r.GetProperty("name").GetString() == "GF16");
        gf16.GetProperty("layout").GetString().Should().Be("1:6:9");
        gf16.GetProperty("bias").GetInt32().Should().Be(15);
        gf16.GetProperty("rounding").GetString().Should().Be("toward-zero");
        rows.Where(r => r.GetProperty("name").GetString() == "FP8E4M3").Select(r => r.GetProperty("overflow").GetString())
            .Should().Equal("saturate (default)", "nan (--overflow nan)");
    }
}

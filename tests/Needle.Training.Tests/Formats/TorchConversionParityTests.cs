using System.Diagnostics;
using System.Runtime.InteropServices;
using Needle.Training.Formats;

namespace Needle.Training.Tests.Formats;

/// <summary>
/// FP16 and BF16 against PyTorch's float32 → float16/bfloat16 conversions on a million seeded random floats
/// (half arbitrary bit patterns, half spread over the formats' ranges). Needs /usr/bin/python3 with torch.
/// </summary>
public sealed class TorchConversionParityTests
{
    private const string Python = "/usr/bin/python3";
    private const int Count = 1_000_000;

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Parity)]
    public void Fp16_and_bf16_agree_with_pytorch_on_a_million_random_floats()
    {
        NativeTool.RequireExecutable(Python, "-c \"import torch, numpy\"", "apt-get install python3-torch python3-numpy");
        var values = RandomFloats(seed: 1_000_003);
        var dir = Directory.CreateTempSubdirectory("needle-parity-");
        try
        {
            var input = Path.Combine(dir.FullName, "values.f32");
            var output = Path.Combine(dir.FullName, "bits.u16");
            File.WriteAllBytes(input, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            RunOracle(input, output);
            var bits = MemoryMarshal.Cast<byte, ushort>(File.ReadAllBytes(output)).ToArray();
            bits.Length.Should().Be(2 * Count, "the oracle writes one fp16 and one bf16 code per value");

            Compare(NumberFormats.Fp16, values, bits.AsSpan(0, Count));
            Compare(NumberFormats.Bf16, values, bits.AsSpan(Count, Count));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Compare(MiniFloatCodec f, float[] values, ReadOnlySpan<ushort> torchBits)
    {
        var mismatches = new List<string>();
        var nonNaN = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var ours = f.Encode(values[i]);
            bool agree;
            if (float.IsNaN(values[i])) agree = f.IsNaN(ours) && f.IsNaN(torchBits[i]); // NaN payloads/signs differ by design
            else { agree = ours == torchBits[i]; nonNaN++; }
            if (!agree && mismatches.Count < 10)
                mismatches.Add($"{values[i]:R} (0x{BitConverter.SingleToUInt32Bits(values[i]):X8}): needle 0x{ours:X4}, torch 0x{torchBits[i]:X4}");
        }
        mismatches.Should().BeEmpty($"{f.Name} must match torch bit for bit");
        nonNaN.Should().BeGreaterThan(values.Length * 9 / 10);
    }

    private static void RunOracle(string input, string output)
    {
        var script = RepoPaths.InRepo("tests", "Needle.Training.Tests", "Formats", "torch_fp_parity.py");
        var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(input);
        psi.ArgumentList.Add(output);
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.Should().Be(0, $"the torch oracle {script} failed: {stderr.Result}");
    }

    private static float[] RandomFloats(int seed)
    {
        var rng = new Random(seed);
        var values = new float[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = i % 2 == 0
                ? BitConverter.UInt32BitsToSingle((uint)rng.NextInt64(0, 1L << 32))
                : (float)((rng.NextDouble() * 2 - 1) * Math.ScaleB(1.0, rng.Next(-30, 20)));
        }
        return values;
    }
}

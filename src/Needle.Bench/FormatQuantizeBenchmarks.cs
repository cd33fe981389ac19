using BenchmarkDotNet.Attributes;
using Needle.Training.Formats;

namespace Needle.Bench;

/// <summary>
/// Fake-quantisation throughput per number format against a plain copy of the same span — the floor any
/// "train in a format" forward pass pays per weight. Input: a 256×256 weight matrix (65,536 floats) of
/// N(0, 0.02)-like values, the scale the race initialises weights at, so the common (normal-number) path is what
/// gets timed. Run: dotnet run -c Release --project src/Needle.Bench -- --filter '*FormatQuantize*'
/// </summary>
[MemoryDiagnoser]
public class FormatQuantizeBenchmarks
{
    private float[] _source = [];
    private float[] _destination = [];
    private INumberFormat _format = NumberFormats.Fp32;

    /// <summary>Values per span (a 256×256 matrix).</summary>
    [Params(65_536)]
    public int Length { get; set; }

    /// <summary>The canon format name.</summary>
    [ParamsSource(nameof(FormatNames))]
    public string Format { get; set; } = NumberFormats.Fp32Name;

    public static IEnumerable<string> FormatNames => NumberFormats.Names;

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(20261121);
        _source = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            // Box–Muller: normal weights with σ = 0.02.
            var u1 = 1.0 - rng.NextDouble();
            var u2 = rng.NextDouble();
            _source[i] = (float)(0.02 * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        _destination = new float[Length];
        _format = NumberFormats.Get(Format);
    }

    /// <summary>The floor: moving the floats without touching them.</summary>
    [Benchmark(Baseline = true)]
    public void Copy() => _source.AsSpan().CopyTo(_destination);

    /// <summary>Round trip through the format, vectorised.</summary>
    [Benchmark]
    public void Quantize() => _format.Quantize(_source, _destination);
}

using SkiaSharp;

namespace Needle.Reporting.Tests;

/// <summary>What a screenshot shows, in numbers: how much of it is not background, and how many pixels have a given colour.</summary>
internal sealed class ScreenshotPixels
{
    private readonly SKColor[] _pixels;

    public ScreenshotPixels(string pngFile)
    {
        using var bitmap = SKBitmap.Decode(pngFile) ?? throw new InvalidDataException($"{pngFile} is not a decodable image");
        Width = bitmap.Width;
        Height = bitmap.Height;
        _pixels = bitmap.Pixels;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>Share of pixels that differ from white by more than a faint tint.</summary>
    public double NonBackgroundShare => _pixels.Count(p => 765 - (p.Red + p.Green + p.Blue) > 30) / (double)_pixels.Length;

    /// <summary>Variance of the luminance (0–255 scale): a blank page has 0.</summary>
    public double LuminanceVariance
    {
        get
        {
            var lum = _pixels.Select(p => 0.2126 * p.Red + 0.7152 * p.Green + 0.0722 * p.Blue).ToArray();
            var mean = lum.Average();
            return lum.Sum(l => (l - mean) * (l - mean)) / lum.Length;
        }
    }

    /// <summary>Pixels within <paramref name="tolerance"/> (per channel) of <paramref name="hex"/> (#RRGGBB).</summary>
    public int CountNear(string hex, int tolerance = 24)
    {
        var c = SKColor.Parse(hex);
        return _pixels.Count(p => Math.Abs(p.Red - c.Red) <= tolerance && Math.Abs(p.Green - c.Green) <= tolerance && Math.Abs(p.Blue - c.Blue) <= tolerance);
    }
}

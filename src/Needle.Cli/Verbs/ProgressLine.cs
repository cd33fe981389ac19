using System.Diagnostics;
using System.Globalization;
using Needle.Training.Run;

namespace Needle.Cli.Verbs;

/// <summary>
/// A progress bar on stderr (step, loss, BPB, tokens/s, ETA): redrawn in place on a terminal, otherwise printed
/// at every validation and every 10% so logs stay readable. stdout stays clean for the --json line.
/// </summary>
internal sealed class ProgressLine(long steps)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly bool _interactive = !CliConsole.IsErrorRedirected;
    private long _lastDraw = -1;

    public void Report(TrainProgress p)
    {
        bool milestone = p.SampledValBpb is not null || p.Step == p.Steps || p.Step % Math.Max(1, steps / 10) == 0;
        if (_interactive && !milestone && _clock.ElapsedMilliseconds - _lastDraw < 100) return;
        if (!_interactive && !milestone) return;
        _lastDraw = _clock.ElapsedMilliseconds;
        double frac = (double)p.Step / Math.Max(1, p.Steps);
        int filled = (int)(frac * 24);
        double eta = p.TokensPerSecond > 0 && frac > 0 ? _clock.Elapsed.TotalSeconds * (1 - frac) / frac : 0;
        string val = p.SampledValBpb is { } v ? $" val BPB≈{v:F4} (sampled) ema {p.BpbEma:F4}" : "";
        string line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', 24 - filled)}] step {p.Step}/{p.Steps} loss {p.Loss:F4} BPB={p.Loss / Math.Log(2):F4} lr {p.LearningRate:G3} {p.TokensPerSecond:F0} tok/s ETA {eta:F0}s{val}");
        if (_interactive && p.SampledValBpb is null) CliConsole.Error.Write("\r" + line.PadRight(120));
        else CliConsole.Error.WriteLine((_interactive ? "\r" : "") + line);
    }

    public void Finish()
    {
        if (_interactive) CliConsole.Error.WriteLine();
    }
}

using System.Diagnostics;
using System.Globalization;

namespace Needle.Cli.Tests.Workers;

/// <summary>
/// A real `needle race` worker process (dotnet needle.dll …) whose stdout is read line by line as it runs, so a test
/// can act at a moment the worker itself announces (its k-th report) instead of sleeping.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _waiters = [];
    private readonly System.Text.StringBuilder _stderr = new();
    private int _reports;

    private WorkerProcess(string name, IReadOnlyDictionary<string, string> environment, IEnumerable<string> args)
    {
        Name = name;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(NeedleProcess.DllPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) => { if (e.Data is { } line) OnLine(line); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) lock (_stderr) _stderr.AppendLine(line); };
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) =>
        {
            lock (_lines) foreach (var (_, tcs) in _waiters) tcs.TrySetException(new InvalidOperationException($"worker {Name} exited before reporting enough; stderr:\n{Stderr}"));
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    public static WorkerProcess Start(string name, IReadOnlyDictionary<string, string> environment, params string[] args) => new(name, environment, args);

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    /// <summary>Completes when the worker has announced <paramref name="count"/> stored reports (or fails if it exits first).</summary>
    public Task Reported(int count)
    {
        lock (_lines)
        {
            if (_reports >= count) return Task.CompletedTask;
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, tcs));
            return tcs.Task;
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL: no handler, no flush, no finally.</summary>
    public void Kill() => _process.Kill();

    public async Task<int> ExitAsync(TimeSpan limit)
    {
        using var cts = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"worker {Name} did not finish within {limit.TotalSeconds} s; stderr:\n{Stderr}");
        }
        _process.WaitForExit(); // drain the redirected streams
        return _process.ExitCode;
    }

    /// <summary>(trial, step, bpb) of every "report" line.</summary>
    public IEnumerable<(long Trial, long Step, double Bpb)> Reports => Lines.Select(ParseReport).OfType<(long, long, double)>();

    /// <summary>(trial, from, until) of every "segment" line.</summary>
    public IEnumerable<(long Trial, long From, long Until)> Segments =>
        Lines.Select(l => l.Split(' ')).Where(p => p.Length == 4 && p[0] == "segment")
            .Select(p => (long.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture), long.Parse(p[3], CultureInfo.InvariantCulture)));

    public static (long Trial, long Step, double Bpb)? ParseReport(string line)
    {
        var p = line.Split(' ');
        return p.Length == 4 && p[0] == "report"
            ? (long.Parse(p[1], CultureInfo.InvariantCulture), long.Parse(p[2], CultureInfo.InvariantCulture), double.Parse(p[3], CultureInfo.InvariantCulture))
            : null;
    }

    public void Dispose()
    {
        try { if (!_process.HasExited) _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* gone */ }
        _process.Dispose();
        lock (_lines) foreach (var (_, tcs) in _waiters) tcs.TrySetCanceled();
    }

    private void OnLine(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
            if (ParseReport(line) is null) return;
            _reports++;
            foreach (var w in _waiters.Where(w => w.Count <= _reports).ToList())
            {
                _waiters.Remove(w);
                w.Reached.TrySetResult();
            }
        }
    }
}

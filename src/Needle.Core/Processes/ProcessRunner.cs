using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;

namespace Needle.Core.Processes;

/// <summary>
/// The one way Needle runs another program (git, coqc, python3, a worker copy of itself) to completion: no shell
/// (arguments go as a list, so nothing is re-parsed or globbed), both streams drained while it runs (a chatty child
/// never blocks on a full pipe), and at the timeout the whole process tree is stopped. A program that is not
/// installed throws <see cref="Win32Exception"/>; the caller knows what to tell the user to install.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="executable"/> and waits for it (see <see cref="RunAsync"/>).</summary>
    public static ProcessOutcome Run(
        string executable, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null,
        IEnumerable<string>? unsetEnvironment = null) =>
        RunAsync(executable, arguments, workingDirectory, timeout, unsetEnvironment).GetAwaiter().GetResult();

    /// <summary>
    /// Starts <paramref name="executable"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/>
    /// (default: the current one), without the environment variables named in <paramref name="unsetEnvironment"/>,
    /// and completes when it has exited and both streams are read; no timeout waits as long as it runs.
    /// </summary>
    public static async Task<ProcessOutcome> RunAsync(
        string executable, IEnumerable<string> arguments, string? workingDirectory = null, TimeSpan? timeout = null,
        IEnumerable<string>? unsetEnvironment = null)
    {
        ArgumentNullException.ThrowIfNull(executable);
        ArgumentNullException.ThrowIfNull(arguments);
        var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        foreach (var name in unsetEnvironment ?? []) psi.Environment.Remove(name);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {executable}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = false;
        using (var deadline = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan))
        {
            try
            {
                await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        var output = await stdout.ConfigureAwait(false);
        var error = await stderr.ConfigureAwait(false);
        if (!timedOut) return new ProcessOutcome(process.ExitCode, output, error);
        var stopped = string.Create(CultureInfo.InvariantCulture, $"{executable} did not finish within {timeout!.Value.TotalSeconds:0} s and was stopped.\n");
        return new ProcessOutcome(-1, output, stopped + error) { TimedOut = true };
    }

    /// <summary>The full path of <paramref name="name"/> in a folder of PATH, or null.</summary>
    public static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

using System.Diagnostics;

namespace Needle.Testing;

/// <summary>Runs the real <c>needle</c> executable (built beside the test assembly) as a child process.</summary>
public static class NeedleProcess
{
    /// <summary>The path of needle.dll next to the calling test assembly (test projects reference Needle.Cli).</summary>
    public static string DllPath => Path.Combine(AppContext.BaseDirectory, "needle.dll");

    public static (int ExitCode, string StdOut, string StdErr) Run(params string[] args) =>
        RunIn(RepoPaths.Root, null, args);

    public static (int ExitCode, string StdOut, string StdErr) RunIn(
        string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        psi.ArgumentList.Add(DllPath);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null)
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

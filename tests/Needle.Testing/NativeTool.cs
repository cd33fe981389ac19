using System.Diagnostics;
using Xunit;

namespace Needle.Testing;

/// <summary>
/// A test's need for a native tool (coqc, python3 with torch, libxgboost, a PostgreSQL server). Missing tools
/// skip the test with the install hint on a developer machine, and fail it under CI=true so CI can never
/// pass by skipping (DESIGN.md §3).
/// </summary>
public static class NativeTool
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Skips (or, in CI, fails) the current test unless <paramref name="available"/>.</summary>
    public static void Require(bool available, string what, string installHint)
    {
        if (available) return;
        var message = $"{what} is not available. Install it with: {installHint} (ci/setup does this).";
        if (InCi) Assert.Fail(message + " CI=true, so this is a failure, not a skip.");
        Assert.Skip(message);
    }

    /// <summary>Skips/fails unless <paramref name="executable"/> runs with <paramref name="probeArgs"/> and exits 0.</summary>
    public static void RequireExecutable(string executable, string probeArgs, string installHint) =>
        Require(Runs(executable, probeArgs), executable, installHint);

    /// <summary>True when the program starts and exits 0 within 60 s.</summary>
    public static bool Runs(string executable, string args)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(executable, args)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (p is null) return false;
            p.StandardOutput.ReadToEndAsync();
            p.StandardError.ReadToEndAsync();
            return p.WaitForExit(60_000) && p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

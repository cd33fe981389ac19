using System.Diagnostics;

namespace Needle.Core.Tests.Gates;

/// <summary>Asks git about this checkout (for facts a test must establish independently of the oracle under test).</summary>
internal static class RepoGit
{
    public static string Run(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-C", RepoPaths.Root }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        p.ExitCode.Should().Be(0, error.Result);
        return output.Result.Trim();
    }
}

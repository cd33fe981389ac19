using System.Diagnostics;

namespace Needle.Reporting.Tests;

/// <summary>
/// Debian's <c>chromium</c> in headless mode, to see a page the way a person would: it loads a local file and saves a
/// PNG screenshot of the viewport. Missing → skip with the install hint, or fail under CI=true (<see cref="NativeTool"/>).
/// </summary>
internal static class HeadlessChromium
{
    public const string Executable = "chromium";
    public const string InstallHint = "apt-get install chromium";

    public static void Require() => NativeTool.RequireExecutable(Executable, "--version", InstallHint);

    /// <summary>Screenshots <paramref name="htmlFile"/> at <paramref name="width"/>×<paramref name="height"/> into <paramref name="pngFile"/>.</summary>
    public static void Screenshot(string htmlFile, string pngFile, int width, int height)
    {
        var profile = Directory.CreateTempSubdirectory("needle-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
            foreach (var a in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                         "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                         $"--window-size={width},{height}", "--screenshot=" + pngFile, new Uri(htmlFile).AbsoluteUri,
                     })
                info.ArgumentList.Add(a);
            using var p = Process.Start(info) ?? throw new InvalidOperationException($"{Executable} did not start");
            var stderr = p.StandardError.ReadToEndAsync();
            _ = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(entireProcessTree: true);
                throw new TimeoutException($"{Executable} did not finish a screenshot of {htmlFile} within 120 s");
            }
            if (p.ExitCode != 0 || !File.Exists(pngFile))
                throw new InvalidOperationException($"{Executable} exited {p.ExitCode} without a screenshot of {htmlFile}: {stderr.Result}");
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { /* profile of a finished browser: best effort */ }
        }
    }
}

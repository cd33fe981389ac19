namespace Needle.Cli;

/// <summary>
/// The console every verb writes to: the process's own, or — inside <see cref="NeedleCli.InvokeAsync(string[], TextWriter, TextWriter, CancellationToken)"/>
/// — the writers a caller passed, so a test runs a verb in-process and reads what it printed. The override flows with
/// the async call (an <see cref="AsyncLocal{T}"/>): tests running verbs side by side never see each other's output.
/// </summary>
public static class CliConsole
{
    private static readonly AsyncLocal<Writers?> Current = new();

    public static TextWriter Out => Current.Value?.Out ?? Console.Out;

    public static TextWriter Error => Current.Value?.Error ?? Console.Error;

    /// <summary>True when output is not a terminal (a pipe, a file, or a caller's writer): no live progress bars.</summary>
    public static bool IsOutputRedirected => Current.Value is not null || Console.IsOutputRedirected;

    /// <inheritdoc cref="IsOutputRedirected"/>
    public static bool IsErrorRedirected => Current.Value is not null || Console.IsErrorRedirected;

    /// <summary>Routes this async flow's output to <paramref name="output"/> and <paramref name="error"/>.</summary>
    internal static void Use(TextWriter output, TextWriter error) => Current.Value = new Writers(output, error);

    private sealed record Writers(TextWriter Out, TextWriter Error);
}

using Needle.Core.Checkouts;

namespace Needle.Training.Data;

/// <summary>
/// Finds TinyShakespeare: <c>NEEDLE_CORPUS</c> if set, else <c>../shared/data/tinyshakespeare.txt</c> beside the
/// checkout (<see cref="CheckoutLocator"/>), else beside the current directory. The corpus is never copied into the
/// repository.
/// </summary>
public static class CorpusLocator
{
    public const string EnvironmentVariable = "NEEDLE_CORPUS";
    private static readonly string[] Relative = ["..", "shared", "data", "tinyshakespeare.txt"];

    /// <summary>The path to use; it may not exist (<see cref="TinyShakespeare.Load(string)"/> says what to do then).</summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) return Path.GetFullPath(env);
        var root = CheckoutLocator.Find() ?? Directory.GetCurrentDirectory();
        return Path.GetFullPath(Path.Combine([root, .. Relative]));
    }
}

namespace Needle.Training.Data;

/// <summary>
/// Finds TinyShakespeare: <c>NEEDLE_CORPUS</c> if set, else <c>../shared/data/tinyshakespeare.txt</c> beside the
/// checkout (searched upward from the current directory and from the executable's folder for a folder holding
/// Needle.sln), else beside the current directory. The corpus is never copied into the repository.
/// </summary>
public static class CorpusLocator
{
    public const string EnvironmentVariable = "NEEDLE_CORPUS";
    private static readonly string[] Relative = ["..", "shared", "data", "tinyshakespeare.txt"];

    /// <summary>The path to use; it may not exist (<see cref="TinyShakespeare.Load(string)"/> says what to do then).</summary>
    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env) return Path.GetFullPath(env);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Needle.sln")))
                    return Path.GetFullPath(Path.Combine([dir.FullName, .. Relative]));
            }
        }
        return Path.GetFullPath(Path.Combine([Directory.GetCurrentDirectory(), .. Relative]));
    }
}

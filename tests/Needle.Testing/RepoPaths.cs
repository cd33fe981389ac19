namespace Needle.Testing;

/// <summary>Finds the checkout (the folder holding Needle.sln) and shared/ beside it, from any test's bin folder.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the test assembly that holds Needle.sln.</summary>
    public static string Root => RootLazy.Value;

    /// <summary>shared/ beside the checkout (DESIGN.md: the corpus lives at ../shared/data).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The corpus: NEEDLE_CORPUS if set, else ../shared/data/tinyshakespeare.txt.</summary>
    public static string Corpus =>
        Environment.GetEnvironmentVariable("NEEDLE_CORPUS") is { Length: > 0 } env
            ? env
            : Path.Combine(Shared, "data", "tinyshakespeare.txt");

    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Needle.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException(
            $"Needle.sln not found above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}

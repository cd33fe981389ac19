namespace Needle.Core.Checkouts;

/// <summary>
/// Finds the checkout of this repository a command works against — the nearest folder holding
/// <see cref="Marker"/> — above the given starting points (a file or a folder), then above the working directory,
/// then above the folder the running program was loaded from (a build output inside a checkout), in that order.
/// Every command that reads committed files (assertions/, data/, the corpus in ../shared) starts here.
/// </summary>
public static class CheckoutLocator
{
    /// <summary>The file only the repository's root folder holds.</summary>
    public const string Marker = "Needle.sln";

    /// <summary>The checkout's root folder, or null when no starting point lies inside one.</summary>
    public static string? Find(params string?[] startingPoints)
    {
        ArgumentNullException.ThrowIfNull(startingPoints);
        foreach (var start in startingPoints.Append(Directory.GetCurrentDirectory()).Append(AppContext.BaseDirectory))
        {
            if (string.IsNullOrEmpty(start)) continue;
            var full = Path.GetFullPath(start);
            for (var dir = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full).Directory; dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, Marker))) return dir.FullName;
            }
        }
        return null;
    }
}

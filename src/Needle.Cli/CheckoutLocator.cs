using Needle.Core.Gates;

namespace Needle.Cli;

/// <summary>
/// Finds the checkout a command works against — the folder holding assertions/gates.json — from a starting
/// file, the working directory, or the folder needle runs from, in that order.
/// </summary>
internal static class CheckoutLocator
{
    public static string? Find(params string?[] startingPoints)
    {
        foreach (var start in startingPoints.Append(Directory.GetCurrentDirectory()).Append(AppContext.BaseDirectory))
        {
            if (string.IsNullOrEmpty(start)) continue;
            var full = Path.GetFullPath(start);
            for (var dir = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full).Directory; dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, GateBook.RelativePath))) return dir.FullName;
            }
        }
        return null;
    }
}

namespace Needle.Cli.Verbs;

/// <summary>Finds the checkout the audit should read: --root if given, else the nearest ancestor holding Needle.sln.</summary>
internal static class AuditRepoRoot
{
    public static string? Find(string? explicitRoot)
    {
        if (explicitRoot is { Length: > 0 }) return Directory.Exists(explicitRoot) ? Path.GetFullPath(explicitRoot) : null;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Needle.sln"))) return dir.FullName;
        return null;
    }
}

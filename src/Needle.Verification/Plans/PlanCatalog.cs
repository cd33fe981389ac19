namespace Needle.Search.Plans;

/// <summary>
/// The plans shipped in <c>plans/</c> (embedded in this assembly at build time, so a binary knows its own plans), and
/// loading a plan file from disk when a path is given.
/// </summary>
public static class PlanCatalog
{
    private const string Prefix = "plans/";

    /// <summary>The shipped plans' names, by phase then name.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(PlanCatalog).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
        .Select(n => n[Prefix.Length..^".json".Length])
        .OrderBy(n => n, StringComparer.Ordinal)
        .ToList();

    /// <summary>A shipped plan by name (<c>gate0</c>, <c>seed-hunt</c>, …).</summary>
    public static PlanFile Shipped(string name)
    {
        using var stream = typeof(PlanCatalog).Assembly.GetManifestResourceStream(Prefix + name + ".json")
                           ?? throw new PlanFileException($"plans/{name}.json: no such shipped plan (shipped: {string.Join(", ", Names)})");
        using var reader = new StreamReader(stream);
        return PlanLoader.Parse(reader.ReadToEnd(), Prefix + name + ".json");
    }

    /// <summary>A plan from a path, or a shipped one when <paramref name="pathOrName"/> is a shipped name or plans/NAME.json that is not on disk.</summary>
    public static (PlanFile Plan, string Path) Open(string pathOrName)
    {
        if (File.Exists(pathOrName)) return (PlanLoader.Load(pathOrName), pathOrName);
        var stem = Path.GetFileNameWithoutExtension(pathOrName);
        if (Names.Contains(stem)) return (Shipped(stem), Prefix + stem + ".json");
        throw new PlanFileException($"{pathOrName}: no such plan file, and no shipped plan '{stem}' (shipped: {string.Join(", ", Names)}); `needle plan list` shows them");
    }
}

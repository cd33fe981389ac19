using System.Reflection;

using Needle.Cli.Verbs;

namespace Needle.Cli.Race;

/// <summary>
/// The search spaces that ship with Needle (<c>spaces/*.json</c>, embedded in the binary so <c>needle race</c> works
/// from any directory): <c>default</c> (the seed-hunt space, what <c>needle race</c> runs with no options) and
/// <c>quick</c> (a race of seconds). <c>--space</c> takes one of these names or a path to a space file.
/// </summary>
public static class ShippedSpaces
{
    public const string DefaultName = "default";

    /// <summary>The names <c>--space</c> accepts besides a file path.</summary>
    public static IReadOnlyList<string> Names { get; } = ["default", "quick"];

    /// <summary>The space's JSON and the name errors should give it: a shipped space by name, else the file.</summary>
    public static (string Json, string Source) Resolve(string? space)
    {
        var name = space ?? DefaultName;
        if (Names.Contains(name, StringComparer.Ordinal) && !File.Exists(name))
            return (Read(name), $"spaces/{name}.json (shipped)");
        var path = Path.GetFullPath(name);
        if (!File.Exists(path))
            throw new CliInputException($"--space {name}: no such file and not a shipped space; give a space file or one of: {string.Join(", ", Names)} (docs/race.md).");
        return (File.ReadAllText(path), path);
    }

    /// <summary>The text of shipped space <paramref name="name"/>.</summary>
    public static string Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("spaces/" + name + ".json")
                           ?? throw new InvalidOperationException($"shipped space '{name}' is not embedded in the binary; rebuild Needle.Cli");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

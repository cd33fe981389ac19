using System.Reflection;
using Needle.Core.Falsification;

namespace Needle.Cli;

/// <summary>
/// Finds every <see cref="IFalsificationSuite"/> in the Needle assemblies beside needle.dll, so a vector
/// registers its suite by implementing the interface — nothing here changes when one is added.
/// </summary>
internal static class FalsificationSuites
{
    public static IReadOnlyList<IFalsificationSuite> Discover()
    {
        var assemblies = Directory.EnumerateFiles(AppContext.BaseDirectory, "Needle.*.dll")
            .Select(path => TryLoad(Path.GetFileNameWithoutExtension(path)))
            .Append(typeof(IFalsificationSuite).Assembly)
            .OfType<Assembly>()
            .Distinct();
        return assemblies
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IFalsificationSuite).IsAssignableFrom(t)
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .Select(t => (IFalsificationSuite)Activator.CreateInstance(t)!)
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
    }

    private static Assembly? TryLoad(string name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (Exception e) when (e is FileNotFoundException or BadImageFormatException or FileLoadException)
        {
            return null;
        }
    }
}

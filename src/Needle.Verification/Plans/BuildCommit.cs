using System.Reflection;

namespace Needle.Search.Plans;

/// <summary>
/// The commit this binary was built from: the SDK writes it after the '+' of the informational version
/// (<c>1.0.0+47a707f…</c>). "unknown" when the build had no git metadata — then no smoke verdict can match it.
/// </summary>
public static class BuildCommit
{
    public static string Current { get; } = Of(typeof(BuildCommit).Assembly);

    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus >= 0 && plus + 1 < version.Length ? version[(plus + 1)..] : "unknown";
    }
}

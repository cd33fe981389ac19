using System.Globalization;
using System.Reflection;
using Needle.Core.Invariants;

namespace Needle.Audit.Symbols;

/// <summary>
/// The symbol catalog over real, loaded assemblies. The CLI hands it the assemblies to reflect over (it references
/// them all; Needle.Audit references only Needle.Core). <see cref="ForNeedle"/> loads the same layers by name from
/// the host process — for hosts, such as the test projects, that reference every layer.
/// </summary>
public sealed class ReflectionSymbolCatalog : ISymbolCatalog
{
    private const BindingFlags AllMembers =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private readonly IReadOnlyList<Assembly> _assemblies;
    private readonly Lazy<IReadOnlyList<InvariantCitation>> _citations;

    public ReflectionSymbolCatalog(IEnumerable<Assembly> assemblies)
    {
        _assemblies = assemblies.Distinct().ToList();
        _citations = new Lazy<IReadOnlyList<InvariantCitation>>(FindCitations);
    }

    /// <summary>The layers that enforce invariants, by assembly name; the host must reference them all.</summary>
    public static readonly IReadOnlyList<string> NeedleAssemblies =
        ["Needle.Core", "Needle.Ledger", "Needle.Training", "Needle.Search", "Needle.Trials", "Needle.Verification", "Needle.Audit"];

    /// <summary>The layers of <see cref="NeedleAssemblies"/>, loaded by name from the host.</summary>
    public static ReflectionSymbolCatalog ForNeedle() =>
        new(NeedleAssemblies.Select(n => Assembly.Load(new AssemblyName(n))));

    public IReadOnlyList<string> AssemblyNames => _assemblies.Select(a => a.GetName().Name ?? a.FullName ?? "?").ToList();

    public IReadOnlyList<InvariantCitation> Citations => _citations.Value;

    public bool MemberExists(string fullName)
    {
        if (FindType(fullName) is not null) return true;
        var (type, member) = SplitMember(fullName);
        return type is not null && type.GetMember(member, AllMembers).Length > 0;
    }

    public ConstantValue? ReadConstant(string fullName, out string? whyNot)
    {
        var (type, member) = SplitMember(fullName);
        if (type is null)
        {
            whyNot = $"no type {TypePart(fullName)} in {string.Join(", ", AssemblyNames)}";
            return null;
        }
        object? raw;
        switch (type.GetMember(member, AllMembers).FirstOrDefault())
        {
            case FieldInfo { IsStatic: true } f:
                raw = f.IsLiteral ? f.GetRawConstantValue() : f.GetValue(null);
                break;
            case PropertyInfo p when p.GetMethod is { IsStatic: true } && p.GetIndexParameters().Length == 0:
                raw = p.GetValue(null);
                break;
            case null:
                whyNot = $"{type.FullName} has no member {member}";
                return null;
            default:
                whyNot = $"{fullName} is not a static field or property";
                return null;
        }
        if (raw is IConvertible c and not string and not bool and not char)
        {
            whyNot = null;
            return new ConstantValue(fullName, c.ToDouble(CultureInfo.InvariantCulture), type.Assembly.GetName().Name ?? "?");
        }
        whyNot = $"{fullName} is not numeric ({raw?.GetType().Name ?? "null"})";
        return null;
    }

    private IReadOnlyList<InvariantCitation> FindCitations()
    {
        var citations = new List<InvariantCitation>();
        foreach (var assembly in _assemblies)
        {
            var name = assembly.GetName().Name ?? "?";
            foreach (var type in LoadableTypes(assembly))
            {
                foreach (var a in type.GetCustomAttributes<InvariantAttribute>(false))
                    citations.Add(new InvariantCitation(a.Id, TypeName(type), name));
                foreach (var m in type.GetMembers(AllMembers).Where(m => m is not Type))
                foreach (var a in m.GetCustomAttributes<InvariantAttribute>(false))
                    citations.Add(new InvariantCitation(a.Id, $"{TypeName(type)}.{m.Name}", name));
            }
        }
        return citations.OrderBy(c => c.InvariantId, StringComparer.Ordinal).ThenBy(c => c.MemberFullName, StringComparer.Ordinal).ToList();
    }

    public Type? FindType(string fullName)
    {
        foreach (var assembly in _assemblies)
        {
            if (assembly.GetType(fullName, throwOnError: false) is { } t) return t;
            // Nested types are written Outer.Inner in the registry; reflection calls them Outer+Inner.
            for (var dot = fullName.LastIndexOf('.'); dot > 0; dot = fullName.LastIndexOf('.', dot - 1))
            {
                var candidate = fullName[..dot] + "+" + fullName[(dot + 1)..].Replace('.', '+');
                if (assembly.GetType(candidate, throwOnError: false) is { } nested) return nested;
            }
        }
        return null;
    }

    private (Type? Type, string Member) SplitMember(string fullName)
    {
        var dot = fullName.LastIndexOf('.');
        return dot <= 0 ? (null, fullName) : (FindType(fullName[..dot]), fullName[(dot + 1)..]);
    }

    private static string TypePart(string fullName) => fullName.LastIndexOf('.') is var d and > 0 ? fullName[..d] : fullName;

    private static string TypeName(Type t) => (t.FullName ?? t.Name).Replace('+', '.');

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.OfType<Type>(); }
    }
}

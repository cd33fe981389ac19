using System.Reflection;
using Needle.Audit.Symbols;

namespace Needle.Cli.Audit;

/// <summary>
/// The assemblies the audit reflects over — every layer below the CLI that enforces invariants. The CLI references
/// them all and hands them to the audit (Needle.Audit references only Needle.Core, so it cannot name them itself).
/// </summary>
public static class NeedleAssemblies
{
    /// <summary>One type from each layer, so the compiler, not a string, says the assembly exists.</summary>
    public static IReadOnlyList<Assembly> All { get; } =
    [
        typeof(Needle.Core.ConfigDigest).Assembly,
        typeof(Needle.Core.Gates.GateBook).Assembly,
        typeof(Needle.Training.Data.TinyShakespeare).Assembly,
        typeof(Needle.Search.History.HistoryTable).Assembly,
        typeof(Needle.Search.Running.EngineTrialRunner).Assembly,
        typeof(Needle.Search.Smoke.SmokeRace).Assembly,
        typeof(Needle.Audit.AuditRunner).Assembly,
    ];

    /// <summary>The symbol catalog over <see cref="All"/>.</summary>
    public static ReflectionSymbolCatalog Catalog() => new(All);
}

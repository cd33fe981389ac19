using Needle.Audit.Coq;
using Needle.Audit.Symbols;

namespace Needle.Audit;

/// <summary>
/// Where the audit looks and what it may use. Paths default to the repository layout (assertions/,
/// proofs/); tests point them at temporary copies. The symbol catalog and the coqc driver are injected so a
/// test can run the same checks against other assemblies or a shared compile cache.
/// </summary>
public sealed record AuditOptions
{
    public required string RepoRoot { get; init; }

    public string AssertionsPath { get; init; } = "";

    public string ProofsRoot { get; init; } = "";

    /// <summary>Only steps 1, 2, 6, 7, 8 and 9 (no coqc): what <c>dotnet build -t:Audit</c> runs.</summary>
    public bool StaticOnly { get; init; }

    /// <summary>The assemblies whose [Invariant] citations and constants are checked; null means
    /// <see cref="ReflectionSymbolCatalog.ForNeedle"/> (load <see cref="ReflectionSymbolCatalog.NeedleAssemblies"/> by name from the host).</summary>
    public ISymbolCatalog? Catalog { get; init; }

    /// <summary>The pre-registration seal rule (Needle.Ledger's, handed in by the caller); null skips that side of step 8.</summary>
    public Empirical.IPreregistrationSealCheck? SealCheck { get; init; }

    /// <summary>The coqc driver; null means locate coqc (NEEDLE_COQC or PATH) without a cache.</summary>
    public CoqCompiler? Compiler { get; init; }

    /// <summary>An Empirical claim without an evidence file is a finding (not only a loud "no verdict yet").</summary>
    public bool RequireEvidence { get; init; }

    /// <summary>Checks evidence files' commits; null means git in <see cref="RepoRoot"/>.</summary>
    public Empirical.IEvidenceCommits? Commits { get; init; }

    public string ResolvedAssertionsPath => AssertionsPath.Length > 0 ? AssertionsPath : Path.Combine(RepoRoot, "assertions", "igla_assertions.json");

    public string ResolvedProofsRoot => ProofsRoot.Length > 0 ? ProofsRoot : Path.Combine(RepoRoot, "proofs");

    /// <summary>A path as messages show it: relative to the repository root, with forward slashes.</summary>
    public string Display(string path) => Path.GetRelativePath(RepoRoot, path).Replace('\\', '/');
}

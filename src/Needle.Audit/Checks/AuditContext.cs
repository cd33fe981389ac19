using Needle.Audit.Coq;
using Needle.Audit.Registry;

namespace Needle.Audit.Checks;

/// <summary>What the steps share: the options, the parsed registry and every .v file's index.</summary>
public sealed class AuditContext
{
    public AuditContext(AuditOptions options, AssertionRegistry registry)
    {
        Options = options;
        Registry = registry;
        var root = options.ResolvedProofsRoot;
        var projectPath = Path.Combine(root, "_CoqProject");
        ProjectPath = options.Display(projectPath);
        Project = File.Exists(projectPath) ? CoqProjectFile.Parse(File.ReadAllText(projectPath)) : null;
        Indexes = Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*.v", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .ToDictionary(f => options.Display(f), f => CoqIndex.Parse(options.Display(f), File.ReadAllText(f)))
            : [];
    }

    public AuditOptions Options { get; }

    public AssertionRegistry Registry { get; }

    /// <summary>proofs/_CoqProject, or null when it is missing.</summary>
    public CoqProjectFile? Project { get; }

    public string ProjectPath { get; }

    /// <summary>Every .v under proofs/, keyed by its repository-relative path (proofs/igla/Trinity.v).</summary>
    public IReadOnlyDictionary<string, CoqIndex> Indexes { get; }

    /// <summary>A registry coq_file (repository-relative) as a path relative to proofs/ (as _CoqProject lists it).</summary>
    public string ProjectRelative(string coqFile) =>
        Path.GetRelativePath(Options.ResolvedProofsRoot, Path.Combine(Options.RepoRoot, coqFile)).Replace('\\', '/');

    /// <summary>A _CoqProject file as a repository-relative path.</summary>
    public string RepoRelative(string projectFile) => Options.Display(Path.Combine(Options.ResolvedProofsRoot, projectFile));

    /// <summary>"assertions/igla_assertions.json:12", for pointing back at an entry.</summary>
    public string At(int line) => $"{Registry.Path}:{line}";
}

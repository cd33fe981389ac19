using Needle.Audit.Coq;

namespace Needle.Audit.Tests.Support;

/// <summary>
/// One coqc driver with a compile cache shared by every coqc-driven test class in this assembly (they run in
/// the <see cref="CoqCollection"/>, one after another, so the cache is never written twice at once). The
/// first full compile fills the cache; a planted fault then recompiles only the file it touched and its
/// dependents.
/// </summary>
public sealed class CoqFixture : IDisposable
{
    private readonly string _cache = Path.Combine(Path.GetTempPath(), "needle-coq-cache-" + Guid.NewGuid().ToString("N"));

    public CoqFixture()
    {
        var coqc = CoqCompiler.Locate();
        Compiler = coqc is null ? null : new CoqCompiler(coqc, _cache);
        _baseline = new Lazy<Reporting.AuditReport>(() =>
        {
            using var pristine = new AuditSandbox();
            return RunFull(pristine);
        });
        _repository = new Lazy<Reporting.AuditReport>(() =>
            AuditRunner.Run(new AuditOptions { RepoRoot = RepoPaths.Root, Compiler = Require(), Catalog = Needle.Audit.Symbols.ReflectionSymbolCatalog.ForNeedle() }));
    }

    private readonly Lazy<Reporting.AuditReport> _baseline;

    /// <summary>The full audit of an unmodified sandbox copy: what a planted fault is compared against.</summary>
    public Reporting.AuditReport Baseline => _baseline.Value;

    private readonly Lazy<Reporting.AuditReport> _repository;

    /// <summary>The full audit of the repository itself (real proofs/, real assemblies), run once for every test that reads it.</summary>
    public Reporting.AuditReport Repository => _repository.Value;

    /// <summary>Runs the full audit (all seven steps) on a sandbox with this fixture's cached compiler.</summary>
    // A sandbox is a copy without .git: its evidence files' commits are the checkout's, so they are checked there.
    public Reporting.AuditReport RunFull(AuditSandbox sandbox) =>
        AuditRunner.Run(new AuditOptions
        {
            RepoRoot = sandbox.Root, Compiler = Require(), Commits = new Needle.Audit.Empirical.GitEvidenceCommits(RepoPaths.Root),
        });

    /// <summary>Null when coqc is absent; tests call <see cref="Require"/> first.</summary>
    public CoqCompiler? Compiler { get; }

    /// <summary>Skips the test with the install hint (fails it under CI=true) when coqc is missing.</summary>
    public CoqCompiler Require()
    {
        NativeTool.Require(Compiler is not null, "coqc (Coq 8.16)", CoqCompiler.InstallHint);
        return Compiler!;
    }

    public void Dispose()
    {
        try { if (Directory.Exists(_cache)) Directory.Delete(_cache, recursive: true); }
        catch (IOException) { /* temp folder */ }
    }
}

/// <summary>The serial collection for every test class that runs coqc.</summary>
[CollectionDefinition(Name)]
public sealed class CoqCollection : ICollectionFixture<CoqFixture>
{
    public const string Name = "coqc";
}

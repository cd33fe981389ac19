using System.Reflection;

namespace Needle.Core.Git;

/// <summary>Whether the tree a binary was built from matched its commit.</summary>
public enum BuildTreeState
{
    /// <summary>Built from exactly <see cref="BuildCommit.Sha"/>: no tracked file differed from it.</summary>
    Clean,
    /// <summary>Tracked files had uncommitted changes: the binary is not the code of any commit.</summary>
    Dirty,
    /// <summary>No commit could be read at build time (no git, not a checkout).</summary>
    Unknown,
}

/// <summary>
/// The commit the running <c>needle</c> was built from, as the build embedded it into Needle.Core
/// (Directory.Build.targets runs <c>git rev-parse HEAD</c> and <c>git status --porcelain --untracked-files=no</c> and
/// writes both into [AssemblyMetadata]). The one source of "which code ran": `ledger emit` stamps it into every row's
/// sha, a plan's ledger rows and smoke verdicts are keyed by it, and the history export records it per trial.
/// </summary>
public sealed record BuildCommit(string? Sha, BuildTreeState State)
{
    public const string CommitKey = "NeedleCommit";
    public const string TreeKey = "NeedleTree";

    /// <summary>This build's commit (read once from Needle.Core, where the build embeds it).</summary>
    public static BuildCommit Current { get; } = Of(typeof(BuildCommit).Assembly);

    /// <summary>The commit id, or "unknown" when the build could not read one (a key that then matches no stored verdict).</summary>
    public string ShaOrUnknown => Sha ?? "unknown";

    /// <summary>True when rows may cite this build: a known commit and a clean tree.</summary>
    public bool CanStampRows => State == BuildTreeState.Clean && Sha is not null;

    /// <summary>The commit embedded in <paramref name="assembly"/>; <see cref="BuildTreeState.Unknown"/> when it carries none.</summary>
    public static BuildCommit Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var meta = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var sha = meta.GetValueOrDefault(CommitKey)?.Trim();
        var validSha = sha is { Length: 40 } && sha.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f') ? sha : null;
        var state = validSha is null ? BuildTreeState.Unknown
            : meta.GetValueOrDefault(TreeKey) switch
            {
                "clean" => BuildTreeState.Clean,
                "dirty" => BuildTreeState.Dirty,
                _ => BuildTreeState.Unknown,
            };
        return new BuildCommit(validSha, state);
    }

    public override string ToString() => State switch
    {
        BuildTreeState.Clean => Sha!,
        BuildTreeState.Dirty => $"{Sha} + uncommitted changes (dirty)",
        _ => "unknown (the build could not read a git commit)",
    };
}

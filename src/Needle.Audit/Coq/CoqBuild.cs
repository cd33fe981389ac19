namespace Needle.Audit.Coq;

/// <summary>The outcome of compiling one file: compiled, failed (with coqc's line and message), or not tried.</summary>
public sealed record CoqFileResult(string File, bool Compiled, int? ErrorLine, string? Error, string? BlockedBy);

/// <summary>A compilation of the project in a temporary folder (never the repository), with per-file results.</summary>
public sealed class CoqBuild(string workDirectory, CoqProjectFile project, IReadOnlyList<CoqFileResult> results) : IDisposable
{
    /// <summary>The temporary copy of proofs/ holding the .vo files.</summary>
    public string WorkDirectory { get; } = workDirectory;

    public CoqProjectFile Project { get; } = project;

    public IReadOnlyList<CoqFileResult> Results { get; } = results;

    public bool Compiled(string file) => Results.Any(r => r.File == file && r.Compiled);

    public void Dispose()
    {
        try { Directory.Delete(WorkDirectory, recursive: true); }
        catch (IOException) { /* a leftover temp folder is harmless; the repository is untouched either way */ }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace Needle.Core.Gates;

/// <summary>Asks git: <c>git cat-file -e &lt;sha&gt;^{commit}</c> in the repository. Answers are cached per sha.</summary>
public sealed class GitCommitOracle : ICommitOracle
{
    private readonly string _repository;
    private readonly ConcurrentDictionary<string, bool> _cache = new(StringComparer.Ordinal);

    public GitCommitOracle(string repositoryDirectory)
    {
        _repository = repositoryDirectory;
        var (code, _, err) = Git("rev-parse", "--git-dir");
        if (code != 0)
            throw new CommitCheckException($"{repositoryDirectory} is not inside a git repository ({err.Trim()}); the sha of a ledger row can only be checked in a checkout");
    }

    public bool IsCommit(string sha)
    {
        // Only hex ids reach git, so a crafted "sha" cannot become a revision expression such as HEAD~1.
        if (sha.Length is not (40 or 64) || !sha.All(char.IsAsciiHexDigitLower)) return false;
        return _cache.GetOrAdd(sha, s => Git("cat-file", "-e", s + "^{commit}").ExitCode == 0);
    }

    /// <summary>The full id of HEAD (used to build well-formed witnesses and example rows).</summary>
    public string Head()
    {
        var (code, output, err) = Git("rev-parse", "HEAD");
        return code == 0 ? output.Trim() : throw new CommitCheckException($"git rev-parse HEAD failed in {_repository}: {err.Trim()}");
    }

    private (int ExitCode, string Output, string Error) Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(_repository);
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi) ?? throw new CommitCheckException("could not start git");
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            p.WaitForExit();
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CommitCheckException("git is not installed or not on PATH; install git to check ledger shas", e);
        }
    }
}

using System.Collections.Concurrent;
using Needle.Core.Processes;

namespace Needle.Core.Git;

/// <summary>
/// Asks git: <c>git cat-file -e &lt;sha&gt;^{commit}</c> and <c>git merge-base --is-ancestor A B</c> in the
/// repository. Answers are cached (HEAD is resolved once, so a check sees one HEAD throughout).
/// </summary>
public sealed class GitCommitOracle : ICommitOracle
{
    private readonly string _repository;
    private readonly ConcurrentDictionary<string, bool> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string, string), bool> _ancestry = new();
    private readonly Lazy<string> _head;

    public GitCommitOracle(string repositoryDirectory)
    {
        _repository = repositoryDirectory;
        var (code, _, err) = Git("rev-parse", "--git-dir");
        if (code != 0)
            throw new CommitCheckException($"{repositoryDirectory} is not inside a git repository ({err.Trim()}); the sha of a ledger row can only be checked in a checkout");
        _head = new(() =>
        {
            var (c, output, e) = Git("rev-parse", "HEAD");
            return c == 0 ? output.Trim() : throw new CommitCheckException($"git rev-parse HEAD failed in {_repository}: {e.Trim()}");
        });
    }

    public bool IsCommit(string sha)
    {
        // Only hex ids reach git, so a crafted "sha" cannot become a revision expression such as HEAD~1.
        if (sha.Length is not (40 or 64) || !sha.All(char.IsAsciiHexDigitLower)) return false;
        return _cache.GetOrAdd(sha, s => Git("cat-file", "-e", s + "^{commit}").ExitCode == 0);
    }

    public bool IsAncestor(string ancestor, string descendant)
    {
        var a = ancestor == "HEAD" ? Head() : ancestor;
        var d = descendant == "HEAD" ? Head() : descendant;
        if (!IsCommit(a) || !IsCommit(d)) return false;
        return _ancestry.GetOrAdd((a, d), key =>
        {
            var (code, _, err) = Git("merge-base", "--is-ancestor", key.Item1, key.Item2);
            return code switch
            {
                0 => true,
                1 => false,
                _ => throw new CommitCheckException($"git merge-base --is-ancestor {key.Item1} {key.Item2} failed in {_repository}: {err.Trim()} " +
                                                    "(a shallow clone lacks history: fetch it with git fetch --unshallow)"),
            };
        });
    }

    /// <summary>The repository's first (root) commit on HEAD's history — the skeleton, which holds no trainer.</summary>
    public string FirstCommit()
    {
        var (code, output, err) = Git("rev-list", "--max-parents=0", "HEAD");
        return code == 0 ? output.Trim().Split('\n')[^1].Trim() : throw new CommitCheckException($"git rev-list failed in {_repository}: {err.Trim()}");
    }

    /// <summary>The full id of HEAD (used to build well-formed witnesses and example rows).</summary>
    public string Head() => _head.Value;

    private ProcessOutcome Git(params string[] args)
    {
        try
        {
            return ProcessRunner.Run("git", ["-C", _repository, .. args]);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new CommitCheckException("git is not installed or not on PATH; install git to check ledger shas", e);
        }
    }
}

namespace Needle.Core.Git;

/// <summary>Answers questions about the commits of this repository: a ledger row's <c>sha</c> is checked, not trusted.</summary>
public interface ICommitOracle
{
    /// <summary>Is <paramref name="sha"/> a commit of this repository?</summary>
    bool IsCommit(string sha);

    /// <summary>
    /// Is commit <paramref name="ancestor"/> an ancestor of (or the same as) commit <paramref name="descendant"/>?
    /// Either may be "HEAD"; false when either is not a commit.
    /// </summary>
    bool IsAncestor(string ancestor, string descendant);
}

/// <summary>The commit check itself could not run (git missing, not a repository).</summary>
public sealed class CommitCheckException(string message, Exception? inner = null) : Exception(message, inner);

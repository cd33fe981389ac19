namespace Needle.Core.Gates;

/// <summary>Answers "is this a commit of this repository?" — the question the upstream never asked of `sha`.</summary>
public interface ICommitOracle
{
    bool IsCommit(string sha);
}

/// <summary>The commit check itself could not run (git missing, not a repository).</summary>
public sealed class CommitCheckException(string message, Exception? inner = null) : Exception(message, inner);

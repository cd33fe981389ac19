using Needle.Core.Processes;

namespace Needle.Audit.Empirical;

/// <summary>Whether an evidence file's commit is a commit of this repository that HEAD descends from.</summary>
public interface IEvidenceCommits
{
    /// <summary>Null when <paramref name="sha"/> is a commit reachable from HEAD; else why not.</summary>
    string? WhyNotReachable(string sha);
}

/// <summary>The real answer, from git in the repository root.</summary>
public sealed class GitEvidenceCommits(string repoRoot) : IEvidenceCommits
{
    public string? WhyNotReachable(string sha)
    {
        if (ProcessRunner.FindOnPath("git") is not { } git) return "git is not installed, so the commit cannot be checked (sudo apt-get install git)";
        var exists = ProcessRunner.Run(git, ["cat-file", "-e", sha + "^{commit}"], repoRoot, TimeSpan.FromMinutes(1));
        if (exists.ExitCode != 0) return $"{sha} is not a commit of this repository (git cat-file -e {sha}^{{commit}} failed)";
        var ancestor = ProcessRunner.Run(git, ["merge-base", "--is-ancestor", sha, "HEAD"], repoRoot, TimeSpan.FromMinutes(1));
        return ancestor.ExitCode == 0 ? null : $"{sha} is not an ancestor of HEAD (the evidence was measured on code this checkout does not contain)";
    }
}

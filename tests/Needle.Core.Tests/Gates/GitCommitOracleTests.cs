using System.Diagnostics;
using Needle.Core.Git;
using Needle.Core.Gates;

namespace Needle.Core.Tests.Gates;

/// <summary>The sha check against a real, freshly initialised git repository.</summary>
public sealed class GitCommitOracleTests : IDisposable
{
    private readonly string _repo = Directory.CreateTempSubdirectory("needle-git-").FullName;

    public void Dispose() => Directory.Delete(_repo, recursive: true);

    private string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-C", _repo, "-c", "user.name=t", "-c", "user.email=t@example.com" }.Concat(args)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        p.ExitCode.Should().Be(0, p.StandardError.ReadToEnd());
        return output.Trim();
    }

    [Fact]
    public void Only_commits_of_this_repository_are_commits()
    {
        Git("init", "-q");
        File.WriteAllText(Path.Combine(_repo, "f.txt"), "x");
        Git("add", "f.txt");
        Git("commit", "-q", "-m", "one");
        var commit = Git("rev-parse", "HEAD");
        var blob = Git("rev-parse", "HEAD:f.txt");
        var oracle = new GitCommitOracle(_repo);

        oracle.IsCommit(commit).Should().BeTrue();
        oracle.Head().Should().Be(commit);
        oracle.IsCommit(blob).Should().BeFalse("a blob id is an object but not a commit");
        oracle.IsCommit(new string('0', 40)).Should().BeFalse();
        oracle.IsCommit(commit[..12]).Should().BeFalse("abbreviated ids are not accepted");
        oracle.IsCommit("HEAD").Should().BeFalse("revision expressions never reach git");
        oracle.IsCommit(commit.ToUpperInvariant()).Should().BeFalse();
        new GitCommitOracle(RepoPaths.Root).IsCommit(commit).Should().BeFalse("a commit of another repository does not count");
    }

    [Fact]
    public void Ancestry_follows_history_and_a_side_branch_is_not_reachable_from_head()
    {
        Git("init", "-q", "-b", "main");
        Commit("root");
        var root = Git("rev-parse", "HEAD");
        Commit("trainer");
        var trainer = Git("rev-parse", "HEAD");
        Git("checkout", "-q", "-b", "side", root);
        Commit("abandoned");
        var side = Git("rev-parse", "HEAD");
        Git("checkout", "-q", "main");
        Commit("later");
        var head = Git("rev-parse", "HEAD");
        var oracle = new GitCommitOracle(_repo);

        oracle.FirstCommit().Should().Be(root);
        oracle.IsAncestor(root, "HEAD").Should().BeTrue();
        oracle.IsAncestor(trainer, head).Should().BeTrue();
        oracle.IsAncestor(head, head).Should().BeTrue("a commit counts as its own descendant");
        oracle.IsAncestor(trainer, root).Should().BeFalse("the root predates the trainer");
        oracle.IsAncestor(side, "HEAD").Should().BeFalse("a side branch's commit is not reachable from HEAD");
        oracle.IsAncestor(trainer, side).Should().BeFalse();
        oracle.IsAncestor(new string('0', 40), "HEAD").Should().BeFalse("not a commit at all");
    }

    private void Commit(string name)
    {
        File.WriteAllText(Path.Combine(_repo, name + ".txt"), name);
        Git("add", name + ".txt");
        Git("commit", "-q", "-m", name);
    }

    [Fact]
    public void A_directory_outside_any_repository_is_an_error_not_a_false()
    {
        var act = () => new GitCommitOracle(Path.GetPathRoot(_repo)!);
        act.Should().Throw<CommitCheckException>().WithMessage("*not inside a git repository*");
    }
}

using System.ComponentModel;
using Needle.Core.Processes;

namespace Needle.Core.Tests.Processes;

/// <summary>The one child-process runner, against real programs (sh, sleep, env).</summary>
public sealed class ProcessRunnerTests
{
    [Fact]
    public void Arguments_reach_the_program_verbatim_and_both_streams_and_the_exit_code_come_back()
    {
        // No shell between us and the program: a ';' or '$' in an argument is just a character.
        var outcome = ProcessRunner.Run("sh", ["-c", "printf '%s' \"$1\"; printf err >&2; exit 3", "sh", "a b; $HOME"]);
        outcome.ExitCode.Should().Be(3);
        outcome.StdOut.Should().Be("a b; $HOME");
        outcome.StdErr.Should().Be("err");
        outcome.TimedOut.Should().BeFalse();
    }

    [Fact]
    public void A_program_past_its_timeout_is_stopped_and_says_so()
    {
        var outcome = ProcessRunner.Run("sleep", ["600"], timeout: TimeSpan.FromMilliseconds(200));
        outcome.TimedOut.Should().BeTrue();
        outcome.ExitCode.Should().Be(-1);
        outcome.StdErr.Should().StartWith("sleep did not finish within 0 s and was stopped.");
    }

    [Fact]
    public void The_working_directory_and_an_unset_variable_apply_to_the_child_only()
    {
        var dir = Directory.CreateTempSubdirectory("needle-run-").FullName;
        try
        {
            // A variable only this test uses (the child inherits the parent's environment by default).
            Environment.SetEnvironmentVariable("NEEDLE_RUNNER_TEST", "inherited");
            var kept = ProcessRunner.Run("sh", ["-c", "echo \"${NEEDLE_RUNNER_TEST-unset}\""]);
            var outcome = ProcessRunner.Run("sh", ["-c", "pwd; echo \"${NEEDLE_RUNNER_TEST-unset}\""], dir, unsetEnvironment: ["NEEDLE_RUNNER_TEST"]);
            kept.StdOut.Should().Be("inherited\n");
            outcome.StdOut.Should().Be(Path.GetFullPath(dir) + "\nunset\n");
            Environment.GetEnvironmentVariable("NEEDLE_RUNNER_TEST").Should().Be("inherited", "the parent's environment is untouched");
        }
        finally
        {
            Environment.SetEnvironmentVariable("NEEDLE_RUNNER_TEST", null);
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_chatty_child_does_not_block_on_a_full_pipe()
    {
        // 1 MiB on each stream: far beyond a pipe buffer, so reading one stream after the other would deadlock.
        var outcome = ProcessRunner.Run("sh", ["-c", "head -c 1048576 /dev/zero | tr '\\0' x; head -c 1048576 /dev/zero | tr '\\0' y >&2"], timeout: TimeSpan.FromMinutes(2));
        outcome.TimedOut.Should().BeFalse();
        outcome.StdOut.Length.Should().Be(1 << 20);
        outcome.StdErr.Length.Should().Be(1 << 20);
    }

    [Fact]
    public void A_program_that_is_not_installed_throws_and_find_on_path_says_null()
    {
        var run = () => ProcessRunner.Run("needle-no-such-program", []);
        run.Should().Throw<Win32Exception>();
        ProcessRunner.FindOnPath("needle-no-such-program").Should().BeNull();
        ProcessRunner.FindOnPath("sh").Should().NotBeNull().And.EndWith("/sh");
    }
}

namespace Needle.Cli.Tests;

/// <summary><c>needle coord-check</c>: exit 0 when the parametrization's prediction is met (SP: not flat), 1 when not
/// (the planted muP bug), 2 on bad input naming the option.</summary>
public sealed class CoordCheckCliTests
{
    [Fact]
    public void Sp_is_not_flat_as_predicted_and_a_planted_mup_bug_fails_the_check()
    {
        var sp = NeedleProcess.Run("coord-check", "--parametrization", "sp", "--widths", "8,32", "--steps", "3", "--seeds", "1");
        sp.ExitCode.Should().Be(0, sp.StdOut + sp.StdErr);
        sp.StdOut.Should().Contain("NOT flat");
        var bug = NeedleProcess.Run("coord-check", "--parametrization", "mup", "--plant", "readout-multiplier", "--widths", "8,32", "--steps", "3", "--seeds", "1");
        bug.ExitCode.Should().Be(1, bug.StdOut + bug.StdErr);
        bug.StdOut.Should().Contain("at logits");
    }

    [Fact]
    public void Bad_input_exits_2_naming_the_option()
    {
        var p = NeedleProcess.Run("coord-check", "--parametrization", "ntk");
        p.ExitCode.Should().Be(2);
        p.StdErr.Should().Contain("ntk").And.Contain("sp, mup");
        var w = NeedleProcess.Run("coord-check", "--widths", "8,x");
        w.ExitCode.Should().Be(2);
        w.StdErr.Should().Contain("--widths");
    }
}

using System.Diagnostics;

namespace Needle.Cli.Tests;

public sealed class CliSmokeTests
{
    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Help_lists_every_discovered_verb_and_exits_zero()
    {
        var (code, stdout, _) = NeedleProcess.Run("--help");
        code.Should().Be(0);
        stdout.Should().Contain("version");
    }
}

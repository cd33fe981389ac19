namespace Needle.Cli.Tests;

public sealed class CliSmokeTests
{
    /// <summary>The verbs that exist today, by name; a verb added later joins through discovery, one removed fails here.</summary>
    private static readonly string[] KnownVerbs =
        ["audit", "bench", "falsify", "format", "hunt", "ledger", "race", "report", "smoke-race", "train", "version"];

    [Fact]
    [Trait(TestCategories.Key, TestCategories.Smoke)]
    public void Help_lists_every_discovered_verb_and_exits_zero()
    {
        var (code, stdout, _) = NeedleProcess.Run("--help");
        code.Should().Be(0);
        var listed = stdout.Split('\n').SkipWhile(l => !l.StartsWith("Commands:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.Trim().Length > 0)
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && !char.IsWhiteSpace(l[2]))
            .Select(l => l.Trim().Split(' ', 2)[0]).ToList();
        listed.Should().Contain(KnownVerbs, "every verb is listed by name");
        listed.Should().BeEquivalentTo(DiscoveredVerbs(), "--help lists each verb the assembly declares, and nothing else");
    }

    // Independent of Program's discovery: every ICliVerb type, built, named by its command.
    private static IEnumerable<string> DiscoveredVerbs() =>
        typeof(ICliVerb).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICliVerb).IsAssignableFrom(t))
            .Select(t => ((ICliVerb)Activator.CreateInstance(t)!).Build().Name);
}

using Needle.Core.Invariants;

namespace Needle.Audit.Tests.Runtime;

/// <summary>
/// The registry's runtime_check actions run where they say: the executor runs exactly the checks declared for a
/// checkpoint, an abort check stops the verb, a warn check does not, and a check that cannot load aborts.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Audit)]
public sealed class RuntimeInvariantChecksTests
{
    public sealed class Violated : IInvariantCheck
    {
        public string? FindViolation() => "planted violation";
    }

    public sealed class Holds : IInvariantCheck
    {
        public string? FindViolation() => null;
    }

    private static RuntimeCheckDeclaration Declare(string id, string action, string type, params string[] at) =>
        new(id, action, "message of " + id, at, type);

    private static string Name<T>() => typeof(T).AssemblyQualifiedName!;

    [Fact]
    public void An_abort_check_that_fails_aborts_and_says_why()
    {
        var log = new StringWriter();
        var outcome = RuntimeInvariantChecks.Run("train", [Declare("INV-90", "abort", Name<Violated>(), "train")], log);

        outcome.Aborts.Should().BeTrue();
        log.ToString().Should().Contain("invariant INV-90 violated at train (abort): message of INV-90 — planted violation");
    }

    [Fact]
    public void A_warn_check_that_fails_is_reported_and_the_verb_goes_on()
    {
        var log = new StringWriter();
        var outcome = RuntimeInvariantChecks.Run("race", [Declare("INV-91", "warn", Name<Violated>(), "race"), Declare("INV-92", "abort", Name<Holds>(), "race")], log);

        outcome.Aborts.Should().BeFalse();
        outcome.ChecksRun.Should().Be(2);
        outcome.Violations.Should().ContainSingle().Which.Should().Contain("INV-91");
    }

    [Fact]
    public void Only_the_checks_declared_for_the_checkpoint_run()
    {
        var outcome = RuntimeInvariantChecks.Run("ledger_check", [Declare("INV-90", "abort", Name<Violated>(), "train", "race")], TextWriter.Null);

        outcome.ChecksRun.Should().Be(0);
        outcome.Aborts.Should().BeFalse();
    }

    [Fact]
    public void A_declared_check_that_cannot_be_loaded_aborts_rather_than_silently_not_running()
    {
        var log = new StringWriter();
        var outcome = RuntimeInvariantChecks.Run("race", [Declare("INV-93", "warn", "Needle.Core.NoSuchCheck, Needle.Core", "race")], log);

        outcome.Aborts.Should().BeTrue();
        log.ToString().Should().Contain("could not be loaded");
    }

    [Theory]
    [InlineData("race")]
    [InlineData("train")]
    [InlineData("ledger_check")]
    public void Every_check_the_real_registry_declares_runs_and_passes_at_its_checkpoint(string point)
    {
        var declared = InvariantCheckpoint.Declarations.Where(d => d.At.Contains(point)).ToList();
        var log = new StringWriter();

        var outcome = RuntimeInvariantChecks.Run(point, InvariantCheckpoint.Declarations, log);

        declared.Should().NotBeEmpty();
        outcome.ChecksRun.Should().Be(declared.Count, log.ToString());
        outcome.Violations.Should().BeEmpty();
        InvariantCheckpoint.Stop(point, TextWriter.Null).Should().BeNull();
    }

    [Fact]
    public void The_binary_embeds_the_repository_registry()
    {
        var fromFile = RuntimeCheckDeclaration.Parse(File.ReadAllText(RepoPaths.InRepo("assertions", "igla_assertions.json")));
        InvariantCheckpoint.Declarations.Should().BeEquivalentTo(fromFile);
        fromFile.Select(d => d.InvariantId).Should().Contain(["INV-1", "INV-2", "INV-3", "INV-4", "INV-5", "INV-6", "INV-7", "INV-17"]);
    }
}

using System.Reflection;
using Needle.Audit.Checks;
using Needle.Audit.Reporting;
using Needle.Audit.Symbols;
using Needle.Audit.Tests.Falsification.FalseStatements;
using Needle.Audit.Tests.Support;

namespace Needle.Audit.Tests.Falsification;

/// <summary>
/// Issue 9, item 1: an admitted false statement is an inconsistent axiom. Each of the four statements
/// Accelerators.v once admitted is planted back, verbatim, as an Admitted invariant of a sandbox copy, with its
/// mirrored counterexample search; the audit (step 9) must refute it with a concrete counterexample. A true
/// statement planted the same way (φ-grid completeness) must not be refuted: the search is not a rubber stamp.
/// Static audit (no coqc): the search is what catches the fault.
/// </summary>
[Trait(TestCategories.Key, TestCategories.Falsification)]
[Trait(TestCategories.VectorKey, "Audit")]
public sealed class PlantedAdmittedStatementTests
{
    private const string Registry = "assertions/igla_assertions.json";

    public static TheoryData<string, string, string, string> FalseStatements => new()
    {
        { "INV-13", "mup_lr_transfer", PlantedStatements.MupLrTransfer, typeof(MupLrTransferSearch).FullName! },
        { "INV-14", "zero_cost_correlation_floor", PlantedStatements.ZeroCostCorrelationFloor, typeof(ZeroCostFloorSearch).FullName! },
        { "INV-15", "surrogate_pruning_no_regret", PlantedStatements.SurrogatePruningNoRegret, typeof(SurrogateNoRegretSearch).FullName! },
        { "INV-16", "ucb_sublinear_regret", PlantedStatements.UcbSublinearRegret, typeof(UcbSublinearSearch).FullName! },
    };

    [Theory]
    [MemberData(nameof(FalseStatements))]
    public void A_false_statement_planted_as_Admitted_is_refuted_by_its_counterexample_search(string id, string theorem, string coq, string search)
    {
        using var sandbox = new AuditSandbox();
        Plant(sandbox, id, theorem, coq, search);

        var report = Run(sandbox);

        var refuted = report.FindingsOf(AuditStep.CounterexampleSearch).Should().ContainSingle().Subject;
        refuted.Should().Match<AuditFinding>(f => f.InvariantId == id && f.Theorem == theorem && f.File == "proofs/igla/Planted.v"
                                                  && f.Line > 1 && f.Message.Contains($"the admitted statement {theorem} is FALSE — counterexample:"));
        report.ExitCode.Should().NotBe(0);
    }

    [Fact]
    public void Each_refutation_names_the_instance_the_issue_describes()
    {
        new MupLrTransferSearch().Search().Counterexample.Should().Contain("|Δlog2| = 2 > 1");
        new ZeroCostFloorSearch().Search().Counterexample.Should().Contain("spearman = -1 < 0.5");
        new SurrogateNoRegretSearch().Search().Counterexample.Should().Contain("the regret is 1 > 0.02");
        new UcbSublinearSearch().Search().Counterexample.Should().Contain("1 arm(s) with means [0], best_mean = 0.5");
    }

    [Fact]
    public void A_true_statement_planted_as_Admitted_is_not_refuted_and_its_search_is_not_blind()
    {
        using var sandbox = new AuditSandbox();
        Plant(sandbox, "INV-18", "phi_grid_complete_admitted", PlantedStatements.PhiGridCompleteAdmitted, typeof(PhiGridCompleteSearch).FullName!);

        var report = Run(sandbox);

        report.FindingsOf(AuditStep.CounterexampleSearch).Should().BeEmpty();
        var result = new PhiGridCompleteSearch().Search();
        result.Counterexample.Should().BeNull();
        result.InstancesMeetingHypotheses.Should().BeGreaterThan(100);
    }

    [Fact]
    public void A_search_whose_instances_never_meet_the_hypotheses_is_reported_blind()
    {
        using var sandbox = new AuditSandbox();
        Plant(sandbox, "INV-18", "phi_grid_complete_admitted", PlantedStatements.PhiGridCompleteAdmitted, typeof(BlindSearch).FullName!);

        Run(sandbox).FindingsOf(AuditStep.CounterexampleSearch).Should().ContainSingle().Which.Message.Should().Contain("it is blind");
    }

    /// <summary>Writes proofs/igla/Planted.v, lists it in _CoqProject and adds an Admitted invariant naming the search.</summary>
    private static void Plant(AuditSandbox sandbox, string id, string theorem, string coq, string search)
    {
        File.WriteAllText(sandbox.PathOf("proofs/igla/Planted.v"), PlantedStatements.Header + "\n\n" + coq + "\n");
        sandbox.Edit("proofs/_CoqProject", text => text.TrimEnd() + "\nigla/Planted.v\n");
        sandbox.Replace(Registry, "  \"invariants\": [\n",
            "  \"invariants\": [\n    { \"id\": \"" + id + "\", \"name\": \"planted\", \"status\": \"Admitted\", \"coq_file\": \"proofs/igla/Planted.v\", " +
            "\"coq_theorem\": \"" + theorem + "\", \"description\": \"planted\", \"source\": \"planted, Theorem 1\", " +
            "\"hypotheses_satisfiable\": \"" + theorem + "_satisfiable\", " +
            "\"counterexample_search\": \"" + search + "\", " +
            "\"runtime_check\": { \"action\": \"warn\", \"message\": \"planted\" }, \"runtime_target\": \"Needle.Core.Phi.PhiConstants\", " +
            "\"admitted\": [ { \"lemma\": \"" + theorem + "\", \"reason\": \"planted\" } ] },\n");
    }

    private static AuditReport Run(AuditSandbox sandbox) => AuditRunner.Run(new AuditOptions
    {
        RepoRoot = sandbox.Root, StaticOnly = true,
        Catalog = new ReflectionSymbolCatalog(ReflectionSymbolCatalog.NeedleAssemblies.Select(n => Assembly.Load(new AssemblyName(n)))
            .Append(typeof(PlantedAdmittedStatementTests).Assembly)),
    });
}

/// <summary>A search that never meets the hypotheses (all its instances have lo ≤ 0): the audit must call it blind.</summary>
public sealed class BlindSearch : Needle.Audit.Admitted.ICounterexampleSearch
{
    public string Theorem => "phi_grid_complete_admitted";

    public Needle.Audit.Admitted.CounterexampleResult Search() => new(10, 0, null);
}

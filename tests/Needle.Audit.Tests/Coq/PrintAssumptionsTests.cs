using Needle.Audit.Coq;

namespace Needle.Audit.Tests.Coq;

/// <summary>Parsing coqc's Print Assumptions output (format of Coq 8.16).</summary>
public sealed class PrintAssumptionsTests
{
    [Fact]
    public void Closed_output_has_no_axioms()
    {
        var pa = PrintAssumptions.Parse("Closed under the global context\n");
        pa.Closed.Should().BeTrue();
        pa.Axioms.Should().BeEmpty();
    }

    [Fact]
    public void Multi_line_entries_are_read_as_one_axiom_each()
    {
        const string output = """
            Axioms:
            ClassicalDedekindReals.sig_not_dec : forall P : Prop, {~ ~ P} + {~ P}
            ClassicalDedekindReals.sig_forall_dec
              : forall P : nat -> Prop,
                (forall n : nat, {P n} + {~ P n}) ->
                {n : nat | ~ P n} + {forall n : nat, P n}
            Accelerators.mup_lr_transfer
              : forall (loss : nat -> R -> R) (proxy_width target_width : nat),
                0 < proxy_width -> proxy_width <= target_width
            """;
        var pa = PrintAssumptions.Parse(output);
        pa.Axioms.Should().Equal("ClassicalDedekindReals.sig_not_dec", "ClassicalDedekindReals.sig_forall_dec", "Accelerators.mup_lr_transfer");
        pa.ListsItself("mup_lr_transfer").Should().BeTrue();
        pa.ListsItself("lr_transfer").Should().BeFalse("only whole name components match");
        pa.OutsideAllowList.Should().Equal("Accelerators.mup_lr_transfer");
    }

    [Fact]
    public void The_allow_list_names_only_the_classical_real_axioms()
    {
        AxiomAllowList.IsAllowed("FunctionalExtensionality.functional_extensionality_dep").Should().BeTrue();
        AxiomAllowList.IsAllowed("Classical_Prop.classic").Should().BeFalse();
        AxiomAllowList.IsAllowed("ladder_is_fine").Should().BeFalse();
    }
}

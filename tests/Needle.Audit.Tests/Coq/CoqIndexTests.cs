using Needle.Audit.Coq;

namespace Needle.Audit.Tests.Coq;

/// <summary>The .v reader behind steps 2 and 5: declarations, proof endings, admits, assumptions, Requires.</summary>
public sealed class CoqIndexTests
{
    private const string Source = """
        (* A comment mentioning Axiom fake : True and admit. (* nested *) Qed. *)
        Require Import Reals Lra.
        From Needle.Igla Require Import Trinity Lucas.
        Definition two : nat := 2.
        Lemma easy : 1 + 1 = two.
        Proof. reflexivity. Qed.
        Theorem hard : forall n : nat, Nat.leb n n = true.
        Proof.
          intro n.
          - admit.
        Admitted.
        Axiom choice_principle : forall P : Prop, P \/ ~ P.
        Parameters (p q : nat) (r : bool).
        Section S.
          Variable v : nat.
          Hypothesis h : v = v.
          Lemma uses_v : v = v. Proof. exact h. Qed.
        End S.
        Hypothesis outside : False.
        Definition built : nat.
        Proof. exact 3. Defined.
        Theorem never_finished : True.
        Proof.
        """;

    private static readonly CoqIndex Index = CoqIndex.Parse("proofs/x.v", Source);

    [Fact]
    public void Theorems_are_found_with_their_lines_and_endings()
    {
        Index.Find("easy")!.Should().Match<CoqDeclaration>(d => d.IsTheorem && d.Line == 5 && d.Ending == ProofEnding.Qed);
        Index.Find("hard")!.Should().Match<CoqDeclaration>(d => d.Line == 7 && d.Ending == ProofEnding.Admitted && d.EndingLine == 11);
        Index.Find("uses_v")!.Ending.Should().Be(ProofEnding.Qed);
        Index.Find("built")!.Ending.Should().Be(ProofEnding.Defined);
        Index.Find("never_finished")!.Ending.Should().Be(ProofEnding.Unterminated);
        Index.Find("two")!.IsTheorem.Should().BeFalse();
    }

    [Fact]
    public void Admit_tactics_are_located_but_comments_are_ignored()
    {
        Index.Find("hard")!.AdmitLines.Should().Equal(10);
        Index.Find("easy")!.AdmitLines.Should().BeEmpty();
        Index.Find("fake").Should().BeNull("the Axiom in the comment is not code");
    }

    [Fact]
    public void Assumptions_include_axioms_parameters_and_top_level_hypotheses_only()
    {
        Index.Declarations.Where(d => d.IsAssumption || d.Keyword is "Hypothesis" or "Variable").Select(d => d.Name)
            .Should().BeEquivalentTo(["choice_principle", "p", "q", "r", "outside"]);
        Index.Find("choice_principle")!.Line.Should().Be(12);
    }

    [Fact]
    public void Statements_are_kept_so_an_assumption_of_True_is_recognised()
    {
        var index = CoqIndex.Parse("t.v", "Axiom fine : True.\nTheorem real : forall n : nat,\n  n = n.\nAdmitted.\nLemma vacuous : True.\nAdmitted.\n");
        index.Find("fine")!.StatesNothing.Should().BeTrue();
        index.Find("vacuous")!.StatesNothing.Should().BeTrue();
        index.Find("real")!.Statement.Should().Be("forall n : nat, n = n");
        index.Find("real")!.StatesNothing.Should().BeFalse();
        Index.Find("choice_principle")!.StatesNothing.Should().BeFalse();
    }

    [Fact]
    public void Requires_are_read_with_their_logical_prefix()
    {
        Index.Requires.Select(r => r.Module).Should().Equal("Reals", "Lra", "Needle.Igla.Trinity", "Needle.Igla.Lucas");
    }

    [Fact]
    public void A_compile_error_line_maps_to_the_enclosing_theorem()
    {
        Index.EnclosingTheorem(9)!.Name.Should().Be("hard");
        Index.EnclosingTheorem(4).Should().BeNull();
    }

    [Fact]
    public void The_repository_proofs_declare_every_cited_theorem_with_the_right_ending()
    {
        var accelerators = CoqIndex.Parse("a", File.ReadAllText(RepoPaths.InRepo("proofs", "igla", "Accelerators.v")));
        accelerators.Declarations.Should().NotContain(d => d.IsTheorem || d.IsAssumption,
            "the accelerators' claims are Empirical: definitions of their predicates, never theorems or axioms");
        accelerators.Declarations.Select(d => d.Name).Should().Contain(["v1_holds", "v2_holds", "v3_holds", "v4_holds", "v5_holds", "v6_holds", "v7_holds"]);
        foreach (var file in new[] { "Trinity", "Lucas", "Rungs", "Asha", "Victory", "Ema", "Gf16", "PhiGrid" })
        {
            var index = CoqIndex.Parse(file, File.ReadAllText(RepoPaths.InRepo("proofs", "igla", file + ".v")));
            index.Declarations.Where(d => d.IsTheorem).Should().OnlyContain(d => d.Ending == ProofEnding.Qed && d.AdmitLines.Count == 0, file);
        }
    }
}

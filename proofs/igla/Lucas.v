(** INV-2, Lucas closure: φ^(2n) + φ^(−2n) is the integer L_(2n) for every n.
    [lucas_even n] is L_(2n), the even-index Lucas numbers 2, 3, 7, 18, 47, 123, 322, …, defined by the
    recurrence L_(2(k+2)) = 3·L_(2(k+1)) − L_(2k); it mirrors Needle.Core.Phi.Lucas.EvenIndex. *)
Require Import Reals Lra ZArith.
From Needle.Igla Require Import Trinity.
Open Scope R_scope.

Fixpoint lucas_even (n : nat) : Z :=
  match n with
  | O => 2%Z
  | S O => 3%Z
  | S ((S k) as m) => (3 * lucas_even m - lucas_even k)%Z
  end.

Definition a : R := phi ^ 2.
Definition b : R := / (phi ^ 2).

Lemma a_plus_b : a + b = 3.
Proof. exact trinity_identity. Qed.

Lemma a_times_b : a * b = 1.
Proof.
  unfold a, b; apply Rinv_r; apply pow_nonzero; exact phi_neq_0.
Qed.

Definition s (n : nat) : R := a ^ n + b ^ n.

(** The power sums obey the same recurrence: s(n+2) = (a+b)·s(n+1) − ab·s(n). *)
Lemma s_recurrence : forall n, s (S (S n)) = 3 * s (S n) - s n.
Proof.
  intro n; unfold s; simpl.
  rewrite <- a_plus_b at 1.
  assert (H : a * b = 1) by exact a_times_b.
  replace (a ^ n + b ^ n) with ((a ^ n + b ^ n) * (a * b)) by (rewrite H; ring).
  ring.
Qed.

Lemma s_is_lucas_pair : forall n, s n = IZR (lucas_even n) /\ s (S n) = IZR (lucas_even (S n)).
Proof.
  induction n as [|n [IH0 IH1]].
  - split; unfold s; simpl.
    + lra.
    + unfold a, b; pose proof trinity_identity; lra.
  - split; [exact IH1|].
    rewrite s_recurrence, IH0, IH1.
    change (lucas_even (S (S n))) with (3 * lucas_even (S n) - lucas_even n)%Z.
    rewrite minus_IZR, mult_IZR; reflexivity.
Qed.

Theorem lucas_closure : forall n : nat,
  phi ^ (2 * n) + / (phi ^ (2 * n)) = IZR (lucas_even n).
Proof.
  intro n.
  destruct (s_is_lucas_pair n) as [H _].
  rewrite <- H; unfold s, a, b.
  rewrite pow_mult, pow_inv; reflexivity.
Qed.

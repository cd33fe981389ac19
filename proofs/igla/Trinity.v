(** INV-1, the trinity identity: φ² + φ⁻² = 3, over the reals.
    Mirrors Needle.Core.Phi.PhiConstants (Phi = (1 + √5)/2, Trinity = 3). *)
Require Import Reals Lra.
Open Scope R_scope.

Definition phi : R := (1 + sqrt 5) / 2.

Lemma sqrt5_squared : sqrt 5 * sqrt 5 = 5.
Proof. apply sqrt_sqrt; lra. Qed.

Lemma sqrt5_pos : 0 < sqrt 5.
Proof. apply sqrt_lt_R0; lra. Qed.

Lemma phi_pos : 0 < phi.
Proof. unfold phi; pose proof sqrt5_pos; lra. Qed.

Lemma phi_neq_0 : phi <> 0.
Proof. pose proof phi_pos; lra. Qed.

(** The defining equation of the golden ratio. *)
Lemma phi_squared : phi * phi = phi + 1.
Proof. unfold phi; pose proof sqrt5_squared; nra. Qed.

(** 1/φ = φ − 1. *)
Lemma phi_inv : / phi = phi - 1.
Proof.
  pose proof phi_squared as H; pose proof phi_neq_0 as Hn.
  apply (Rmult_eq_reg_l phi); [|exact Hn].
  rewrite Rinv_r by exact Hn. nra.
Qed.

Theorem trinity_identity : phi ^ 2 + / (phi ^ 2) = 3.
Proof.
  rewrite <- pow_inv, phi_inv; simpl.
  pose proof phi_squared; nra.
Qed.

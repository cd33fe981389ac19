(** INV-4, the rung ladder r_k = r0·η^k (k = 0 … n−1): strictly increasing, and x is a rung exactly when
    x = r0·η^k for some k < n. Mirrors Needle.Core.Rungs.RungLadder (r0 ≥ 1 steps, η ≥ 2). *)
Require Import Arith Lia List Sorted.
Import ListNotations.

Definition rung (r0 eta k : nat) : nat := r0 * eta ^ k.

Definition ladder (r0 eta n : nat) : list nat := map (rung r0 eta) (seq 0 n).

Lemma rung_step : forall r0 eta k, 1 <= r0 -> 2 <= eta -> rung r0 eta k < rung r0 eta (S k).
Proof.
  intros r0 eta k Hr He; unfold rung; simpl.
  assert (1 <= eta ^ k) by (apply Nat.neq_0_lt_0, Nat.pow_nonzero; lia).
  nia.
Qed.

Lemma rung_monotone : forall r0 eta i j, 1 <= r0 -> 2 <= eta -> i < j -> rung r0 eta i < rung r0 eta j.
Proof.
  intros r0 eta i j Hr He Hij; induction Hij.
  - apply rung_step; assumption.
  - eapply Nat.lt_trans; [exact IHHij | apply rung_step; assumption].
Qed.

Lemma ladder_sorted_from : forall r0 eta start n, 1 <= r0 -> 2 <= eta ->
  StronglySorted lt (map (rung r0 eta) (seq start n)).
Proof.
  intros r0 eta start n Hr He; revert start; induction n as [|n IH]; intro start; simpl.
  - constructor.
  - constructor; [apply IH|].
    apply Forall_forall; intros x Hx.
    apply in_map_iff in Hx as [k [Hk Hin]]; apply in_seq in Hin; subst x.
    apply rung_monotone; lia.
Qed.

Theorem rung_ladder_sound : forall r0 eta n, 1 <= r0 -> 2 <= eta ->
  StronglySorted lt (ladder r0 eta n) /\
  (forall x, In x (ladder r0 eta n) <-> exists k, k < n /\ x = r0 * eta ^ k).
Proof.
  intros r0 eta n Hr He; split.
  - apply ladder_sorted_from; assumption.
  - intro x; unfold ladder; rewrite in_map_iff; split.
    + intros [k [Hk Hin]]; apply in_seq in Hin; exists k; split; [lia | symmetry; exact Hk].
    + intros [k [Hk Hx]]; exists k; split; [symmetry; exact Hx | apply in_seq; lia].
Qed.

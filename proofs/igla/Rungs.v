(** INV-4, the rung ladder r_k = r0·η^k (k = 0 … n−1): strictly increasing, and x is a rung exactly when
    x = r0·η^k for some k < n. Mirrors Needle.Core.Rungs.RungLadder (r0 ≥ 1 steps, η ≥ 2). *)
Require Import Arith Lia List Sorted Bool.
Set Warnings "-abstract-large-number".
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

(** The explicit ladders Needle uses (RungLadder.Explicit): the validator accepts a list when it is non-empty,
    its first rung is positive and each rung is strictly above the previous one. Soundness: an accepted list
    is strictly increasing and every rung is positive — so "the next rung after a step" and "the rung's index"
    (binary search in the C#) are well defined. *)
Fixpoint increasing (l : list nat) : bool :=
  match l with
  | a :: ((b :: _) as t) => Nat.ltb a b && increasing t
  | _ => true
  end.

Definition explicit_ok (l : list nat) : bool :=
  match l with
  | [] => false
  | a :: _ => Nat.ltb 0 a && increasing l
  end.

Lemma increasing_head : forall a t, increasing (a :: t) = true -> Forall (lt a) t.
Proof.
  intros a t; revert a; induction t as [|b t IH]; intros a H; [constructor|].
  simpl in H; apply andb_true_iff in H as [Hab Ht]; apply Nat.ltb_lt in Hab.
  constructor; [exact Hab|].
  specialize (IH b Ht); eapply Forall_impl; [|exact IH]; intros x Hx; simpl in Hx; lia.
Qed.

Lemma increasing_sorted : forall l, increasing l = true -> StronglySorted lt l.
Proof.
  induction l as [|a t IH]; intro H; [constructor|].
  constructor; [|apply increasing_head; exact H].
  apply IH; destruct t as [|b t']; [reflexivity|]; simpl in H; apply andb_true_iff in H as [_ H]; exact H.
Qed.

Theorem explicit_ladder_sound : forall l, explicit_ok l = true ->
  l <> [] /\ StronglySorted lt l /\ Forall (lt 0) l.
Proof.
  intros [|a t] H; [discriminate|]; simpl in H; apply andb_true_iff in H as [H0 Hinc].
  apply Nat.ltb_lt in H0; split; [discriminate|].
  split; [apply increasing_sorted; exact Hinc|].
  constructor; [exact H0|].
  eapply Forall_impl; [|apply increasing_head; exact Hinc]; intros x Hx; simpl in Hx; lia.
Qed.

(** The plans' ladders, as RungLadder.SixRungPlan (η = 4) and RungLadder.ThreeFoldPlan (η = 3) hold them. *)
Definition six_rung_plan : list nat := [100; 500; 2000; 8000; 32000; 81000].
Definition three_fold_plan : list nat := ladder 1000 3 4.

Theorem needle_ladders_sound :
  three_fold_plan = [1000; 3000; 9000; 27000] /\
  explicit_ok six_rung_plan = true /\ explicit_ok three_fold_plan = true /\
  StronglySorted lt six_rung_plan /\ StronglySorted lt three_fold_plan.
Proof.
  assert (H6 : explicit_ok six_rung_plan = true) by (vm_compute; reflexivity).
  assert (H3 : three_fold_plan = [1000; 3000; 9000; 27000]) by (vm_compute; reflexivity).
  assert (H3ok : explicit_ok three_fold_plan = true) by (rewrite H3; vm_compute; reflexivity).
  repeat split; try assumption.
  - apply explicit_ladder_sound; exact H6.
  - apply explicit_ladder_sound; exact H3ok.
Qed.

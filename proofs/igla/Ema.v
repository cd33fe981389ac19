(** INV-7, the EMA decay band. With a decay β strictly inside (0, 1), one EMA step
    ema' = β·ema + (1 − β)·x is a convex combination, so the EMA of a series never leaves the band
    [min, max] of its inputs. Upstream used β = 0.618 (≈ 1/φ). Mirrors Needle.Training.Evaluation.BpbEma. *)
Require Import Reals Lra List.
Import ListNotations.
Open Scope R_scope.

Definition ema_step (beta e x : R) : R := beta * e + (1 - beta) * x.

(** The EMA seeded with the first input x0, then folded over the rest. *)
Fixpoint ema_from (beta e : R) (xs : list R) : R :=
  match xs with
  | [] => e
  | x :: t => ema_from beta (ema_step beta e x) t
  end.

Definition upstream_decay : R := 0.618.

Lemma ema_step_band : forall beta lo hi e x, 0 < beta < 1 ->
  lo <= e <= hi -> lo <= x <= hi -> lo <= ema_step beta e x <= hi.
Proof. intros; unfold ema_step; split; nra. Qed.

Theorem ema_within_band : forall (beta lo hi x0 : R) (xs : list R),
  0 < beta < 1 ->
  (forall x, In x (x0 :: xs) -> lo <= x <= hi) ->
  lo <= ema_from beta x0 xs <= hi.
Proof.
  intros beta lo hi x0 xs Hb; revert x0; induction xs as [|x t IH]; intros x0 Hin; simpl.
  - apply Hin; left; reflexivity.
  - apply IH; intros y [Hy|Hy].
    + subst y; apply ema_step_band; [exact Hb | apply Hin; simpl; auto | apply Hin; simpl; auto].
    + apply Hin; simpl; auto.
Qed.

Lemma upstream_decay_in_band : 0 < upstream_decay < 1.
Proof. unfold upstream_decay; lra. Qed.

(** INV-17, φ-grid completeness (Proven). The grid lo·φ^k, k = 0 … n−1, covers [lo, lo·φ^(n−1)] in φ steps:
    every x in that range has a grid point g with g ≤ x < g·φ, so a search over the grid never misses an
    optimum by more than one φ step. Mirrors Needle.Core.Preregistration.PhiGridCompleteness (Grid, Holds). *)
Require Import Reals Lra Lia List.
From Needle.Igla Require Import Trinity.
Import ListNotations.
Open Scope R_scope.

(** The φ-grid: lo·φ^k for k = 0 … n−1 (PhiGridCompleteness.Grid). *)
Definition phi_grid (lo : R) (n : nat) : list R := map (fun k => lo * phi ^ k) (seq 0 n).

Lemma phi_gt_1 : 1 < phi.
Proof. pose proof phi_pos; pose proof phi_squared; nra. Qed.

Lemma phi_grid_has : forall lo n k, (k < n)%nat -> In (lo * phi ^ k) (phi_grid lo n).
Proof.
  intros lo n k Hk; unfold phi_grid.
  apply in_map_iff; exists k; split; [reflexivity | apply in_seq; lia].
Qed.

Lemma phi_pow_pos : forall k, 0 < phi ^ k.
Proof. intro k; apply pow_lt, phi_pos. Qed.

Lemma grid_point_step : forall lo k, 0 < lo -> lo * phi ^ k < lo * phi ^ k * phi.
Proof.
  intros lo k Hlo; pose proof (phi_pow_pos k); pose proof phi_gt_1.
  assert (0 < lo * phi ^ k) by (apply Rmult_lt_0_compat; assumption). nra.
Qed.

Theorem phi_grid_complete : forall (lo x : R) (n : nat),
  0 < lo -> (1 <= n)%nat -> lo <= x <= lo * phi ^ (n - 1) ->
  exists g, In g (phi_grid lo n) /\ g <= x < g * phi.
Proof.
  intros lo x n Hlo Hn; destruct n as [|m]; [lia|]; clear Hn.
  replace (S m - 1)%nat with m by lia.
  induction m as [|m IH]; intros [Hlox Hxhi].
  - exists (lo * phi ^ 0); split; [apply phi_grid_has; lia|].
    simpl in *; split; [lra|].
    pose proof phi_gt_1; nra.
  - destruct (Rle_lt_dec x (lo * phi ^ m)) as [Hle|Hgt].
    + destruct (IH (conj Hlox Hle)) as [g [Hin Hg]].
      exists g; split; [|exact Hg].
      unfold phi_grid in *; rewrite seq_S, map_app; apply in_or_app; left; exact Hin.
    + destruct (Rlt_le_dec x (lo * phi ^ S m)) as [Hlt|Hge].
      * exists (lo * phi ^ m); split; [apply phi_grid_has; lia|].
        split; [lra|]. simpl in Hlt. lra.
      * assert (Hx : x = lo * phi ^ S m) by lra.
        exists (lo * phi ^ S m); split; [apply phi_grid_has; lia|].
        rewrite Hx; split; [lra | apply grid_point_step; exact Hlo].
Qed.

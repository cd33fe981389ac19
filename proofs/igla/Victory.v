(** INV-6, the victory gate. A ledger row passes when its step is at least 4000 and its BPB is strictly
    below the target; victory needs passing rows from at least 3 distinct seeds. The theorem: victory implies
    three rows of the ledger, with pairwise distinct seeds, each at step ≥ 4000 and BPB < target.
    Mirrors Needle.Core.Gates.VictoryGate.Evaluate. *)
Require Import Reals Lra Arith Lia List Bool.
Import ListNotations.
Open Scope R_scope.

Record row := { seed : nat; step : nat; bpb : R }.

Definition min_step : nat := 4000.
Definition required_seeds : nat := 3.

Definition passes (target : R) (r : row) : bool :=
  andb (Nat.leb min_step (step r)) (if Rlt_dec (bpb r) target then true else false).

Definition passing_seeds (target : R) (rows : list row) : list nat :=
  nodup Nat.eq_dec (map seed (filter (passes target) rows)).

Definition victory (target : R) (rows : list row) : bool :=
  Nat.leb required_seeds (length (passing_seeds target rows)).

Lemma passes_spec : forall target r, passes target r = true -> (min_step <= step r)%nat /\ bpb r < target.
Proof.
  intros target r H; unfold passes in H.
  apply andb_true_iff in H as [Hs Hb]; split; [apply Nat.leb_le; exact Hs|].
  destruct (Rlt_dec (bpb r) target); [assumption | discriminate].
Qed.

Lemma passing_seed_has_row : forall target rows s, In s (passing_seeds target rows) ->
  exists r, In r rows /\ seed r = s /\ (min_step <= step r)%nat /\ bpb r < target.
Proof.
  intros target rows s Hs; unfold passing_seeds in Hs.
  apply nodup_In, in_map_iff in Hs as [r [Hseed Hin]].
  apply filter_In in Hin as [Hin Hp].
  destruct (passes_spec target r Hp) as [H1 H2].
  exists r; repeat split; assumption.
Qed.

Theorem victory_implies_three_seeds : forall (target : R) (rows : list row),
  victory target rows = true ->
  exists r1 r2 r3,
    In r1 rows /\ In r2 rows /\ In r3 rows /\
    seed r1 <> seed r2 /\ seed r1 <> seed r3 /\ seed r2 <> seed r3 /\
    (4000 <= step r1)%nat /\ (4000 <= step r2)%nat /\ (4000 <= step r3)%nat /\
    bpb r1 < target /\ bpb r2 < target /\ bpb r3 < target.
Proof.
  intros target rows Hv; unfold victory, required_seeds in Hv; apply Nat.leb_le in Hv.
  pose proof (NoDup_nodup Nat.eq_dec (map seed (filter (passes target) rows))) as Hnd.
  fold (passing_seeds target rows) in Hnd.
  pose proof (passing_seed_has_row target rows) as Hrow.
  destruct (passing_seeds target rows) as [|s1 [|s2 [|s3 rest]]]; simpl in Hv; try lia.
  apply NoDup_cons_iff in Hnd as [N1 Hnd]; apply NoDup_cons_iff in Hnd as [N2 _].
  destruct (Hrow s1 ltac:(simpl; auto)) as [r1 [I1 [S1 [T1 B1]]]].
  destruct (Hrow s2 ltac:(simpl; auto)) as [r2 [I2 [S2 [T2 B2]]]].
  destruct (Hrow s3 ltac:(simpl; auto)) as [r3 [I3 [S3 [T3 B3]]]].
  exists r1, r2, r3; unfold min_step in *; subst.
  repeat split; try assumption; intro E.
  - apply N1; rewrite E; simpl; auto.
  - apply N1; rewrite E; simpl; auto.
  - apply N2; rewrite E; simpl; auto.
Qed.

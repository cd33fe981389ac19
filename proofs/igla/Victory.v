(** INV-6, the victory gate's decision for one claim, modelling Needle.Core.Gates.VictoryGate.Evaluate.
    A claim's rows on the gate's seeds must: have pairwise distinct seeds (duplicates are rejected, never
    merged); each pass the row checks the model leaves abstract as [row_ok] (commit, corpus, split, config —
    the C# checks them against git and the gate book); lie in the plausibility band; reach the gate's
    minimum step; be strictly below the target; and be reproduced — at least one row reproduces it, and every
    row that does has the same seed, passes the row checks and the band, and agrees within the tolerance.
    At least [min_seeds] distinct seeds are needed, and the one-sample t statistic of their BPBs against mu0
    must fall below the lower-tail critical value, a parameter (the C# takes it from Student's t at the
    Bonferroni-corrected α; an undefined t — fewer than 2 rows or zero variance — is never a victory).
    Theorems: a victory implies each of those conditions, and (for a critical value ≤ 0) that the mean BPB
    is below mu0. *)
Require Import Reals Lra Arith Lia List Bool.
Import ListNotations.
Open Scope R_scope.

Record row := { run_id : nat; seed : nat; step : nat; bpb : R; reproduces : option nat }.

Record gate := {
  target : R; gate_seeds : list nat; min_seeds : nat; min_step : nat;
  band_lo : R; band_hi : R; tolerance : R; mu0 : R; critical : R }.

Definition Rltb (a b : R) : bool := if Rlt_dec a b then true else false.
Definition Rleb (a b : R) : bool := if Rle_dec a b then true else false.

Definition in_band (g : gate) (r : row) : bool := Rleb (band_lo g) (bpb r) && Rleb (bpb r) (band_hi g).

Definition reproduces_row (r p : row) : bool :=
  match reproduces p with Some id => Nat.eqb id (run_id r) | None => false end.

(** Every reproduction of [r] is sound, and there is one. *)
Definition reproduced (row_ok : row -> bool) (g : gate) (repros : list row) (r : row) : bool :=
  let ps := filter (reproduces_row r) repros in
  negb (Nat.eqb (length ps) 0) &&
  forallb (fun p => row_ok p && in_band g p && Nat.eqb (seed p) (seed r) && Rleb (Rabs (bpb p - bpb r)) (tolerance g)) ps.

Definition row_passes (row_ok : row -> bool) (g : gate) (repros : list row) (r : row) : bool :=
  row_ok r && in_band g r && Nat.leb (min_step g) (step r) && Rltb (bpb r) (target g) && reproduced row_ok g repros r.

Fixpoint sum (xs : list R) : R := match xs with [] => 0 | x :: t => x + sum t end.
Definition mean (xs : list R) : R := sum xs / INR (length xs).
Definition variance (xs : list R) : R :=
  sum (map (fun x => (x - mean xs) ^ 2) xs) / INR (length xs - 1).
Definition t_statistic (xs : list R) (m0 : R) : R :=
  (mean xs - m0) / (sqrt (variance xs) / sqrt (INR (length xs))).

(** The decision on a claim's rows on the gate's seeds ([rows]) and the ledger's reproduction rows. *)
Definition victory (row_ok : row -> bool) (g : gate) (rows repros : list row) : bool :=
  let seeds := map seed rows in
  forallb (fun r => existsb (Nat.eqb (seed r)) (gate_seeds g)) rows &&
  Nat.eqb (length (nodup Nat.eq_dec seeds)) (length seeds) &&
  forallb (row_passes row_ok g repros) rows &&
  Nat.leb (min_seeds g) (length (nodup Nat.eq_dec seeds)) &&
  Nat.leb 2 (length rows) && Rltb 0 (variance (map bpb rows)) &&
  Rltb (t_statistic (map bpb rows) (mu0 g)) (critical g).

Lemma Rltb_true : forall a b, Rltb a b = true -> a < b.
Proof. intros a b H; unfold Rltb in H; destruct (Rlt_dec a b); [assumption | discriminate]. Qed.

Lemma Rleb_true : forall a b, Rleb a b = true -> a <= b.
Proof. intros a b H; unfold Rleb in H; destruct (Rle_dec a b); [assumption | discriminate]. Qed.

Lemma nodup_length_NoDup : forall l : list nat, length (nodup Nat.eq_dec l) = length l -> NoDup l.
Proof.
  induction l as [|a t IH]; intro H; [constructor|]; simpl in H.
  destruct (in_dec Nat.eq_dec a t) as [Hin|Hnin].
  - assert (Hle : (length (nodup Nat.eq_dec t) <= length t)%nat).
    { apply NoDup_incl_length; [apply NoDup_nodup | intros x Hx; apply nodup_In in Hx; exact Hx]. }
    lia.
  - simpl in H; constructor; [exact Hnin | apply IH; lia].
Qed.

Theorem victory_sound : forall row_ok g rows repros, victory row_ok g rows repros = true ->
  NoDup (map seed rows) /\
  (min_seeds g <= length rows)%nat /\
  (forall r, In r rows ->
     In (seed r) (gate_seeds g) /\ row_ok r = true /\
     band_lo g <= bpb r <= band_hi g /\ (min_step g <= step r)%nat /\ bpb r < target g /\
     (exists p, In p repros /\ reproduces p = Some (run_id r)) /\
     (forall p, In p repros -> reproduces p = Some (run_id r) ->
        row_ok p = true /\ seed p = seed r /\ Rabs (bpb p - bpb r) <= tolerance g)) /\
  t_statistic (map bpb rows) (mu0 g) < critical g.
Proof.
  intros row_ok g rows repros H; unfold victory in H.
  repeat rewrite andb_true_iff in H.
  destruct H as [[[[[[Hseeds Hdistinct] Hpass] Hmin] H2] Hvar] Ht].
  apply Nat.eqb_eq in Hdistinct; apply Nat.leb_le in Hmin.
  assert (Hnd : NoDup (map seed rows)) by (apply nodup_length_NoDup; exact Hdistinct).
  split; [exact Hnd|]. split; [rewrite Hdistinct, map_length in Hmin; exact Hmin|].
  split; [|apply Rltb_true; exact Ht].
  intros r Hr.
  rewrite forallb_forall in Hseeds, Hpass.
  specialize (Hseeds r Hr); apply existsb_exists in Hseeds as [s [Hs Hsr]]; apply Nat.eqb_eq in Hsr; subst s.
  specialize (Hpass r Hr); unfold row_passes in Hpass; repeat rewrite andb_true_iff in Hpass.
  destruct Hpass as [[[[Hok Hband] Hstep] Htarget] Hrep].
  unfold in_band in Hband; rewrite andb_true_iff in Hband; destruct Hband as [Hlo Hhi].
  unfold reproduced in Hrep; rewrite andb_true_iff in Hrep; destruct Hrep as [Hsome Hall].
  rewrite forallb_forall in Hall.
  split; [exact Hs|]. split; [exact Hok|].
  split; [split; apply Rleb_true; assumption|].
  split; [apply Nat.leb_le; exact Hstep|].
  split; [apply Rltb_true; exact Htarget|].
  split.
  - destruct (filter (reproduces_row r) repros) as [|p ps] eqn:Hf; [discriminate|].
    assert (Hp : In p (filter (reproduces_row r) repros)) by (rewrite Hf; left; reflexivity).
    apply filter_In in Hp as [Hin Hrr]; exists p; split; [exact Hin|].
    unfold reproduces_row in Hrr; destruct (reproduces p) as [id|]; [apply Nat.eqb_eq in Hrr; subst; reflexivity | discriminate].
  - intros p Hin Hid; assert (Hf : In p (filter (reproduces_row r) repros))
      by (apply filter_In; split; [exact Hin | unfold reproduces_row; rewrite Hid; apply Nat.eqb_refl]).
    specialize (Hall p Hf); repeat rewrite andb_true_iff in Hall.
    destruct Hall as [[[Hpok _] Hseed] Htol].
    split; [exact Hpok|]. split; [apply Nat.eqb_eq; exact Hseed | apply Rleb_true; exact Htol].
Qed.

(** With a lower-tail critical value ≤ 0 (any α ≤ 1/2), a victory's mean BPB is below mu0. *)
Theorem victory_mean_below_mu0 : forall row_ok g rows repros,
  critical g <= 0 -> victory row_ok g rows repros = true -> mean (map bpb rows) < mu0 g.
Proof.
  intros row_ok g rows repros Hc H; unfold victory in H.
  repeat rewrite andb_true_iff in H.
  destruct H as [[[[[[_ _] _] _] H2] Hvar] Ht].
  apply Rltb_true in Hvar, Ht; apply Nat.leb_le in H2.
  unfold t_statistic in Ht.
  assert (Hn : 0 < INR (length (map bpb rows))) by (rewrite map_length; apply lt_0_INR; lia).
  assert (Hd : 0 < sqrt (variance (map bpb rows)) / sqrt (INR (length (map bpb rows)))).
  { apply Rdiv_lt_0_compat; apply sqrt_lt_R0; assumption. }
  destruct (Rlt_or_le (mean (map bpb rows)) (mu0 g)) as [Hlt|Hge]; [exact Hlt|].
  exfalso.
  assert (0 <= (mean (map bpb rows) - mu0 g) / (sqrt (variance (map bpb rows)) / sqrt (INR (length (map bpb rows))))).
  { apply Rmult_le_pos; [lra | left; apply Rinv_0_lt_compat; exact Hd]. }
  lra.
Qed.

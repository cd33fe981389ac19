(** INV-5, ASHA at arrival. Mirrors Needle.Search.Asha.AshaScheduler.Report, the asynchronous rule Needle
    runs: when a result x arrives at a rung after the results [before], it is recorded, and x continues
    (Promote) iff fewer than max(1, ⌊n/η⌋) of the n results recorded so far (before ++ [x]) are strictly
    better than x (lower BPB; ties share the better rank, as RankAndKeep counts); at the last rung every
    result is Complete. The theorem: the final champion of a rung — a result no worse than any result that
    ever arrives there, before or after it — is never Stopped, whatever the arrival order.
    BPBs are reals here; the C# ranks a non-finite value last and never promotes it. *)
Require Import Reals Lra Arith Lia List Bool.
Import ListNotations.
Open Scope R_scope.

Record result := { trial : nat; bpb : R }.

Inductive outcome := Promote | Stop | Complete.

(** max(1, ⌊n/η⌋): AshaScheduler.KeepCount. *)
Definition keep_count (eta n : nat) : nat := Nat.max 1 (n / eta).

(** [r] is another trial's result strictly better than [x]. *)
Definition strictly_better (x r : result) : bool :=
  negb (Nat.eqb (trial r) (trial x)) && (if Rlt_dec (bpb r) (bpb x) then true else false).

(** x's rank among the recorded results: how many are strictly better. *)
Definition rank (x : result) (recorded : list result) : nat := length (filter (strictly_better x) recorded).

(** The decision for [x] arriving after [before] (AshaScheduler.Report). *)
Definition decide (eta : nat) (last_rung : bool) (before : list result) (x : result) : outcome :=
  if last_rung then Complete
  else if Nat.ltb (rank x (before ++ [x])) (keep_count eta (length (before ++ [x]))) then Promote else Stop.

Lemma keep_count_pos : forall eta n, (1 <= keep_count eta n)%nat.
Proof. intros; unfold keep_count; lia. Qed.

(** The rule as the issue states it: promoted iff it ranks in the top max(1, ⌊n/η⌋) of the results so far. *)
Theorem asha_promotes_iff_top : forall eta before x,
  decide eta false before x = Promote <->
  (rank x (before ++ [x]) < keep_count eta (length before + 1))%nat.
Proof.
  intros eta before x; unfold decide; rewrite app_length; simpl.
  destruct (Nat.ltb_spec (rank x (before ++ [x])) (keep_count eta (length before + 1))) as [Hl|Hl]; split;
    intro E; try discriminate; try reflexivity; lia.
Qed.

Lemma rank_of_minimum : forall x recorded, (forall r, In r recorded -> bpb x <= bpb r) -> rank x recorded = 0%nat.
Proof.
  intros x recorded H; unfold rank.
  induction recorded as [|r t IH]; [reflexivity|]; simpl.
  unfold strictly_better at 1.
  destruct (Rlt_dec (bpb r) (bpb x)) as [Hlt|_].
  - specialize (H r (or_introl eq_refl)); lra.
  - rewrite andb_false_r; apply IH; intros y Hy; apply H; right; exact Hy.
Qed.

(** The first arrival at a rung always continues. *)
Corollary asha_first_arrival_promoted : forall eta x, decide eta false [] x = Promote.
Proof.
  intros eta x; unfold decide; rewrite rank_of_minimum.
  - pose proof (keep_count_pos eta (length ([] ++ [x]))) as Hk; destruct (Nat.ltb_spec 0 (keep_count eta (length ([] ++ [x])))); [reflexivity | lia].
  - intros r [Hr|[]]; subst; lra.
Qed.

Theorem asha_final_champion_never_pruned : forall (eta : nat) (last_rung : bool) (arrivals : list result) (i : nat) (c : result),
  nth_error arrivals i = Some c ->
  (forall r, In r arrivals -> bpb c <= bpb r) ->
  decide eta last_rung (firstn i arrivals) c <> Stop.
Proof.
  intros eta last arrivals i c Hc Hmin; unfold decide.
  destruct last; [discriminate|].
  rewrite rank_of_minimum.
  - pose proof (keep_count_pos eta (length (firstn i arrivals ++ [c]))).
    destruct (Nat.ltb_spec 0 (keep_count eta (length (firstn i arrivals ++ [c])))); [discriminate | lia].
  - intros r Hr; apply in_app_or in Hr as [Hr|[Hr|[]]].
    + apply Hmin; rewrite <- (firstn_skipn i arrivals); apply in_or_app; left; exact Hr.
    + subst; lra.
Qed.

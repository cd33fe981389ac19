namespace Needle.Audit.Tests.Falsification.FalseStatements;

/// <summary>
/// The four statements proofs/igla/Accelerators.v once ADMITTED although they are false as written (issue 9,
/// item 1), verbatim from that file, and one true statement (φ-grid completeness) as a control. The planted-fault
/// tests put each back into a sandbox copy of proofs/ as an Admitted invariant and show the audit's counterexample
/// search (step 9) refutes the false ones and not the true one.
/// </summary>
public static class PlantedStatements
{
    public const string Header = """
Require Import Reals Lra List.
Import ListNotations.
Open Scope R_scope.
""";

    public const string MupLrTransfer = """
Definition log2 (x : R) : R := ln x / ln 2.

(** [x] minimises [f] over the positive reals (a learning rate). *)
Definition is_optimal_lr (f : R -> R) (x : R) : Prop := 0 < x /\ forall y, 0 < y -> f x <= f y.

(** INV-13, muP learning-rate transfer: under the muP parameterisation the optimal learning rate found at a
    proxy width is within [mup_tolerance_log2] octaves of the optimum at the target width.
    [loss w lr] is the validation BPB at width [w] and learning rate [lr] after a fixed budget. *)
Definition mup_tolerance_log2 : R := 1.

Theorem mup_lr_transfer : forall (loss : nat -> R -> R) (proxy_width target_width : nat) (lr_proxy lr_target : R),
  (0 < proxy_width)%nat -> (proxy_width <= target_width)%nat ->
  is_optimal_lr (loss proxy_width) lr_proxy ->
  is_optimal_lr (loss target_width) lr_target ->
  Rabs (log2 lr_target - log2 lr_proxy) <= mup_tolerance_log2.
Admitted.
""";

    public const string ZeroCostCorrelationFloor = """
(** Spearman's ρ for samples without ties: 1 − 6·Σ dᵢ² / (n·(n² − 1)), ranks counted from 0. *)
Definition rank (l : list R) (x : R) : R :=
  INR (length (filter (fun y => if Rlt_dec y x then true else false) l)).

Fixpoint sum_sq_rank_diff (xs ys : list R) (ax ay : list R) : R :=
  match ax, ay with
  | x :: tx, y :: ty => (rank xs x - rank ys y) ^ 2 + sum_sq_rank_diff xs ys tx ty
  | _, _ => 0
  end.

Definition spearman (xs ys : list R) : R :=
  let n := INR (length xs) in 1 - 6 * sum_sq_rank_diff xs ys xs ys / (n * (n * n - 1)).

(** INV-14, zero-cost correlation floor: over a sample of at least [zero_cost_min_sample] architectures,
    the zero-cost score's Spearman correlation with the trained BPB ranking is at least [zero_cost_floor]. *)
Definition zero_cost_floor : R := 0.5.
Definition zero_cost_min_sample : nat := 8.

Theorem zero_cost_correlation_floor : forall (proxy_scores trained_bpb : list R),
  length proxy_scores = length trained_bpb ->
  (zero_cost_min_sample <= length proxy_scores)%nat ->
  NoDup proxy_scores -> NoDup trained_bpb ->
  zero_cost_floor <= spearman proxy_scores (map Ropp trained_bpb).
Admitted.
""";

    public const string SurrogatePruningNoRegret = """
(** The best (lowest) value of [f] over a non-empty list, [default] for the empty one. *)
Fixpoint best (f : nat -> R) (default : R) (l : list nat) : R :=
  match l with
  | [] => default
  | [x] => f x
  | x :: t => Rmin (f x) (best f default t)
  end.

(** INV-15, surrogate pruning without regret: when a surrogate prunes configurations and keeps [kept],
    the best true BPB among the kept is within [surrogate_max_regret] of the best among all candidates. *)
Definition surrogate_max_regret : R := 0.02.

Theorem surrogate_pruning_no_regret : forall (true_bpb predicted_bpb : nat -> R) (candidates kept : list nat),
  candidates <> [] -> kept <> [] -> incl kept candidates ->
  (forall k c, In k kept -> In c candidates -> ~ In c kept -> predicted_bpb k <= predicted_bpb c) ->
  best true_bpb 0 kept - best true_bpb 0 candidates <= surrogate_max_regret.
Admitted.
""";

    public const string UcbSublinearRegret = """
(** Cumulative regret after [t] pulls of a bandit whose arm [i] has mean reward [mu i]; [choice s] is the arm
    pulled at step [s] and [best_mean] the largest mean. *)
Fixpoint cumulative_regret (mu : nat -> R) (best_mean : R) (choice : nat -> nat) (t : nat) : R :=
  match t with
  | O => 0
  | S s => cumulative_regret mu best_mean choice s + (best_mean - mu (choice s))
  end.

(** UCB1's rule given observed rewards: play each arm once, then the arm maximising
    empirical mean + sqrt(2·ln t / pulls). *)
Fixpoint pulls (choice : nat -> nat) (arm t : nat) : nat :=
  match t with
  | O => O
  | S s => (if Nat.eq_dec (choice s) arm then 1 else 0) + pulls choice arm s
  end%nat.

Fixpoint reward_sum (choice : nat -> nat) (reward : nat -> R) (arm t : nat) : R :=
  match t with
  | O => 0
  | S s => (if Nat.eq_dec (choice s) arm then reward s else 0) + reward_sum choice reward arm s
  end.

Definition ucb_index (choice : nat -> nat) (reward : nat -> R) (arm t : nat) : R :=
  reward_sum choice reward arm t / INR (pulls choice arm t) + sqrt (2 * ln (INR t) / INR (pulls choice arm t)).

Definition follows_ucb1 (arms : nat) (choice : nat -> nat) (reward : nat -> R) : Prop :=
  (forall t, (t < arms)%nat -> choice t = t) /\
  (forall t, (arms <= t)%nat -> (choice t < arms)%nat /\
     forall j, (j < arms)%nat -> ucb_index choice reward j t <= ucb_index choice reward (choice t) t).

(** INV-16, UCB without regret: a bandit that follows UCB1 on rewards in [0, 1] with means [mu] has
    sublinear cumulative regret (its average regret tends to 0). The true theorem is about expected regret
    under a probability model the standard library does not have; this is its pathwise statement. *)
Theorem ucb_sublinear_regret : forall (arms : nat) (mu : nat -> R) (best_mean : R) (choice : nat -> nat) (reward : nat -> R),
  (0 < arms)%nat ->
  (forall i, (i < arms)%nat -> mu i <= best_mean) ->
  (forall t, 0 <= reward t <= 1) ->
  follows_ucb1 arms choice reward ->
  forall eps, 0 < eps -> exists T0, forall T, (T0 <= T)%nat -> cumulative_regret mu best_mean choice T <= eps * INR T.
Admitted.
""";

    public const string PhiGridCompleteAdmitted = """
From Needle.Igla Require Import Trinity.

(** A TRUE statement planted as Admitted (the proven INV-17, restated): the control case of the search. *)
Definition phi_grid' (lo : R) (n : nat) : list R := map (fun k => lo * phi ^ k) (seq 0 n).

Theorem phi_grid_complete_admitted : forall (lo x : R) (n : nat),
  0 < lo -> (1 <= n)%nat -> lo <= x <= lo * phi ^ (n - 1) ->
  exists g, In g (phi_grid' lo n) /\ g <= x < g * phi.
Admitted.
""";
}

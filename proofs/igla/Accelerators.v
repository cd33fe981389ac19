(** The accelerators V1–V7 are EMPIRICAL claims: each is a falsifiable statement about data measured on this
    task, so each is a Coq DEFINITION of its pre-registered predicate over the measured statistics — no
    theorem, no axiom. The registry (status "Empirical") ties each definition to a C# predicate in
    Needle.Core.Preregistration with the same constants (the audit compares them) and to the evidence file
    assertions/evidence/V<n>.json whose recorded verdict must equal the predicate applied to its statistic.

    History: this file used to ADMIT four statements — mup_lr_transfer, zero_cost_correlation_floor,
    surrogate_pruning_no_regret and ucb_sublinear_regret — that are false as written (they quantify over
    arbitrary loss curves, scores, predictors and means). An admitted false statement is an inconsistent
    axiom, so they are gone; the planted-fault tests (tests/Needle.Audit.Tests/Falsification) restore each
    and show the audit's counterexample search refutes it. *)
Require Import Reals.
Open Scope R_scope.

(** V1, muP transfer (falsifier mode 2): under muP every layer's coordinate-check slope of log mean|x|
    against log width is at most [v1_max_abs_slope] in absolute value, and the optimal learning rate moves by
    at most [v1_max_lr_shift] steps of the φ-spaced grid between the proxy and the target width. *)
Definition v1_max_abs_slope : R := 0.1.
Definition v1_max_lr_shift : nat := 1.
Definition v1_holds (max_abs_slope : R) (lr_shift_grid_steps : nat) : Prop :=
  max_abs_slope <= v1_max_abs_slope /\ (lr_shift_grid_steps <= v1_max_lr_shift)%nat.

(** V2, zero-cost proxies (falsifier mode 1): on the history's held-out fold (at least [v2_min_sample]
    configurations) the best proxy's Spearman ρ with rung-2 BPB reaches [v2_min_spearman] and beats the
    parameter-count baseline's ρ. *)
Definition v2_min_spearman : R := 0.5.
Definition v2_min_sample : nat := 40.
Definition v2_holds (rho_best_proxy rho_param_count : R) (sample : nat) : Prop :=
  v2_min_spearman <= rho_best_proxy /\ rho_param_count < rho_best_proxy /\ (v2_min_sample <= sample)%nat.

(** V3, BOHB on ASHA (falsifier mode 3): over at least [v3_min_repetitions] replays, the median regret of
    BOHB+ASHA at the scaled step 6000 minus pure ASHA's is at most [v3_max_regret_excess] (the
    pre-registration's difference form, its threshold 0.0). *)
Definition v3_min_repetitions : nat := 20.
Definition v3_max_regret_excess : R := 0.
Definition v3_holds (median_regret_bohb median_regret_asha : R) (repetitions : nat) : Prop :=
  median_regret_bohb - median_regret_asha <= v3_max_regret_excess /\ (v3_min_repetitions <= repetitions)%nat.

(** V4, surrogate of final BPB (falsifier mode 4): trained on folds 1–4, its mean absolute error on fold 0
    is at most [v4_max_mae] BPB. *)
Definition v4_max_mae : R := 0.1.
Definition v4_holds (mae_fold0 : R) : Prop := 0 <= mae_fold0 /\ mae_fold0 <= v4_max_mae.

(** V5, φ-pruned grid (falsifier mode 5): every top-10% configuration of the history lies within
    [v5_max_grid_steps] grid step(s) of a φ-grid point on every dimension (the pre-registration's threshold 1):
    the largest such distance, in grid steps |log_φ(x / g)|, is at most [v5_max_grid_steps], and so no top
    configuration is excluded. *)
Definition v5_max_grid_steps : R := 1.
Definition v5_max_excluded : nat := 0.
Definition v5_holds (max_distance_grid_steps : R) (excluded_top_configurations : nat) : Prop :=
  max_distance_grid_steps <= v5_max_grid_steps /\ (excluded_top_configurations <= v5_max_excluded)%nat.

(** V6, UCB1 over families (falsifier mode 6): the cumulative regret over the last [v6_window] brackets minus
    uniform allocation's on the same replay is at most [v6_max_regret_excess] (the pre-registration's
    difference form, its threshold 0.0). *)
Definition v6_window : nat := 10.
Definition v6_max_regret_excess : R := 0.
Definition v6_holds (regret_ucb regret_uniform : R) (brackets : nat) : Prop :=
  regret_ucb - regret_uniform <= v6_max_regret_excess /\ (v6_window <= brackets)%nat.

(** V7, online curriculum (falsifier mode 7): over at least [v7_min_seeds] seeds, the variance of final
    BPB with V7 is at most [v7_max_variance_ratio] times the baseline's. *)
Definition v7_max_variance_ratio : R := 1.5.
Definition v7_min_seeds : nat := 3.
Definition v7_holds (variance_v7 variance_baseline : R) (seeds : nat) : Prop :=
  variance_v7 <= v7_max_variance_ratio * variance_baseline /\ (v7_min_seeds <= seeds)%nat.

(** H, the compounded claim (falsifier mode 8 and the plan's four falsifiers): the search with every enabled
    vector reaches the target at least [h_min_speedup] times sooner than the uniform grid (the lower end of a
    95% bootstrap interval over at least [h_min_repetitions] replays), and none of the falsifiers fires: time to
    the first promoted rung with V1+V2+V3 at most [h_max_first_promotion_ratio] of pure ASHA's, at most
    [h_max_proxy_failure_share] of proxy-promoted configurations failing their full-rung evaluation, no victory
    row that cannot be reproduced from its commit, and a simulated false-positive rate of the victory predicate
    under the null (at least [h_min_null_draws] draws) at most [h_max_false_positive_rate]. H is three-valued:
    [h_refuted] and [h_supported] exclude each other; on weak data neither holds ("not determinable"). *)
Definition h_min_speedup : R := 50.
Definition h_max_first_promotion_ratio : R := 0.5.
Definition h_max_proxy_failure_share : R := 0.3.
Definition h_max_false_positive_rate : R := 0.01.
Definition h_min_null_draws : R := 10000.
Definition h_min_repetitions : nat := 20.
Definition h_falsifier_fires (first_promotion_ratio proxy_failure_share false_positive_rate null_draws : R)
    (unreproducible_victory_rows : nat) : Prop :=
  h_max_first_promotion_ratio < first_promotion_ratio \/ h_max_proxy_failure_share < proxy_failure_share
  \/ (0 < unreproducible_victory_rows)%nat
  \/ (h_min_null_draws <= null_draws /\ h_max_false_positive_rate < false_positive_rate).
Definition h_supported (speedup_ci_low first_promotion_ratio proxy_failure_share false_positive_rate null_draws : R)
    (unreproducible_victory_rows repetitions : nat) : Prop :=
  ~ h_falsifier_fires first_promotion_ratio proxy_failure_share false_positive_rate null_draws unreproducible_victory_rows
  /\ h_min_null_draws <= null_draws /\ (h_min_repetitions <= repetitions)%nat /\ h_min_speedup <= speedup_ci_low.
Definition h_refuted (speedup_ci_high max_measurable_speedup first_promotion_ratio proxy_failure_share false_positive_rate
    null_draws : R) (unreproducible_victory_rows repetitions : nat) : Prop :=
  h_falsifier_fires first_promotion_ratio proxy_failure_share false_positive_rate null_draws unreproducible_victory_rows
  \/ ((h_min_repetitions <= repetitions)%nat /\ speedup_ci_high < h_min_speedup /\ h_min_speedup <= max_measurable_speedup).

(** INV-5, ASHA keeps the champion. At a rung with n results, ASHA promotes the best ⌊n/η⌋ of them, and
    at least one. If one result is strictly better (lower BPB) than every other, it is promoted.
    Mirrors Needle.Search.Asha.AshaScheduler: sort by BPB ascending, keep max(1, n / η). *)
Require Import Reals Lra Arith Lia List.
Import ListNotations.
Open Scope R_scope.

Record result := { trial : nat; bpb : R }.

Fixpoint insert (x : result) (l : list result) : list result :=
  match l with
  | [] => [x]
  | y :: t => if Rle_dec (bpb x) (bpb y) then x :: y :: t else y :: insert x t
  end.

Fixpoint sort_by_bpb (l : list result) : list result :=
  match l with
  | [] => []
  | x :: t => insert x (sort_by_bpb t)
  end.

Definition keep_count (eta n : nat) : nat := Nat.max 1 (n / eta).

Definition promote (eta : nat) (rs : list result) : list result :=
  firstn (keep_count eta (length rs)) (sort_by_bpb rs).

(** The head of a list is no worse than anything after it. *)
Lemma result_eq_dec : forall x y : result, {x = y} + {x <> y}.
Proof.
  intros [t1 b1] [t2 b2].
  destruct (Nat.eq_dec t1 t2) as [Ht|Ht]; [|right; intro E; inversion E; contradiction].
  destruct (Req_EM_T b1 b2) as [Hb|Hb]; [left; subst; reflexivity|right; intro E; inversion E; contradiction].
Qed.

Definition head_is_min (l : list result) : Prop :=
  match l with
  | [] => True
  | h :: t => forall y, In y t -> bpb h <= bpb y
  end.

Lemma in_insert : forall x l y, In y (insert x l) <-> x = y \/ In y l.
Proof.
  intros x l y; induction l as [|z t IH]; simpl.
  - tauto.
  - destruct (Rle_dec (bpb x) (bpb z)); simpl; rewrite ?IH; intuition.
Qed.

Lemma in_sort : forall l y, In y (sort_by_bpb l) <-> In y l.
Proof.
  induction l as [|x t IH]; intro y; simpl; [tauto|].
  rewrite in_insert, IH; intuition.
Qed.

Lemma insert_head_is_min : forall x l, head_is_min l -> head_is_min (insert x l).
Proof.
  intros x l Hl; destruct l as [|z t]; simpl.
  - intros y [].
  - destruct (Rle_dec (bpb x) (bpb z)) as [Hxz|Hxz]; simpl.
    + intros y [Hy|Hy]; [subst; exact Hxz|].
      simpl in Hl; specialize (Hl y Hy); lra.
    + intros y Hy; apply in_insert in Hy as [Hy|Hy]; [subst; lra|].
      exact (Hl y Hy).
Qed.

Lemma sort_head_is_min : forall l, head_is_min (sort_by_bpb l).
Proof.
  induction l as [|x t IH]; simpl; [exact I|].
  apply insert_head_is_min; exact IH.
Qed.

Theorem asha_keeps_champion : forall (eta : nat) (rs : list result) (c : result),
  In c rs ->
  (forall r, In r rs -> r <> c -> bpb c < bpb r) ->
  In c (promote eta rs).
Proof.
  intros eta rs c Hc Hbest; unfold promote.
  assert (Hk : (1 <= keep_count eta (length rs))%nat) by (unfold keep_count; lia).
  pose proof (sort_head_is_min rs) as Hmin.
  assert (Hin : In c (sort_by_bpb rs)) by (apply in_sort; exact Hc).
  destruct (sort_by_bpb rs) as [|h t] eqn:Hs; [destruct Hin|].
  destruct (keep_count eta (length rs)) as [|k]; [lia|]; simpl.
  left.
  destruct Hin as [Hh|Ht]; [exact Hh|].
  assert (Hhin : In h rs) by (apply in_sort; rewrite Hs; left; reflexivity).
  destruct (Rle_dec (bpb h) (bpb c)) as [Hle|Hgt]; [|simpl in Hmin; specialize (Hmin c Ht); lra].
  destruct (result_eq_dec h c) as [E|Hne]; [exact E|].
  specialize (Hbest h Hhin Hne); lra.
Qed.

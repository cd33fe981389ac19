(** INV-3, the GF16 codec. The upstream GF16 (1 sign, 6 exponent, 9 mantissa bits; Needle.Training.Formats.
    NumberFormats.Gf16) encodes a normal value by TRUNCATING its significand toward zero. A positive binary32
    value is s·2^e with an integer significand s; in the binade 2^(m+k) ≤ s < 2^(m+k+1) the encoder keeps
    n = s / 2^k (the hidden bit and m = 9 stored bits) and the value decodes as n·2^k·2^e
    (MiniFloatCodec.Encode: RoundRightShift with Rounding.TowardZero). The theorem: the kept significand fits
    in the format (2^m ≤ n < 2^(m+1)), decoding never exceeds the input, the relative error is below 2^-m,
    and encoding is monotone — so quantising weights never reorders them.
    The deploy rule "GF16 needs hidden ≥ 256" (DeployValidator.Gf16MinHidden) is a policy, not a theorem; its
    constant is [gf16_min_hidden], anchored to the C# constant by the audit. *)
Require Import Arith Lia.

Definition gf16_mantissa_bits : nat := 9.
Definition gf16_min_hidden : nat := 256.

(** The kept significand and the decoded significand (in units of 2^e) of truncation by k bits. *)
Definition kept (s k : nat) : nat := s / 2 ^ k.
Definition truncate (s k : nat) : nat := kept s k * 2 ^ k.

Lemma pow2_pos : forall k, 0 < 2 ^ k.
Proof. intro k; apply Nat.neq_0_lt_0, Nat.pow_nonzero; lia. Qed.

Lemma truncate_le : forall s k, truncate s k <= s.
Proof.
  intros s k; unfold truncate, kept; rewrite Nat.mul_comm.
  apply Nat.mul_div_le; pose proof (pow2_pos k); lia.
Qed.

Lemma truncate_error : forall s k, s - truncate s k < 2 ^ k.
Proof.
  intros s k; unfold truncate, kept; pose proof (pow2_pos k).
  pose proof (Nat.div_mod s (2 ^ k) ltac:(lia)) as Hdm.
  pose proof (Nat.mod_upper_bound s (2 ^ k) ltac:(lia)). nia.
Qed.

Lemma truncate_monotone : forall s1 s2 k, s1 <= s2 -> truncate s1 k <= truncate s2 k.
Proof.
  intros s1 s2 k H; unfold truncate, kept.
  apply Nat.mul_le_mono_r, Nat.div_le_mono; [pose proof (pow2_pos k); lia | exact H].
Qed.

Lemma kept_in_format : forall m s k, 2 ^ (m + k) <= s < 2 ^ (m + k + 1) ->
  2 ^ m <= kept s k < 2 ^ (m + 1).
Proof.
  intros m s k [Hlo Hhi]; unfold kept; pose proof (pow2_pos k); split.
  - apply Nat.div_le_lower_bound; [lia|]. rewrite <- Nat.pow_add_r, Nat.add_comm; exact Hlo.
  - apply Nat.div_lt_upper_bound; [lia|]. rewrite <- Nat.pow_add_r.
    replace (k + (m + 1)) with (m + k + 1) by lia; exact Hhi.
Qed.

Theorem gf16_truncation_sound : forall s k,
  2 ^ (gf16_mantissa_bits + k) <= s < 2 ^ (gf16_mantissa_bits + k + 1) ->
  2 ^ gf16_mantissa_bits <= kept s k < 2 ^ (gf16_mantissa_bits + 1) /\
  truncate s k <= s /\
  (s - truncate s k) * 2 ^ gf16_mantissa_bits < s /\
  (forall s', s' <= s -> truncate s' k <= truncate s k).
Proof.
  intros s k Hs; split; [apply kept_in_format; exact Hs|].
  split; [apply truncate_le|]. split.
  - pose proof (truncate_error s k). pose proof (pow2_pos gf16_mantissa_bits).
    destruct Hs as [Hlo _]; rewrite Nat.pow_add_r in Hlo. nia.
  - intros s' H; apply truncate_monotone; exact H.
Qed.

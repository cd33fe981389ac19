(** INV-3, GF16 capacity. A deploy with the GF16 number format is valid only when the hidden width is at
    least 256 (upstream's "INV-3"; below it the 9-bit mantissa's quantisation error dominated). Mirrors
    Needle.Core.Canon.DeployValidator.Gf16MinHidden and its check. *)
Require Import Arith Lia.

Inductive number_format := FP32 | GF16 | Other.

Definition gf16_min_hidden : nat := 256.

Definition capacity_ok (format : number_format) (hidden : nat) : bool :=
  match format with
  | GF16 => Nat.leb gf16_min_hidden hidden
  | _ => true
  end.

Theorem gf16_requires_hidden_256 : forall hidden : nat,
  capacity_ok GF16 hidden = true <-> 256 <= hidden.
Proof.
  intro hidden; unfold capacity_ok, gf16_min_hidden; apply Nat.leb_le.
Qed.

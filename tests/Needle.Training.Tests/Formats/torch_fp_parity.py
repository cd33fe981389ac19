"""Parity oracle for Needle's FP16 and BF16 encoders: PyTorch's own float32 -> float16/bfloat16 conversions.

Usage: python3 torch_fp_parity.py INPUT OUTPUT
INPUT is raw little-endian float32 values; OUTPUT receives, for each value, the little-endian uint16 bits of
torch's float16 conversion followed (as a second block of the same length) by those of its bfloat16 conversion.
Only the Parity test (TorchConversionParityTests.cs) runs this; it never feeds anything back into Needle.
"""
import sys

import numpy as np
import torch


def main() -> int:
    source, target = sys.argv[1], sys.argv[2]
    values = torch.from_numpy(np.fromfile(source, dtype="<f4"))
    half_bits = values.to(torch.float16).view(torch.int16).numpy().astype("<u2")
    bf16_bits = values.to(torch.bfloat16).view(torch.int16).numpy().astype("<u2")
    np.concatenate([half_bits, bf16_bits]).tofile(target)
    print(f"torch {torch.__version__}: converted {values.numel()} values", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

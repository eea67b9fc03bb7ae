"""How close a student's floating-point result must be to the reference: one table.

Two correct programs rarely round identically: ``(a + b) + c`` and ``a + (b + c)``
differ in the last bits, and a different but equivalent formula (``x.sum() / n``
against ``x.mean()``) takes another path through the hardware. The tolerances
below sit a few orders of magnitude above those rounding differences and far
below the size of any real mistake (a wrong scale, a wrong dim, a missing term).
"""

from __future__ import annotations

import torch

# (rtol, atol) by dtype, for results of a few dozen arithmetic steps.
_BY_DTYPE: dict[torch.dtype, tuple[float, float]] = {
    # float64 rounding is ~1e-16 per step: anything past 1e-7 is a different formula.
    torch.float64: (1e-7, 1e-9),
    # float32 rounding is ~6e-8 per step; sums over hundreds of terms reach ~1e-5.
    torch.float32: (1e-5, 1e-6),
    # half precision keeps ~3 significant digits (bfloat16 ~2).
    torch.float16: (2e-3, 1e-3),
    torch.bfloat16: (1.6e-2, 1e-2),
}

# On CUDA a float32 matrix product may run in TF32 (10-bit mantissa, ~5e-4 relative)
# when the student or a library turns it on, and reductions are split differently.
_CUDA_FLOAT32 = (5e-3, 5e-4)
# MPS has no float64 and its float32 kernels use fast-math approximations for exp/erf.
_MPS_FLOAT32 = (1e-4, 1e-5)


def tolerance(dtype: torch.dtype, device: torch.device | str = "cpu") -> tuple[float, float]:
    """(rtol, atol) for comparing results of ``dtype`` computed on ``device``."""
    device_type = torch.device(device).type
    if dtype == torch.float32 and device_type == "cuda":
        return _CUDA_FLOAT32
    if dtype == torch.float32 and device_type == "mps":
        return _MPS_FLOAT32
    return _BY_DTYPE.get(dtype, (0.0, 0.0))  # integers and bools compare exactly


def for_magnitude(dtype: torch.dtype, magnitude: float, device: torch.device | str = "cpu") -> tuple[float, float]:
    """(rtol, atol) for results that depend on differences of inputs as large as ``magnitude``.

    An input of size 1e4 in float32 is only known to about 1e-3 (its spacing), so a
    correct formula that subtracts large numbers, such as ``exp(x - logsumexp(x))``,
    may be off by that much; the max-shift form happens to be exact. Both are right.
    """
    rtol, atol = tolerance(dtype, device)
    spread = 4 * torch.finfo(dtype).eps * magnitude
    return max(rtol, spread), max(atol, spread)

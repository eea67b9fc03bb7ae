"""Seeded inputs for checks: drawn on the CPU from the test's generator, then moved."""

from __future__ import annotations

import torch
from hypothesis import Phase, settings


def examples(n: int) -> settings:
    """Hypothesis settings for a check: ``n`` examples, the same ones on every run.

    No shrinking: each example is a call into the worker, and our failure messages do
    not need the smallest failing input. No database, so grading writes no files.
    """
    return settings(max_examples=n, derandomize=True, database=None, deadline=None,
                    phases=(Phase.explicit, Phase.generate))


def placed(device: torch.device | str, dtype: torch.dtype) -> torch.device:
    """Where a check can put data of ``dtype``: MPS has no float64, so those checks use the CPU."""
    device = torch.device(device)
    return torch.device("cpu") if device.type == "mps" and dtype == torch.float64 else device


def randn(gen: torch.Generator, *shape: int, device: torch.device | str = "cpu",
          dtype: torch.dtype = torch.float32) -> torch.Tensor:
    return torch.randn(*shape, generator=gen, dtype=dtype).to(placed(device, dtype))


def randint(gen: torch.Generator, low: int, high: int, *shape: int,
            device: torch.device | str = "cpu") -> torch.Tensor:
    return torch.randint(low, high, shape, generator=gen).to(device)


def meta_like(t: torch.Tensor) -> torch.Tensor:
    """The same shape and dtype on the meta device, where mixing devices raises."""
    return torch.empty_like(t, device="meta")

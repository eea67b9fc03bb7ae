"""Which device the checks run on."""

from __future__ import annotations

import torch

from autograder.errors import GraderError

CHOICES = ("auto", "cpu", "cuda", "mps")


def _mps_available() -> bool:
    return bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())


def resolve_device(name: str) -> torch.device:
    """``auto`` picks CUDA, then MPS, then the CPU; a forced device must exist."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if _mps_available() else torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise GraderError("--device cuda: this machine has no CUDA device that torch can use")
    if name == "mps" and not _mps_available():
        raise GraderError("--device mps: this machine has no MPS device that torch can use")
    if name not in CHOICES:
        raise GraderError(f"--device {name}: choose one of {', '.join(CHOICES)}")
    return torch.device(name)

"""Fixtures shared by the project's tests."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
import torch

from autograder.assignments import ASSIGNMENTS, REPO_ROOT, Assignment
from autograder.grading import grade_submission
from autograder.results import SubmissionResult

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else []) + (
    ["mps"] if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available() else [])


@pytest.fixture(scope="session")
def tensors() -> Assignment:
    return ASSIGNMENTS["01_tensors"]


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO_ROOT


@pytest.fixture(params=DEVICES)
def device(request: pytest.FixtureRequest) -> torch.device:
    return torch.device(request.param)


@pytest.fixture(scope="session")
def grade() -> Callable[..., SubmissionResult]:
    """Grade a notebook in-process on the CPU unless told otherwise."""

    def run(path: Path, *, device: str | torch.device = "cpu", timeout: float = 10.0, **kwargs) -> SubmissionResult:
        return grade_submission(Path(path), device=torch.device(device), timeout=timeout, **kwargs)

    return run


def by_id(result: SubmissionResult) -> dict:
    return {e.id: e for e in result.exercises}

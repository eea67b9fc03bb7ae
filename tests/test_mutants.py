"""Every check can fail: realistic wrong answers lose points, correct variants keep them.

Wrong answers are graded in rounds: round r puts each exercise's r-th wrong answer
into one notebook (exercises are graded independently), so a few gradings cover all.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
import tempfile

import pytest
import torch

from autograder.assignments import ASSIGNMENTS
from autograder.grading import grade_submission
from tests.mutants.tensors import RIGHT, WRONG
from tests.support import reference_answers, submission, write

TENSORS = ASSIGNMENTS["01_tensors"]


def _rounds(catalogue: dict[str, dict]) -> list[tuple[str, str, int]]:
    return [(exercise, label, r) for exercise, variants in catalogue.items()
            for r, label in enumerate(variants)]


@lru_cache(maxsize=None)
def graded_round(kind: str, r: int) -> dict:
    catalogue = WRONG if kind == "wrong" else RIGHT
    answers = reference_answers(TENSORS)
    for exercise, variants in catalogue.items():
        labels = list(variants)
        if r < len(labels):
            code = variants[labels[r]]
            answers[exercise] = code[0] if isinstance(code, tuple) else code
    with tempfile.TemporaryDirectory() as scratch:
        path = write(submission(TENSORS, answers), Path(scratch) / f"{kind}{r}.ipynb")
        result = grade_submission(path, device=torch.device("cpu"))
    return {e.id: e for e in result.exercises}


def test_every_exercise_has_two_wrong_and_one_right_variant():
    for exercise in TENSORS.exercises:
        assert len(WRONG.get(exercise, {})) >= 2, exercise
        assert len(RIGHT.get(exercise, {})) >= 1, exercise


@pytest.mark.parametrize("exercise,label,r", _rounds(WRONG), ids=lambda v: str(v))
def test_wrong_answer_loses_points_and_is_named(exercise, label, r):
    result = graded_round("wrong", r)[exercise]
    phrase = WRONG[exercise][label][1]
    assert result.score < result.max_score, f"{exercise}: '{label}' got full marks"
    messages = " | ".join([result.message] + [t.message for t in result.tests if t.status != "passed"])
    assert phrase.lower() in messages.lower(), f"{exercise}: '{label}' not named; messages: {messages}"


@pytest.mark.parametrize("exercise,label,r", _rounds(RIGHT), ids=lambda v: str(v))
def test_different_but_correct_answer_gets_full_marks(exercise, label, r):
    result = graded_round("right", r)[exercise]
    failing = [f"{t.name}: {t.message}" for t in result.tests if t.status != "passed"]
    assert result.score == result.max_score, f"{exercise}: '{label}' lost points: {failing}"

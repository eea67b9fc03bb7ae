"""check() in the student's kernel: same checks, same messages, raises on failure."""

from __future__ import annotations

import pytest

from autograder.notebook import check
from tests.mutants.tensors import WRONG
from tests.support import reference_answers


def namespace_with(answer: str) -> dict:
    namespace: dict = {}
    exec("import math\nimport numpy as np\nimport torch\n" + answer, namespace)
    return namespace


def test_reference_answer_passes(tensors, capsys):
    check("softmax", namespace=namespace_with(reference_answers(tensors)["softmax"]))
    assert "all" in capsys.readouterr().out


def test_wrong_answer_raises_with_the_graders_message():
    with pytest.raises(AssertionError, match="subtract the max"):
        check("softmax", namespace=namespace_with(WRONG["softmax"]["no max subtraction"][0]))


def test_missing_function_says_so():
    with pytest.raises(AssertionError, match="split_heads is not defined"):
        check("heads", namespace={})


def test_unknown_exercise_is_refused():
    from autograder.errors import GraderError

    with pytest.raises(GraderError, match="no assignment has an exercise"):
        check("no_such_exercise", namespace={})

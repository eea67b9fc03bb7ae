"""The grader end to end on whole notebooks: examples, the blank release, broken submissions."""

from __future__ import annotations

import json

import pytest

from tests.conftest import by_id
from tests.support import reference_answers, submission, write


def test_solved_example_gets_full_marks(grade, repo, device):
    result = grade(repo / "examples/01_tensors/solved.ipynb", device=device)
    failing = {e.id: [t.message for t in e.tests if t.status != "passed"] for e in result.exercises
               if e.status != "passed"}
    assert not failing
    assert result.score == result.max_score == 51


def test_partial_example_gets_partial_marks_with_reasons(grade, repo):
    result = grade(repo / "examples/01_tensors/partial.ipynb")
    exercises = by_id(result)
    assert 0 < result.score < result.max_score
    for passed in ("make_param", "linear_forward", "masked_select_greater", "replace_where", "top_k"):
        assert exercises[passed].status == "passed", passed
    for failed in ("reductions", "softmax", "matmul_shape", "heads", "pick_per_row"):
        assert exercises[failed].status == "failed", failed
        assert exercises[failed].score < exercises[failed].max_score
    messages = " ".join(t.message for t in exercises["softmax"].tests)
    assert "subtract the max" in messages
    assert "not answered yet" in exercises["pick_per_row"].tests[0].message


def test_blank_release_scores_zero_without_crashing(grade, tensors):
    result = grade(tensors.release_path)
    assert result.score == 0
    assert result.max_score == 51
    for exercise in result.exercises:
        assert exercise.status in ("failed", "error"), exercise.id
        assert exercise.tests, exercise.id


def test_missing_answer_cells_are_missing_and_the_rest_is_graded(grade, tensors, tmp_path):
    answers = reference_answers(tensors)
    answers["softmax"] = None
    answers["heads"] = None
    result = grade(write(submission(tensors, answers), tmp_path / "missing.ipynb"))
    exercises = by_id(result)
    assert exercises["softmax"].status == exercises["heads"].status == "missing"
    assert exercises["softmax"].score == 0 and exercises["softmax"].max_score == 9
    assert all(t.status == "missing" for t in exercises["heads"].tests)
    assert result.score == result.max_score - 9 - 7


def test_a_cell_that_fails_to_run_is_an_error_and_the_rest_is_graded(grade, tensors, tmp_path):
    answers = reference_answers(tensors)
    answers["top_k"] = "def top_k(scores, k)\n    return scores.topk(k)\n"  # a syntax error
    answers["pick_per_row"] = "raise RuntimeError('boom')\n"  # fails while the cell runs
    result = grade(write(submission(tensors, answers), tmp_path / "broken.ipynb"))
    exercises = by_id(result)
    assert exercises["top_k"].status == "error" and "SyntaxError" in exercises["top_k"].message
    assert exercises["pick_per_row"].status == "error" and "boom" in exercises["pick_per_row"].message
    assert result.score == result.max_score - 5 - 4


def test_an_endless_loop_times_out_only_its_exercise(grade, tensors, tmp_path):
    answers = reference_answers(tensors)
    answers["softmax"] = "def softmax(x, dim=-1):\n    while True:\n        pass\n"
    answers["heads"] = "while True:\n    pass\n"  # hangs while the cell runs
    result = grade(write(submission(tensors, answers), tmp_path / "loop.ipynb"), timeout=1.5)
    exercises = by_id(result)
    assert exercises["softmax"].status == "timeout"
    assert exercises["softmax"].score == 0
    assert exercises["heads"].status == "timeout"
    assert result.score == result.max_score - 9 - 7
    others = [e for e in result.exercises if e.id not in ("softmax", "heads")]
    assert all(e.status == "passed" for e in others)


def test_a_worker_that_dies_fails_that_test_and_a_fresh_worker_goes_on(grade, tensors, tmp_path):
    answers = reference_answers(tensors)
    answers["linear_forward"] = "import os\n\ndef linear_forward(X, W, b):\n    os._exit(0)\n"
    result = grade(write(submission(tensors, answers), tmp_path / "exit.ipynb"))
    exercises = by_id(result)
    assert exercises["linear_forward"].score == 0
    assert "crashed" in exercises["linear_forward"].tests[0].message
    assert all(e.status == "passed" for e in result.exercises if e.id != "linear_forward")


def test_edited_given_cells_and_magics_do_not_matter(grade, tensors, tmp_path):
    answers = reference_answers(tensors)
    answers["softmax"] = "%time\n!echo hello\n" + answers["softmax"]
    notebook = submission(tensors, answers)
    for cell in notebook.cells:
        if "given" in cell.metadata.get("tags", []):
            cell.source = "raise SystemExit('the student broke the imports')"
    result = grade(write(notebook, tmp_path / "edited.ipynb"))
    assert result.score == result.max_score


def test_json_report_has_the_documented_shape(grade, repo):
    result = grade(repo / "examples/01_tensors/partial.ipynb").to_json()
    assert {"assignment", "submission", "device", "score", "max_score", "exercises"} <= set(result)
    assert result["assignment"] == "01_tensors" and result["device"] == "cpu"
    exercise = result["exercises"][0]
    assert {"id", "score", "max_score", "status", "tests"} <= set(exercise)
    assert {"name", "score", "max_score", "status", "message"} <= set(exercise["tests"][0])
    statuses = {t["status"] for e in result["exercises"] for t in e["tests"]}
    assert statuses <= {"passed", "failed", "error", "timeout", "missing"}
    assert sum(e["score"] for e in result["exercises"]) == pytest.approx(result["score"])


def test_grading_twice_gives_identical_json(grade, repo):
    first = grade(repo / "examples/01_tensors/partial.ipynb").to_json()
    second = grade(repo / "examples/01_tensors/partial.ipynb").to_json()
    assert json.dumps(first) == json.dumps(second)

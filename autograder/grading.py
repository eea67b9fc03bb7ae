"""Grade one submission: extract it, run it in a worker, run the checks against it."""

from __future__ import annotations

from pathlib import Path

import torch

from autograder.extraction import load_submission
from autograder.remote import RemoteStudent
from autograder.results import ExerciseResult, SubmissionResult, exercise_status
from autograder.runner import run_checks
from autograder.worker import warm_up

CELL_STATUS = {"error": "error", "crash": "error", "timeout": "timeout"}


def grade_submission(path: Path, *, device: torch.device, assignment_id: str | None = None,
                     timeout: float = 10.0, hidden: bool = True) -> SubmissionResult:
    submission = load_submission(path, assignment_id)
    assignment = submission.assignment
    not_run: dict[str, tuple[str, str]] = {
        ex: ("missing", f"no answer cell with grade_id {ex!r} in the notebook") for ex in submission.missing
    }
    with RemoteStudent(submission.cells, timeout=timeout) as student:
        # The checks compute references on the meta device too: pay torch's one-off
        # costs for that here while the worker starts on the other core.
        outcomes = student.start(while_waiting=warm_up)
        for exercise in assignment.exercises:
            outcome = outcomes.get(exercise)
            if outcome is not None and outcome.status != "ok":
                not_run[exercise] = (CELL_STATUS[outcome.status], f"the answer cell failed to run: {outcome.message}")
        tests = run_checks(assignment.checks_dir, student, device=device, hidden=hidden, not_run=not_run)
    exercises = []
    for exercise in assignment.exercises:
        own = [t for t in tests if t.exercise == exercise]
        cell_status, message = not_run.get(exercise, (None, ""))
        exercises.append(ExerciseResult(exercise, exercise_status(own, cell_status), message, own))
    return SubmissionResult(assignment.id, str(path), str(device), exercises, submission.notes)

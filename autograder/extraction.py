"""From a submitted notebook to the code the worker runs.

The student's answer cells are taken by ``grade_id`` and laid into the trusted
template (the release notebook): given code comes from the template, never from
the submission, so deleted, reordered, duplicated or edited non-answer cells
cannot change a score. Test cells and demonstrations are not run at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder import notebooks
from autograder.assignments import ASSIGNMENTS, Assignment, get_assignment
from autograder.errors import GraderError


@dataclass
class Submission:
    path: Path
    assignment: Assignment
    cells: list[tuple[str, str]]  # (grade_id, source) in template order: given cells and answers
    answers: dict[str, str]  # exercise id -> the student's code
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def detect_assignment(answers: dict[str, str], path: Path) -> Assignment:
    """The registered assignment whose exercises the notebook answers most of."""
    best, best_overlap = None, 0
    for assignment in ASSIGNMENTS.values():
        overlap = len(set(answers) & set(assignment.exercises))
        if overlap > best_overlap:
            best, best_overlap = assignment, overlap
    if best is None:
        raise GraderError(f"{path}: no answer cell matches a known assignment; pass --assignment")
    return best


def answer_cells(notebook, path: Path) -> tuple[dict[str, str], list[str]]:
    answers: dict[str, str] = {}
    notes: list[str] = []
    for cell in notebook.cells:
        if not notebooks.is_answer(cell):
            continue
        gid = notebooks.grade_id(cell)
        if gid is None:
            continue
        if gid in answers:
            notes.append(f"answer cell {gid!r} appears more than once; the first one is graded")
            continue
        answers[gid] = notebooks.source_of(cell)
    return answers, notes


def load_submission(path: Path, assignment_id: str | None = None) -> Submission:
    notebook = notebooks.read_notebook(path)
    answers, notes = answer_cells(notebook, path)
    assignment = get_assignment(assignment_id) if assignment_id else detect_assignment(answers, path)
    template_path = assignment.release_path
    if not template_path.exists():
        raise GraderError(f"{template_path}: the release template of {assignment.id} is missing; "
                          "run `autograder build`")
    template = notebooks.read_notebook(template_path)
    cells: list[tuple[str, str]] = []
    for cell in template.cells:
        gid = notebooks.grade_id(cell)
        if notebooks.is_given(cell):
            cells.append((gid or "given", notebooks.source_of(cell)))
        elif notebooks.is_answer(cell) and gid in answers:
            cells.append((gid, notebooks.without_magics(answers[gid])))
    missing = [ex for ex in assignment.exercises if ex not in answers]
    unknown = sorted(set(answers) - set(assignment.exercises))
    if unknown:
        notes.append("answer cells not part of " + assignment.id + " were ignored: " + ", ".join(unknown))
    return Submission(Path(path), assignment, cells, {k: v for k, v in answers.items()
                                                      if k in assignment.exercises}, missing, notes)

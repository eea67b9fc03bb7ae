"""Lint a source notebook against the course's conventions and its checks."""

from __future__ import annotations

import re

from autograder import notebooks
from autograder.assignments import Assignment
from autograder.errors import GraderError
from autograder.runner import check_files, collect_points, is_hidden_file


def lint_notebook(assignment: Assignment) -> list[str]:
    """Structure of the source notebook: ids, answer and test cells, given cells."""
    where = f"{assignment.source_path.name} ({assignment.id})"
    if not assignment.source_path.exists():
        return [f"{assignment.source_path}: the source notebook is missing"]
    try:
        notebook = notebooks.read_notebook(assignment.source_path)
    except GraderError as exc:
        return [str(exc)]
    errors: list[str] = []
    cells = notebook.cells
    ids = [notebooks.grade_id(c) for c in cells if notebooks.nbgrader_meta(c)]
    for gid in sorted({g for g in ids if ids.count(g) > 1}, key=str):
        errors.append(f"{where}: grade_id {gid!r} is used by more than one cell")
    if None in ids:
        errors.append(f"{where}: an nbgrader cell has no grade_id")
    answers = _answer_indices(cells)
    for exercise in assignment.exercises:
        if exercise not in answers:
            errors.append(f"{where}: exercise {exercise!r} has no answer cell")
    for extra in sorted(set(answers) - set(assignment.exercises), key=str):
        errors.append(f"{where}: answer cell {extra!r} is not an exercise of {assignment.id} "
                      "(add it to autograder/assignments.py)")
    for exercise, index in answers.items():
        source = notebooks.source_of(cells[index])
        if notebooks.SOLUTION_BEGIN not in source or notebooks.SOLUTION_END not in source:
            errors.append(f"{where}: answer cell {exercise!r} has no ### BEGIN/END SOLUTION markers")
        test = _test_cell_after(cells, index)
        if test is None or notebooks.grade_id(test) != f"check_{exercise}":
            errors.append(f"{where}: answer cell {exercise!r} is not followed by its test cell 'check_{exercise}'")
        elif not re.search(rf"check\(\s*['\"]{re.escape(exercise)}['\"]\s*\)", notebooks.source_of(test)):
            errors.append(f"{where}: test cell 'check_{exercise}' does not call check({exercise!r})")
    for cell in cells:
        if notebooks.is_given(cell) and not notebooks.nbgrader_meta(cell).get("locked"):
            errors.append(f"{where}: given cell {notebooks.grade_id(cell)!r} must be read-only (locked)")
    return errors


def lint_checks(assignment: Assignment) -> list[str]:
    """The checks exist, stay public where they must, and are worth what the notebook says."""
    where = f"{assignment.source_path.name} ({assignment.id})"
    if not assignment.checks_dir.exists():
        return [f"{assignment.checks_dir}: no checks for {assignment.id}"]
    errors: list[str] = []
    for path in check_files(assignment.checks_dir, hidden=True):
        if not is_hidden_file(path) and re.search(r"^\s*(from|import)\s+solutions\b", path.read_text(), re.M):
            errors.append(f"{path}: public checks ship to students and must not import the reference solution")
    try:
        check_points = collect_points(assignment.checks_dir)
    except RuntimeError as exc:
        return errors + [f"{assignment.checks_dir}: {exc}"]
    cells = notebooks.read_notebook(assignment.source_path).cells
    for exercise, index in _answer_indices(cells).items():
        if exercise not in check_points:
            errors.append(f"{assignment.checks_dir}: no checks for exercise {exercise!r}")
            continue
        test = _test_cell_after(cells, index)
        cell_points = notebooks.nbgrader_meta(test).get("points") if test is not None else None
        if cell_points != check_points[exercise]:
            errors.append(f"{where}: test cell 'check_{exercise}' is worth {cell_points} points "
                          f"but the checks of {exercise!r} are worth {float(check_points[exercise]):g}")
    return errors


def _answer_indices(cells: list) -> dict[str, int]:
    return {notebooks.grade_id(c): i for i, c in enumerate(cells) if notebooks.is_answer(c)}


def _test_cell_after(cells: list, index: int):
    test = next((c for c in cells[index + 1:] if c.get("cell_type") == "code"), None)
    return test if test is not None and notebooks.is_test(test) else None

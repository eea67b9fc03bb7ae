"""Helpers for the project's tests: build submissions from the release template."""

from __future__ import annotations

from pathlib import Path

import nbformat

from autograder import notebooks
from autograder.assignments import Assignment


def reference_answers(assignment: Assignment) -> dict[str, str]:
    """The source notebook's answer cells, as a student would type them (no markers)."""
    source = notebooks.read_notebook(assignment.source_path)
    return {notebooks.grade_id(c): notebooks.without_solution_markers(notebooks.source_of(c))
            for c in source.cells if notebooks.is_answer(c)}


def submission(assignment: Assignment, answers: dict[str, str | None]) -> nbformat.NotebookNode:
    """The release notebook with the given answer cells filled in (None: delete that cell)."""
    notebook = notebooks.read_notebook(assignment.release_path)
    cells = []
    for cell in notebook.cells:
        gid = notebooks.grade_id(cell)
        if notebooks.is_answer(cell) and gid in answers:
            if answers[gid] is None:
                continue
            cell.source = answers[gid]
        cells.append(cell)
    notebook.cells = cells
    return notebook


def write(notebook: nbformat.NotebookNode, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))
    return path

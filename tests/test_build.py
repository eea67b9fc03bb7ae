"""release/ and solutions/ are current; the build notices staleness and lint errors."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from autograder.build import build


def test_generated_views_are_in_sync(repo):
    messages: list[str] = []
    assert build(check=True, log=messages.append) == 0, messages


@pytest.fixture
def course(tmp_path, repo, tensors):
    """A scratch copy of the course with the 01_tensors assignment."""
    for part in ("source", "release", "solutions"):
        shutil.copytree(repo / part, tmp_path / part)
    shutil.copy(repo / "nbgrader_config.py", tmp_path)
    return dataclasses.replace(tensors, root=tmp_path)


def test_a_stale_solution_file_is_named(course):
    course.solution_path.write_text(course.solution_path.read_text() + "\n# edited by hand\n")
    messages: list[str] = []
    assert build(check=True, assignments=[course], root=course.root, log=messages.append) == 1
    assert messages == ["stale: solutions/tensors.py is out of date; run `autograder build`"]


def test_build_rewrites_what_is_stale(course):
    course.release_path.unlink()
    assert build(check=False, assignments=[course], root=course.root, log=lambda m: None) == 0
    assert build(check=True, assignments=[course], root=course.root, log=lambda m: None) == 0


def _edit_source(course, edit) -> None:
    notebook = json.loads(course.source_path.read_text())
    edit(notebook["cells"])
    course.source_path.write_text(json.dumps(notebook))


def test_lint_catches_points_that_disagree_with_the_checks(course):
    def bump(cells):
        for cell in cells:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "check_softmax":
                cell["metadata"]["nbgrader"]["points"] = 1
    _edit_source(course, bump)
    messages: list[str] = []
    build(check=False, assignments=[course], root=course.root, log=messages.append)
    assert any("'check_softmax' is worth 1 points but the checks of 'softmax' are worth 9" in m for m in messages)


def test_lint_catches_a_missing_exercise_and_a_duplicate_id(course):
    def damage(cells):
        for cell in cells:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade_id") == "top_k":
                meta["grade_id"] = "pick_per_row"
    _edit_source(course, damage)
    messages: list[str] = []
    build(check=False, assignments=[course], root=course.root, log=messages.append)
    assert any("exercise 'top_k' has no answer cell" in m for m in messages)
    assert any("grade_id 'pick_per_row' is used by more than one cell" in m for m in messages)

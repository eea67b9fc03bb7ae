"""nbgrader itself grades our notebooks: the in-notebook checks give full marks when solved."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from nbgrader.api import Gradebook


def nbgrader(course: Path, *args: str) -> None:
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr


def test_nbgrader_autograde_gives_the_solved_example_full_marks(tmp_path, repo, tensors):
    course = tmp_path / "course"
    (course / "source" / tensors.id).mkdir(parents=True)
    shutil.copy(repo / "nbgrader_config.py", course)
    shutil.copy(tensors.source_path, course / "source" / tensors.id)
    nbgrader(course, "generate_assignment", tensors.id, "--force")
    nbgrader(course, "db", "student", "add", "alice")
    submitted = course / "submitted" / "alice" / tensors.id
    submitted.mkdir(parents=True)
    shutil.copy(repo / "examples/01_tensors/solved.ipynb", submitted / tensors.source_path.name)
    nbgrader(course, "autograde", tensors.id, "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        graded = gradebook.find_submission(tensors.id, "alice")
        assert graded.max_score == 51
        assert graded.score == graded.max_score

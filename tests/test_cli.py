"""The command line: reports on stdout, one-line errors on stderr, exit codes that mean something."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def autograder(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "autograder", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=300)


def test_grade_prints_a_table_with_the_total(repo):
    run = autograder("grade", str(repo / "examples/01_tensors/solved.ipynb"), "--device", "cpu")
    assert run.returncode == 0, run.stderr
    assert "total" in run.stdout and "51/51" in run.stdout


def test_grade_json_for_two_submissions_is_an_array(repo):
    run = autograder("grade", str(repo / "examples/01_tensors/partial.ipynb"),
                     str(repo / "release/01_tensors/tensors.ipynb"), "--format", "json", "--public-only")
    assert run.returncode == 0, run.stderr
    reports = json.loads(run.stdout)
    assert [r["assignment"] for r in reports] == ["01_tensors", "01_tensors"]
    assert reports[1]["score"] == 0
    assert not any(t["hidden"] for r in reports for e in r["exercises"] for t in e["tests"])


@pytest.mark.parametrize("content,complaint", [
    (None, "no such file"),
    ("", "empty"),
    ("{not json", "invalid JSON"),
    ('{"cells": 3, "nbformat": 4, "nbformat_minor": 5, "metadata": {}}', "not a valid notebook"),
    ('["a", "list"]', "no cells"),
    (b"\xff\xfe\x00binary", "not UTF-8"),
])
def test_unreadable_input_is_one_clear_line(tmp_path, content, complaint):
    path = tmp_path / "submission.ipynb"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    run = autograder("grade", str(path))
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and complaint in lines[0] and str(path) in lines[0], run.stderr
    assert "Traceback" not in run.stderr and run.stdout == ""


def test_unknown_assignment_is_refused(repo):
    run = autograder("grade", str(repo / "examples/01_tensors/solved.ipynb"), "--assignment", "99_nope")
    assert run.returncode == 2 and "unknown assignment '99_nope'" in run.stderr


def test_a_notebook_of_no_known_assignment_is_refused(tmp_path):
    path = tmp_path / "other.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    run = autograder("grade", str(path))
    assert run.returncode == 2 and "pass --assignment" in run.stderr


def test_a_directory_without_notebooks_is_refused(tmp_path):
    run = autograder("grade", str(tmp_path))
    assert run.returncode == 2 and "no notebooks" in run.stderr


def test_a_forced_device_that_is_absent_is_refused(repo):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    run = autograder("grade", str(repo / "examples/01_tensors/solved.ipynb"), "--device", "cuda")
    assert run.returncode == 2 and "no CUDA device" in run.stderr

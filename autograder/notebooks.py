"""Reading notebooks and telling their cells apart by nbgrader metadata.

- an *answer* cell is an nbgrader solution cell; its ``grade_id`` is the exercise id;
- a *test* cell is an nbgrader grade cell with points that runs the public checks;
- a *given* cell is read-only code tagged ``given``: code every answer may rely on
  (imports, provided classes). The grader runs given and answer cells, nothing else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat

from autograder.errors import GraderError

SOLUTION_BEGIN = "### BEGIN SOLUTION"
SOLUTION_END = "### END SOLUTION"


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read a notebook, turning every way it can be unreadable into a one-line GraderError."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GraderError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise GraderError(f"{path}: is a directory, not a notebook") from None
    except UnicodeDecodeError:
        raise GraderError(f"{path}: not a notebook (the file is not UTF-8 text)") from None
    except OSError as exc:
        raise GraderError(f"{path}: cannot read the file ({exc.strerror})") from None
    if not text.strip():
        raise GraderError(f"{path}: the file is empty")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GraderError(f"{path}: not a notebook (invalid JSON at line {exc.lineno}: {exc.msg})") from None
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise GraderError(f"{path}: not a notebook (no cells in the JSON)")
    try:
        notebook = nbformat.reads(text, as_version=4)
    except Exception as exc:  # nbformat raises several types for malformed notebooks
        raise GraderError(f"{path}: not a valid notebook ({str(exc).splitlines()[0][:200]})") from None
    if not isinstance(notebook.get("cells"), list):
        raise GraderError(f"{path}: not a valid notebook (cells is not a list)")
    return notebook


def nbgrader_meta(cell: Any) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def grade_id(cell: Any) -> str | None:
    value = nbgrader_meta(cell).get("grade_id")
    return value if isinstance(value, str) else None


def is_answer(cell: Any) -> bool:
    return cell.get("cell_type") == "code" and nbgrader_meta(cell).get("solution") is True


def is_test(cell: Any) -> bool:
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "code" and meta.get("grade") is True and not meta.get("solution")


def is_given(cell: Any) -> bool:
    tags = cell.get("metadata", {}).get("tags", [])
    return cell.get("cell_type") == "code" and isinstance(tags, list) and "given" in tags


def source_of(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def without_solution_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines()
                     if line.strip() not in (SOLUTION_BEGIN, SOLUTION_END)) + "\n"


def without_magics(source: str) -> str:
    """Neutralise IPython magics and shell escapes: in a graded cell they do not run."""
    lines = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            indent = line[: len(line) - len(stripped)]
            lines.append(f"{indent}pass  # removed by the grader: {stripped[:60]}")
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"

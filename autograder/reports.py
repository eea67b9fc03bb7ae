"""Render results: a table for people, JSON for programs."""

from __future__ import annotations

import json
from typing import Sequence, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder.results import SubmissionResult, as_points

STATUS_STYLE = {"passed": "green", "failed": "red", "error": "red", "timeout": "yellow", "missing": "dim"}


def render_json(results: Sequence[SubmissionResult], out: TextIO) -> None:
    payload = results[0].to_json() if len(results) == 1 else [r.to_json() for r in results]
    out.write(json.dumps(payload, indent=2, sort_keys=False) + "\n")


def _score(value) -> str:
    return f"{float(value):.2f}".rstrip("0").rstrip(".")


def _short(message: str, width: int = 60) -> str:
    line = message.splitlines()[0] if message else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def render_table(results: Sequence[SubmissionResult], console: Console) -> None:
    for result in results:
        table = Table(title=f"{result.submission}  ({result.assignment}, {result.device})",
                      title_justify="left", show_lines=False)
        table.add_column("exercise")
        table.add_column("score", justify="right")
        table.add_column("status")
        table.add_column("first problem", overflow="fold")
        for exercise in result.exercises:
            failing = [t for t in exercise.tests if t.status != "passed"]
            problem = exercise.message or (failing[0].message if failing else "")
            table.add_row(exercise.id, f"{_score(exercise.score)}/{_score(exercise.max_score)}",
                          Text(exercise.status, style=STATUS_STYLE.get(exercise.status, "")), _short(problem))
        table.add_section()
        table.add_row(Text("total", style="bold"), Text(f"{_score(result.score)}/{_score(result.max_score)}",
                                                        style="bold"), "", "")
        console.print(table)
        for note in result.notes:
            console.print(f"note: {note}", style="yellow")
        _render_failures(result, console)


def _render_failures(result: SubmissionResult, console: Console) -> None:
    """Each failing exercise once, with its distinct messages (a blank cell fails every check alike)."""
    shown_header = False
    for exercise in result.exercises:
        failing = [t for t in exercise.tests if t.status != "passed"]
        if exercise.status in ("missing", "error") or not failing:
            continue
        if not shown_header:
            console.print("Problems:", style="bold")
            shown_header = True
        console.print(Text(f"{exercise.id} ({_score(exercise.score)}/{_score(exercise.max_score)})", style="bold"))
        by_message: dict[str, list[str]] = {}
        for test in failing:
            by_message.setdefault(test.message, []).append(("hidden " if test.hidden else "") + test.name)
        for message, names in by_message.items():
            label = names[0] if len(names) == 1 else f"{len(names)} checks"
            console.print(Text.assemble("  - ", (label, "cyan"), f": {message}"))

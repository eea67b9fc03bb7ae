"""Scored results of one submission, and their JSON form (COURSE_SPEC.md, "Reports")."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from autograder.runner import TestOutcome

EXERCISE_STATUSES = ("passed", "failed", "error", "timeout", "missing")


def as_points(value: Fraction) -> float:
    return round(float(value), 4)


@dataclass
class ExerciseResult:
    id: str
    status: str
    message: str
    tests: list[TestOutcome]

    @property
    def score(self) -> Fraction:
        return sum((t.score for t in self.tests), Fraction(0))

    @property
    def max_score(self) -> Fraction:
        return sum((t.points for t in self.tests), Fraction(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "score": as_points(self.score),
            "max_score": as_points(self.max_score),
            "status": self.status,
            "message": self.message,
            "tests": [
                {"name": t.name, "score": as_points(t.score), "max_score": as_points(t.points),
                 "status": t.status, "message": t.message, "hidden": t.hidden}
                for t in self.tests
            ],
        }


@dataclass
class SubmissionResult:
    assignment: str
    submission: str
    device: str
    exercises: list[ExerciseResult]
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> Fraction:
        return sum((e.score for e in self.exercises), Fraction(0))

    @property
    def max_score(self) -> Fraction:
        return sum((e.max_score for e in self.exercises), Fraction(0))

    def to_json(self) -> dict[str, Any]:
        return {
            "assignment": self.assignment,
            "submission": self.submission,
            "device": self.device,
            "score": as_points(self.score),
            "max_score": as_points(self.max_score),
            "exercises": [e.to_json() for e in self.exercises],
            "notes": self.notes,
        }


def exercise_status(tests: list[TestOutcome], cell_status: str | None) -> str:
    """One word for an exercise: why it lost points, or that it did not."""
    if cell_status in ("missing", "error", "timeout"):
        return cell_status
    if any(t.status == "timeout" for t in tests):
        return "timeout"
    return "passed" if tests and all(t.status == "passed" for t in tests) else "failed"

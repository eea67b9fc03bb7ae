"""The registry of assignments: where each one's notebook, release, solution and checks live.

An assignment's ``name`` (its notebook's stem) also names its reference-solution
module (``solutions/<name>.py``) and its checks package (``autograder/checks/<name>/``).
The exercise ids are the contract of COURSE_SPEC.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from autograder.errors import GraderError

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Assignment:
    id: str
    name: str
    exercises: tuple[str, ...]
    root: Path = field(default=REPO_ROOT, compare=False)  # the course directory (a copy, in tests)

    @property
    def source_path(self) -> Path:
        return self.root / "source" / self.id / f"{self.name}.ipynb"

    @property
    def release_path(self) -> Path:
        return self.root / "release" / self.id / f"{self.name}.ipynb"

    @property
    def solution_path(self) -> Path:
        return self.root / "solutions" / f"{self.name}.py"

    @property
    def solution_module(self) -> str:
        return f"solutions.{self.name}"

    @property
    def checks_dir(self) -> Path:
        return PACKAGE_DIR / "checks" / self.name


ASSIGNMENTS: dict[str, Assignment] = {
    a.id: a
    for a in [
        Assignment(
            "01_tensors",
            "tensors",
            ("make_param", "linear_forward", "reductions", "masked_select_greater", "replace_where",
             "top_k", "pick_per_row", "softmax", "matmul_shape", "heads"),
        ),
    ]
}


def get_assignment(assignment_id: str) -> Assignment:
    try:
        return ASSIGNMENTS[assignment_id]
    except KeyError:
        known = ", ".join(sorted(ASSIGNMENTS))
        raise GraderError(f"unknown assignment {assignment_id!r} (known: {known})") from None


def assignment_of_exercise(exercise: str) -> Assignment:
    for assignment in ASSIGNMENTS.values():
        if exercise in assignment.exercises:
            return assignment
    raise GraderError(f"no assignment has an exercise called {exercise!r}")

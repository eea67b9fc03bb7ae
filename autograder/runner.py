"""Run an assignment's checks with pytest against a student, and collect scored outcomes.

Checks are ordinary pytest tests in ``autograder/checks/<assignment>/``. Each one
carries ``@pytest.mark.exercise("<id>", points=P)``; a parametrized test shares its
points evenly among its cases, so the points of an exercise do not depend on
how many shapes a check tries. Tests in ``test_hidden*.py`` files are hidden:
they never reach students.

The same runner serves the grader (``student`` is a :class:`RemoteStudent`) and
the notebook (``student`` is a :class:`LocalStudent`), so both give the same messages.
"""

from __future__ import annotations

import contextlib
import io
import os
import zlib
from collections import Counter
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable

import pytest
import torch

from autograder.errors import ProtocolError, StudentError, StudentTimeout, WorkerCrashed

CHECKS_INI = Path(__file__).with_name("checks") / "pytest.ini"


@dataclass
class TestOutcome:
    name: str
    exercise: str
    points: Fraction
    score: Fraction
    status: str  # passed | failed | error | timeout | missing
    message: str
    hidden: bool


def is_hidden_file(path: Path) -> bool:
    return path.name.startswith("test_hidden")


def exercise_mark(item: pytest.Item) -> tuple[str, Fraction]:
    mark = item.get_closest_marker("exercise")
    if mark is None or not mark.args:
        raise pytest.UsageError(f"{item.nodeid} has no @pytest.mark.exercise(<id>, points=...)")
    return str(mark.args[0]), Fraction(str(mark.kwargs.get("points", 1)))


class GradingPlugin:
    """Fixtures for the checks, test selection, and the scoring of each test."""

    def __init__(self, student: Any, device: torch.device, exercises: set[str] | None,
                 not_run: dict[str, tuple[str, str]]) -> None:
        self._student = student
        self._device = device
        self.exercises = exercises
        self.not_run = not_run  # exercise -> (status, message) for exercises that cannot be run
        self.outcomes: list[TestOutcome] = []
        self.points: Counter[str] = Counter()  # exercise -> points of all its collected checks
        self._meta: dict[str, tuple[str, Fraction, bool]] = {}

    # -- fixtures ----------------------------------------------------------------
    @pytest.fixture(scope="session")
    def student(self) -> Any:
        return self._student

    @pytest.fixture(scope="session")
    def device(self) -> torch.device:
        return self._device

    @pytest.fixture
    def gen(self, request: pytest.FixtureRequest) -> torch.Generator:
        """A CPU generator seeded from the test's id: the same inputs on every run."""
        return torch.Generator().manual_seed(zlib.crc32(request.node.nodeid.encode()))

    # -- collection ----------------------------------------------------------------
    def pytest_collection_modifyitems(self, config: pytest.Config, items: list[pytest.Item]) -> None:
        cases = Counter((item.path, item.originalname) for item in items)
        keep, drop = [], []
        for item in items:
            exercise, points = exercise_mark(item)
            share = points / cases[(item.path, item.originalname)]
            hidden = is_hidden_file(item.path)
            self._meta[item.nodeid] = (exercise, share, hidden)
            self.points[exercise] += share
            if self.exercises is not None and exercise not in self.exercises:
                drop.append(item)
            elif exercise in self.not_run:
                status, message = self.not_run[exercise]
                self.outcomes.append(TestOutcome(item.name, exercise, share, Fraction(0), status, message, hidden))
                drop.append(item)
            else:
                keep.append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
        items[:] = keep

    # -- scoring -------------------------------------------------------------------
    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        outcome = yield
        report = outcome.get_result()
        if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
            exercise, share, hidden = self._meta[item.nodeid]
            if report.passed:
                status, message = "passed", ""
            elif report.skipped:
                status, message = "failed", "check skipped"
            else:
                status, message = classify(call.excinfo.value if call.excinfo else None,
                                           getattr(self._student, "timeout", None))
            score = share if status == "passed" else Fraction(0)
            self.outcomes.append(TestOutcome(item.name, exercise, share, score, status, message, hidden))


def classify(exc: BaseException | None, timeout: float | None) -> tuple[str, str]:
    """A test's status and the message a student reads."""
    if isinstance(exc, StudentTimeout):
        limit = f" within {timeout:g} s" if timeout else ""
        return "timeout", f"your code did not finish{limit} (an endless loop?)"
    if isinstance(exc, WorkerCrashed):
        return "error", f"your code crashed the process running it: {exc}"
    if isinstance(exc, StudentError) and exc.is_a(NotImplementedError) and not exc.message:
        return "error", "not answered yet: the answer cell still raises NotImplementedError"
    if isinstance(exc, StudentError):
        where = f" at {exc.where}" if exc.where else ""
        return "error", f"your code raised {exc}{where}"
    if isinstance(exc, ProtocolError):
        return "failed", f"your code returned something that is not plain data: {exc}"
    if isinstance(exc, AssertionError):
        text = str(exc)
        # Keep the check's own message, not pytest's re-rendering of the assert expression.
        text = text.split("\nassert ")[0].strip()
        return "failed", text or "check failed"
    if exc is None:
        return "error", "check did not run"
    return "error", f"the check could not run ({type(exc).__name__}: {exc})"


def check_files(checks_dir: Path, hidden: bool) -> list[Path]:
    # Public checks first: their messages are the ones a student can act on.
    files = [p for p in checks_dir.glob("test_*.py") if hidden or not is_hidden_file(p)]
    return sorted(files, key=lambda p: (is_hidden_file(p), p.name))


def run_checks(checks_dir: Path, student: Any, *, device: torch.device, hidden: bool = True,
               exercises: Iterable[str] | None = None,
               not_run: dict[str, tuple[str, str]] | None = None) -> list[TestOutcome]:
    """Run the checks in ``checks_dir`` (public, and hidden if asked) and score them."""
    plugin = GradingPlugin(student, device, set(exercises) if exercises is not None else None, not_run or {})
    _pytest_main(check_files(checks_dir, hidden), checks_dir, plugin)
    return plugin.outcomes


def collect_points(checks_dir: Path, *, hidden: bool = True) -> dict[str, Fraction]:
    """Points per exercise of the checks in ``checks_dir``, without running any."""
    plugin = GradingPlugin(None, torch.device("cpu"), None, {})
    _pytest_main(check_files(checks_dir, hidden), checks_dir, plugin, "--collect-only")
    return dict(plugin.points)


def _pytest_main(files: list[Path], checks_dir: Path, plugin: GradingPlugin, *extra: str) -> None:
    args = [str(p) for p in files] + [
        "-c", str(CHECKS_INI), "--rootdir", str(checks_dir), "-q", "--capture=sys",
        "-p", "no:cacheprovider", "-W", "ignore::UserWarning", *extra,
    ]
    captured = io.StringIO()
    previous = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    # Only our plugin: installed plugins (randomly, xdist, ...) must not reorder or alter checks.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    try:
        with contextlib.redirect_stdout(captured), contextlib.redirect_stderr(captured):
            code = pytest.main(args, plugins=[plugin])
    finally:
        if previous is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = previous
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED, pytest.ExitCode.NO_TESTS_COLLECTED):
        tail = "\n".join(captured.getvalue().strip().splitlines()[-15:])
        raise RuntimeError(f"the checks in {checks_dir} could not run (pytest exit {int(code)}):\n{tail}")

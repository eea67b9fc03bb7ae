"""The ``autograder`` command: ``build`` the course views, ``grade`` submissions."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from autograder import __version__
from autograder.errors import GraderError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="autograder", description="Build and grade the PyTorch course.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="regenerate release/ and solutions/ from source/")
    build.add_argument("--check", action="store_true",
                       help="change nothing; exit non-zero naming any generated file that is out of date")

    grade = commands.add_parser("grade", help="grade submitted notebooks")
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="a notebook, or a directory searched for notebooks")
    grade.add_argument("--assignment", metavar="ID", help="the assignment (default: detected from the cells)")
    grade.add_argument("--device", default="auto", choices=["auto", "cpu", "cuda", "mps"],
                       help="where the checks run (auto: CUDA, then MPS, then CPU)")
    grade.add_argument("--format", default="table", choices=["table", "json"], help="report format")
    grade.add_argument("--timeout", type=float, default=10.0, metavar="S",
                       help="seconds allowed for each call into student code (default 10)")
    grade.add_argument("--public-only", action="store_true", help="run only the checks students can see")
    return parser


def _notebooks(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
            if not inside:
                raise GraderError(f"{path}: no notebooks (*.ipynb) in this directory")
            found.extend(inside)
        else:
            found.append(path)
    return found


def _grade(args: argparse.Namespace) -> int:
    # Heavy imports here, so that `autograder --help` answers at once.
    from rich.console import Console

    from autograder.devices import resolve_device
    from autograder.grading import grade_submission
    from autograder.reports import render_json, render_table

    if args.timeout <= 0:
        raise GraderError(f"--timeout {args.timeout:g}: must be a positive number of seconds")
    device = resolve_device(args.device)
    if args.assignment:
        from autograder.assignments import get_assignment

        get_assignment(args.assignment)
    paths = _notebooks(args.paths)
    err = Console(stderr=True)
    results, failures = [], 0
    for index, path in enumerate(paths, 1):
        try:
            with err.status(f"grading {path} ({index}/{len(paths)})", spinner="dots"):
                results.append(grade_submission(path, device=device, assignment_id=args.assignment,
                                                timeout=args.timeout, hidden=not args.public_only))
        except GraderError as exc:
            failures += 1
            print(f"autograder: error: {exc}", file=sys.stderr)
    if results:
        if args.format == "json":
            render_json(results, sys.stdout)
        else:
            render_table(results, Console())
    return EXIT_BAD_INPUT if failures else 0


def _build(args: argparse.Namespace) -> int:
    from autograder.build import build

    problems = build(check=args.check)
    if args.check:
        print("build check: " + (f"{problems} problem(s)" if problems else "release/ and solutions/ are current"))
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _grade(args) if args.command == "grade" else _build(args)
    except GraderError as exc:
        print(f"autograder: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("autograder: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug of ours: one line, the details on request
        if os.environ.get("AUTOGRADER_DEBUG"):
            traceback.print_exc()
        print(f"autograder: internal error: {type(exc).__name__}: {exc} "
              "(set AUTOGRADER_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_INTERNAL

"""The student's own namespace, seen through the same interface as a worker.

Inside a notebook the public checks run in the student's kernel: there is nothing
to protect there but the student's own score, and the student sees exactly the
messages the grader would give.
"""

from __future__ import annotations

import functools
from typing import Any, Callable

from autograder.errors import StudentError
from autograder.remote import is_introspection
from autograder.worker import import_path


class LocalStudent:
    mode = "local"
    timeout = None  # the student's own kernel: no time limit


    def __init__(self, namespace: dict[str, Any]) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> Any:
        if is_introspection(name):
            raise AttributeError(name)
        if name not in self._namespace:
            raise StudentError("NameError", f"{name} is not defined: run the answer cell that defines it",
                               ["NameError", "Exception"])
        value = self._namespace[name]
        return _reporting_errors(value) if callable(value) else value

    def answer_source(self, exercise: str) -> str | None:
        return None  # the kernel keeps no link from a function to its cell; only the grader checks this

    def new(self, path: str, *args: Any, **kwargs: Any) -> Any:
        return import_path(path)(*args, **kwargs)


def _reporting_errors(fn: Callable) -> Callable:
    """Turn an exception from student code into a StudentError, as the worker does."""

    @functools.wraps(fn)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise StudentError(type(exc).__name__, str(exc),
                               [c.__name__ for c in type(exc).__mro__]) from exc

    return call

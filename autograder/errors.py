"""Exceptions shared by the grader, the worker client and the checks."""

from __future__ import annotations


class GraderError(Exception):
    """A problem with the grader's input (bad file, unknown assignment): reported in one line."""


class ProtocolError(Exception):
    """The worker sent something that is not plain data, or a malformed message."""


class StudentError(Exception):
    """Student code raised an exception.

    ``type_names`` holds the names of the exception's classes (its MRO), so a check
    can ask "was it a ValueError?" without the exception object itself crossing the
    process boundary.
    """

    def __init__(self, type_name: str, message: str, type_names: list[str] | None = None,
                 where: str = "") -> None:
        super().__init__(f"{type_name}: {message}" if message else type_name)
        self.type_name = type_name
        self.message = message
        self.type_names = type_names or [type_name]
        self.where = where

    def is_a(self, exc_type: type[BaseException]) -> bool:
        return exc_type.__name__ in self.type_names


class StudentTimeout(Exception):
    """A call into student code ran past its time limit; the worker was killed."""


class WorkerCrashed(Exception):
    """The worker process died (exit, signal, memory) while running student code."""

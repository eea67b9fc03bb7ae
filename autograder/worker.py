"""The worker process: the only place where student code runs.

Started by :mod:`autograder.remote` as ``python -I -m autograder.worker REQ_FD RESP_FD``
in an empty temporary directory. It reads requests from one pipe and answers on
another, so nothing the student prints can be mistaken for an answer. It holds the
student's namespace and every object the checks asked it to keep (modules,
optimisers), addressed by integer handles. It never sees the checks, the
reference solution or the results.
"""

from __future__ import annotations

import importlib
import linecache
import sys
import traceback
from typing import Any

import torch

from autograder import protocol
from autograder.protocol import TAG

CELL_PREFIX = "<answer cell "


class Worker:
    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"__name__": "__submission__", "__builtins__": __builtins__}
        self.handles: dict[int, Any] = {}

    # -- handles ---------------------------------------------------------------
    def keep(self, obj: Any) -> dict:
        handle = len(self.handles) + 1
        self.handles[handle] = obj
        return {
            TAG: "handle",
            "id": handle,
            "type": protocol.qualified_name(obj),
            "mro": [c.__name__ for c in type(obj).__mro__],
            "callable": callable(obj),
        }

    def resolve(self, ref: dict) -> Any:
        if ref[TAG] == "ref":
            return self.handles[ref["id"]]
        if ref[TAG] == "builtin":
            return import_path(ref["path"])
        raise ValueError(f"the grader cannot send a {ref[TAG]!r}")

    # -- requests --------------------------------------------------------------
    def handle(self, request: dict) -> dict:
        op = request["op"]
        try:
            if op == "exec":
                self.exec_cell(request["name"], request["source"])
                return {"ok": True}
            if op == "getattr":
                return {"ok": True, "value": getattr(request["target"], request["name"])}
            if op == "call":
                return self.call(request)
            raise ValueError(f"unknown request {op!r}")
        except BaseException as exc:  # noqa: BLE001 - student code may raise anything, SystemExit included
            return {"ok": False, "error": describe(exc)}

    def exec_cell(self, name: str, source: str) -> None:
        filename = f"{CELL_PREFIX}{name}>"
        lines = source.splitlines(keepends=True)
        linecache.cache[filename] = (len(source), None, lines, filename)
        exec(compile(source, filename, "exec"), self.namespace)

    def call(self, request: dict) -> dict:
        if "name" in request:
            name = request["name"]
            if name not in self.namespace:
                raise NameError(f"{name} is not defined by your answer cells")
            target = self.namespace[name]
        else:
            target = request["target"]
        args, kwargs = request["args"], request["kwargs"]
        before = _storage_ids((args, kwargs))
        value = target(*args, **kwargs)
        # Send the arguments back too, so that the caller sees in-place changes
        # (or storage swaps) exactly as a local call would have shown them.
        changed = [a != b for a, b in zip(before, _storage_ids((args, kwargs)))]
        return {"ok": True, "value": value, "args_after": (args, kwargs), "storage_changed": changed}


def _storage_ids(value: Any) -> list[int]:
    found: list[int] = []

    def walk(v: Any) -> None:
        if isinstance(v, torch.Tensor):
            # The storage's own handle: stable across calls, and also meaningful on
            # meta, where every data pointer is 0.
            found.append(v.untyped_storage()._cdata)
        elif isinstance(v, (list, tuple)):
            for item in v:
                walk(item)
        elif isinstance(v, dict):
            for item in v.values():
                walk(item)

    walk(value)
    return found


def import_path(path: str) -> Any:
    if not path.startswith("torch."):
        raise ValueError(f"the grader may only build torch objects, not {path!r}")
    module_name, _, attr = path.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


def describe(exc: BaseException) -> dict:
    """What a check needs to know about an exception from student code."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(CELL_PREFIX)]
    where = ""
    if frames:
        last = frames[-1]
        cell = last.filename[len(CELL_PREFIX):-1]
        where = f"line {last.lineno} of answer cell {cell!r}" + (f": {last.line.strip()}" if last.line else "")
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001 - a hostile __str__
        message = "<unprintable>"
    return {
        "type": type(exc).__name__,
        "mro": [c.__name__ for c in type(exc).__mro__],
        "message": message[:2000],
        "where": where,
    }


def warm_up() -> None:
    """Pay torch's one-off costs now, so no student call is charged for them."""
    x = torch.ones(2, 2)
    (x @ x).sum()
    (torch.empty(2, 2, device="meta") @ torch.empty(2, 2, device="meta")).sum()


def main(argv: list[str]) -> int:
    request_fd, reply_fd = int(argv[1]), int(argv[2])
    worker = Worker()
    warm_up()
    protocol.write_frame(reply_fd, protocol.dumps(protocol.encode({"ok": True, "ready": True}, worker.keep)))
    while True:
        try:
            blob = protocol.read_frame(request_fd)
        except EOFError:
            return 0
        request = protocol.decode(protocol.loads(blob), worker.resolve)
        reply = worker.handle(request)
        try:
            blob = protocol.dumps(protocol.encode(reply, worker.keep))
        except BaseException as exc:  # noqa: BLE001 - e.g. a hostile __iter__ on a returned tuple
            blob = protocol.dumps(protocol.encode({"ok": False, "error": describe(exc)}, worker.keep))
        protocol.write_frame(reply_fd, blob)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

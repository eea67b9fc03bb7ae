"""The grader's side of the process boundary: start workers, call into them, kill them.

``RemoteStudent`` looks like the student's namespace to a check: ``student.softmax(x)``
sends ``x`` to the worker, calls the student's ``softmax`` there and returns the
result as data. Objects that are not data (a student's ``nn.Module``) stay in the
worker and come back as :class:`RemoteObject` handles whose attributes and methods
are reached the same way. Every request has a deadline; a worker that misses it,
dies or sends something that is not data is killed, the test that asked gets the
blame, and the next request starts a fresh worker.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

import torch

from autograder import protocol
from autograder.errors import ProtocolError, StudentError, StudentTimeout, WorkerCrashed
from autograder.protocol import TAG, Builtin

# Names that Python and test tools probe on any object (hypothesis looks for a runner's
# execute_example on a test's first argument): never exercise functions.
_TOOL_NAMES = {"execute_example", "setup_example", "teardown_example"}


# Starting a worker (Python, torch, warm-up) is not timed against the student;
# this only catches a machine that cannot start one at all.
STARTUP_TIMEOUT = 120.0


def is_introspection(name: str) -> bool:
    return name.startswith(("_", "hypothesis_")) or name in _TOOL_NAMES


@dataclass
class CellOutcome:
    """How one cell of the submission fared when the worker ran it."""

    status: str  # "ok" | "error" | "timeout" | "crash"
    message: str = ""


class WorkerProcess:
    """One worker: a child process in its own session, two pipes, a scratch directory."""

    def __init__(self) -> None:
        self.scratch = tempfile.TemporaryDirectory(prefix="autograder-worker-")
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-I", "-m", "autograder.worker", str(request_r), str(reply_w)],
                pass_fds=(request_r, reply_w),
                cwd=self.scratch.name,
                env=worker_environment(self.scratch.name),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, so killpg reaches its children too
            )
        finally:
            os.close(request_r)
            os.close(reply_w)
        self.request_fd, self.reply_fd = request_w, reply_r
        os.set_blocking(self.request_fd, False)

    def wait_until_ready(self, timeout: float) -> None:
        """The worker says when it has imported torch; that time is not the student's."""
        deadline = time.monotonic() + timeout
        try:
            size = protocol.HEADER.unpack(self._read(protocol.HEADER.size, deadline))[0]
            if size > 4096:
                raise WorkerCrashed("the worker did not start properly")
            ready = protocol.loads(self._read(size, deadline))
        except StudentTimeout:
            raise WorkerCrashed(f"the worker did not start within {timeout:g} s") from None
        except EOFError:
            raise WorkerCrashed(self._death_reason()) from None
        if not isinstance(ready, dict):
            raise WorkerCrashed("the worker did not start properly")

    def exchange(self, message: dict, timeout: float) -> Any:
        """Send one request and wait for its reply, both within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        blob = protocol.dumps(message)
        try:
            self._write(protocol.HEADER.pack(len(blob)) + blob, deadline)
            size = protocol.HEADER.unpack(self._read(protocol.HEADER.size, deadline))[0]
            if size > protocol.MAX_MESSAGE_BYTES:
                raise ProtocolError(f"the worker sent a message of {size} bytes")
            return protocol.loads(self._read(size, deadline))
        except (BrokenPipeError, EOFError):
            raise WorkerCrashed(self._death_reason()) from None

    def _write(self, data: bytes, deadline: float) -> None:
        view = memoryview(data)
        while view:
            self._wait(self.request_fd, deadline, write=True)
            view = view[os.write(self.request_fd, view):]

    def _read(self, n: int, deadline: float) -> bytes:
        chunks = []
        while n:
            self._wait(self.reply_fd, deadline, write=False)
            chunk = os.read(self.reply_fd, min(n, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _wait(self, fd: int, deadline: float, *, write: bool) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise StudentTimeout()
        ready = select.select([], [fd], [], remaining) if write else select.select([fd], [], [], remaining)
        if not any(ready):
            raise StudentTimeout()

    def _death_reason(self) -> str:
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "the worker stopped answering"
        if code < 0:
            return f"the worker was killed by signal {signal.Signals(-code).name}"
        return f"the worker exited with code {code}"

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        for fd in (self.request_fd, self.reply_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.scratch.cleanup()


def worker_environment(home: str) -> dict[str, str]:
    """A scrubbed environment: nothing from the grader's, save what torch needs to find a GPU."""
    env = {"PATH": os.defpath, "HOME": home, "TMPDIR": home, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    for name in ("CUDA_VISIBLE_DEVICES", "LD_LIBRARY_PATH", "OMP_NUM_THREADS"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


class RemoteObject:
    """A handle to an object that lives in the worker (a module, an optimiser, a method)."""

    def __init__(self, student: "RemoteStudent", handle: dict) -> None:
        object.__setattr__(self, "_student", student)
        object.__setattr__(self, "_id", handle["id"])
        object.__setattr__(self, "_generation", student.generation)
        object.__setattr__(self, "type_name", str(handle.get("type")))
        object.__setattr__(self, "mro", [str(n) for n in handle.get("mro", [])])

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._student._request({"op": "getattr", "target": self, "name": name})["value"]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._student._call({"target": self}, args, kwargs)

    def is_instance(self, class_name: str) -> bool:
        return class_name in self.mro

    def __repr__(self) -> str:
        return f"<remote {self.type_name}>"


class _RemoteName:
    def __init__(self, student: "RemoteStudent", name: str) -> None:
        self.student, self.name = student, name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.student._call({"name": self.name}, args, kwargs)


class RemoteStudent:
    """The student's answers, held by a worker process and reached through requests."""

    mode = "remote"

    def __init__(self, cells: list[tuple[str, str]], timeout: float = 10.0) -> None:
        self.cells = cells
        self.timeout = timeout
        self.cell_outcomes: dict[str, CellOutcome] = {}
        self.generation = 0
        self.restarts = 0
        self._worker: WorkerProcess | None = None

    # -- lifecycle ---------------------------------------------------------------
    def start(self, while_waiting: Callable[[], None] | None = None) -> dict[str, CellOutcome]:
        """Start a worker and run the cells in order; returns how each cell fared.

        ``while_waiting`` runs in this process while the worker starts up.
        A cell that fails is never run again: if it took the worker down, a fresh
        worker runs the cells that succeeded and carries on after it.
        """
        while True:
            self._worker = WorkerProcess()
            if while_waiting is not None:
                while_waiting()
                while_waiting = None
            self._worker.wait_until_ready(STARTUP_TIMEOUT)
            self.generation += 1
            if self._run_cells():
                return self.cell_outcomes

    def _run_cells(self) -> bool:
        for name, source in self.cells:
            known = self.cell_outcomes.get(name)
            if known is not None and known.status != "ok":
                continue
            try:
                self._request({"op": "exec", "name": name, "source": source})
            except StudentTimeout:
                outcome = CellOutcome("timeout", f"running the cell took longer than {self.timeout:g} s")
            except (WorkerCrashed, ProtocolError) as exc:
                outcome = CellOutcome("crash", str(exc))
            except StudentError as err:
                outcome = CellOutcome("error", f"{err}" + (f" ({err.where})" if err.where else ""))
            else:
                outcome = CellOutcome("ok")
            if known is None or outcome.status != "ok":
                self.cell_outcomes[name] = outcome
            if self._worker is None:
                return False
        return True

    def close(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def __enter__(self) -> "RemoteStudent":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what the checks use -----------------------------------------------------
    def __getattr__(self, name: str) -> Any:
        if is_introspection(name):
            raise AttributeError(name)
        return _RemoteName(self, name)

    def answer_source(self, exercise: str) -> str | None:
        """The student's code for ``exercise``, as text (for static checks such as "from scratch")."""
        return dict(self.cells).get(exercise)

    def new(self, path: str, *args: Any, **kwargs: Any) -> Any:
        """Build a trusted torch object (an optimiser, a loss) in the worker."""
        return self._call({"target": Builtin(path)}, args, kwargs)

    # -- requests ----------------------------------------------------------------
    def _call(self, target: dict, args: tuple, kwargs: dict) -> Any:
        reply = self._request({"op": "call", **target, "args": list(args), "kwargs": dict(kwargs)})
        after = reply.get("args_after")
        if type(after) is tuple and len(after) == 2:
            _copy_back([list(args), dict(kwargs)], [after[0], after[1]], iter(reply.get("storage_changed") or []))
        return reply.get("value")

    def _request(self, message: dict) -> dict:
        """One request; a student exception comes back as StudentError."""
        if self._worker is None:
            self.restarts += 1
            self.start()
        reply = self._exchange(message)
        if type(reply) is not dict or type(reply.get("ok")) is not bool:
            self._discard_worker()
            raise ProtocolError("the worker's reply is malformed")
        if not reply["ok"]:
            error = reply.get("error") if type(reply.get("error")) is dict else {}
            raise StudentError(str(error.get("type", "Exception")), str(error.get("message", "")),
                               [str(n) for n in error.get("mro", [])], str(error.get("where", "")))
        return reply

    def _exchange(self, message: dict) -> Any:
        assert self._worker is not None
        encoded = protocol.encode(message, self._encode_object)
        try:
            raw = self._worker.exchange(encoded, self.timeout)
            return protocol.decode(raw, self._decode_handle)
        except (StudentTimeout, WorkerCrashed, ProtocolError):
            self._discard_worker()
            raise

    def _discard_worker(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def _encode_object(self, obj: Any) -> dict:
        if isinstance(obj, RemoteObject):
            if obj._generation != self.generation:
                raise WorkerCrashed("this object was lost when an earlier failure restarted the worker")
            return {TAG: "ref", "id": obj._id}
        if isinstance(obj, Builtin):
            return {TAG: "builtin", "path": obj.path}
        raise TypeError(f"a check tried to send a {type(obj).__name__} to the worker")

    def _decode_handle(self, handle: dict) -> RemoteObject:
        if handle.get(TAG) != "handle" or type(handle.get("id")) is not int:
            raise ProtocolError("the worker sent a malformed handle")
        return RemoteObject(self, handle)


def _copy_back(local: Any, remote: Any, changed: Iterator[bool]) -> None:
    """Mirror in-place changes the student made to tensor and generator arguments."""
    if isinstance(local, torch.Tensor):
        storage_changed = next(changed, False)
        if isinstance(remote, torch.Tensor):
            _mirror_tensor(local, remote, storage_changed is True)
    elif isinstance(local, torch.Generator):
        if isinstance(remote, torch.Generator):
            local.set_state(remote.get_state())
    elif isinstance(local, (list, tuple)) and isinstance(remote, (list, tuple)):
        for l_item, r_item in zip(local, remote):
            _copy_back(l_item, r_item, changed)
    elif isinstance(local, dict) and isinstance(remote, dict):
        for key, l_item in local.items():
            if key in remote:
                _copy_back(l_item, remote[key], changed)


def _mirror_tensor(local: torch.Tensor, remote: torch.Tensor, storage_changed: bool) -> None:
    remote = remote.detach().to(local.device)
    with torch.no_grad():
        if storage_changed or remote.shape != local.shape or remote.dtype != local.dtype:
            local.data = remote.clone()
        elif local.device.type != "meta" and not torch.equal(local.detach(), remote):
            local.copy_(remote)
    if local.is_leaf:
        if local.requires_grad != remote.requires_grad and (local.is_floating_point() or local.is_complex()):
            local.requires_grad_(remote.requires_grad)
        local.grad = remote.grad.to(local.device) if remote.grad is not None and local.requires_grad else None

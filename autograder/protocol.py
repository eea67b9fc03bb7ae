"""The data that crosses the process boundary between the grader and a worker.

Every message is a length-prefixed blob written by ``torch.save`` and read back
with ``torch.load(weights_only=True)``, whose unpickler builds only tensors and
plain containers and refuses anything that would run code. On top of that, the
values are laid out in a small tagged format that both sides understand:

- ``None``, ``bool``, ``int``, ``float``, ``str``, ``list`` and ``tuple`` travel as they are;
- every ``dict`` is wrapped as ``{"__t__": "dict", "items": [(key, value), ...]}`` so
  that a bare dict in a message is always a tag and can never be confused with data;
- tensors travel with the autograd facts a check may ask about (leaf, requires_grad,
  grad, whether it is an ``nn.Parameter``), because ``torch.save`` alone drops them;
- generators travel as their state, devices and dtypes by name;
- anything else is an *object* that stays where it lives and is named by a handle.

``decode`` on the grader side validates every node: a message from the worker that
strays from this format is a :class:`ProtocolError`, i.e. a wrong answer, never a crash.
"""

from __future__ import annotations

import io
import os
import struct
from dataclasses import dataclass
from typing import Any, Callable

import torch

from autograder.errors import ProtocolError

TAG = "__t__"
MAX_MESSAGE_BYTES = 1 << 30
HEADER = struct.Struct(">Q")
_PLAIN = (type(None), bool, int, float, str)


@dataclass(frozen=True)
class Unsupported:
    """A value the worker could not send as data, e.g. a tensor subclass."""

    type_name: str

    def __repr__(self) -> str:
        return f"<{self.type_name} object>"


@dataclass(frozen=True)
class Builtin:
    """A trusted constructor the checks ask the worker to call, e.g. ``torch.optim.SGD``."""

    path: str


def qualified_name(obj: Any) -> str:
    cls = type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in ("builtins", "__main__") else f"{module}.{cls.__qualname__}"


def encode(value: Any, on_object: Callable[[Any], dict]) -> Any:
    """Lay ``value`` out in the tagged format; ``on_object`` encodes anything that is not data."""
    if type(value) in _PLAIN:  # exact types: a numpy float is not a Python float
        return value
    if type(value) is list:
        return [encode(v, on_object) for v in value]
    if isinstance(value, tuple):
        # torch.Size and torch.return_types (topk, max, ...) are tuple subclasses:
        # a tuple is what they mean.
        return tuple(encode(v, on_object) for v in value)
    if type(value) is dict or (isinstance(value, dict) and type(value).__module__ == "collections"):
        return {TAG: "dict", "items": [(encode(k, on_object), encode(v, on_object))
                                       for k, v in value.items()]}
    if type(value) is torch.Tensor or type(value) is torch.nn.Parameter:
        return encode_tensor(value, on_object)
    if isinstance(value, torch.Tensor):
        return {TAG: "unsupported", "type": qualified_name(value)}
    if isinstance(value, torch.dtype):
        return {TAG: "dtype", "name": str(value).removeprefix("torch.")}
    if isinstance(value, torch.device):
        return {TAG: "device", "name": str(value)}
    if isinstance(value, torch.Generator):
        return {TAG: "generator", "device": str(value.device), "state": value.get_state()}
    if isinstance(value, Unsupported):
        return {TAG: "unsupported", "type": value.type_name}
    return on_object(value)


def encode_tensor(t: torch.Tensor, on_object: Callable[[Any], dict]) -> dict:
    grad = t.grad if t.is_leaf else None
    return {
        TAG: "tensor",
        "data": t.detach(),
        "requires_grad": t.requires_grad,
        "leaf": t.is_leaf,
        "parameter": type(t) is torch.nn.Parameter,
        "grad": None if grad is None else encode_tensor(grad, on_object),
    }


def decode(value: Any, on_handle: Callable[[dict], Any]) -> Any:
    """Rebuild a value from the tagged format, refusing anything that strays from it."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [decode(v, on_handle) for v in value]
    if kind is tuple:
        return tuple(decode(v, on_handle) for v in value)
    if kind is not dict:
        raise ProtocolError(f"unexpected {kind.__name__} in a message")
    tag = value.get(TAG)
    if tag == "dict":
        items = value.get("items")
        if type(items) is not list:
            raise ProtocolError("malformed dict in a message")
        out = {}
        for pair in items:
            if type(pair) is not tuple or len(pair) != 2:
                raise ProtocolError("malformed dict item in a message")
            key = decode(pair[0], on_handle)
            try:
                out[key] = decode(pair[1], on_handle)
            except TypeError as exc:  # an unhashable key
                raise ProtocolError(f"bad dict key in a message: {exc}") from None
        return out
    if tag == "tensor":
        return decode_tensor(value, on_handle)
    if tag == "dtype":
        dtype = getattr(torch, str(value.get("name")), None)
        if not isinstance(dtype, torch.dtype):
            raise ProtocolError("unknown dtype in a message")
        return dtype
    if tag == "device":
        try:
            return torch.device(str(value.get("name")))
        except RuntimeError:
            raise ProtocolError("unknown device in a message") from None
    if tag == "generator":
        state = value.get("state")
        if type(state) is not torch.Tensor or state.dtype != torch.uint8:
            raise ProtocolError("malformed generator in a message")
        gen = torch.Generator(device=str(value.get("device")))
        gen.set_state(state)
        return gen
    if tag == "unsupported":
        return Unsupported(str(value.get("type")))
    if tag in ("handle", "ref", "builtin"):
        return on_handle(value)
    raise ProtocolError(f"unknown tag {tag!r} in a message")


def decode_tensor(value: dict, on_handle: Callable[[dict], Any]) -> torch.Tensor:
    data = value.get("data")
    if type(data) is not torch.Tensor:
        raise ProtocolError(f"expected a tensor in a message, found {type(data).__name__}")
    requires_grad = value.get("requires_grad") is True
    if requires_grad and not (data.is_floating_point() or data.is_complex()):
        raise ProtocolError("an integer tensor cannot require grad")
    if value.get("parameter") is True:
        return torch.nn.Parameter(data, requires_grad=requires_grad)
    if not requires_grad:
        return data
    if value.get("leaf") is True:
        t = data.requires_grad_(True)
        grad = value.get("grad")
        if grad is not None:
            t.grad = decode_tensor(grad, on_handle) if type(grad) is dict else _bad("grad")
        return t
    # Rebuild "a tensor with a graph behind it" so that is_leaf and grad_fn checks
    # see what the student returned; the graph itself does not cross.
    return data.requires_grad_(True).clone()


def _bad(what: str):
    raise ProtocolError(f"malformed {what} in a message")


def dumps(message: Any) -> bytes:
    buffer = io.BytesIO()
    torch.save(message, buffer)
    return buffer.getvalue()


def loads(blob: bytes) -> Any:
    """Read one message; only tensors and plain containers can come out of it."""
    try:
        return torch.load(io.BytesIO(blob), weights_only=True, map_location=None)
    except Exception as exc:  # weights_only refuses code: report it, never run it
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ProtocolError(f"refused a message that is not plain data ({first_line[:200]})") from None


def write_frame(fd: int, blob: bytes) -> None:
    view = memoryview(HEADER.pack(len(blob)) + blob)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def read_exact(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> bytes:
    (size,) = HEADER.unpack(read_exact(fd, HEADER.size))
    if size > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {size} bytes is over the limit")
    return read_exact(fd, size)

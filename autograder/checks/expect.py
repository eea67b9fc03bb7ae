"""The vocabulary of the checks: assertions whose failure messages speak to a student.

Every helper raises :class:`CheckFailed` (an ``AssertionError``) with one message
that says what was wrong in the student's terms. A comparison can be given the
results that known mistakes would produce (``mistakes={"message": tensor}``): when
the student's answer matches one of them, the message names that misconception.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import torch

from autograder.errors import StudentError
from autograder.protocol import Unsupported
from autograder.tolerances import tolerance


class CheckFailed(AssertionError):
    """A check found a wrong answer."""


def fail(message: str) -> None:
    raise CheckFailed(message)


def describe_type(value: Any) -> str:
    if isinstance(value, Unsupported):
        return value.type_name
    type_name = getattr(value, "type_name", None)  # a RemoteObject
    if isinstance(type_name, str) and not isinstance(value, (str, torch.Tensor)):
        return type_name
    kind = type(value)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def tensor_result(value: Any, name: str) -> torch.Tensor:
    """``value`` must be a plain ``torch.Tensor``: not a subclass, a Parameter or a list."""
    if type(value) is torch.Tensor:
        return value
    if type(value) is torch.nn.Parameter:
        fail(f"{name} returned an nn.Parameter; return a plain torch.Tensor "
             "(for a trainable leaf, call .requires_grad_() on a tensor)")
    if isinstance(value, Unsupported) or isinstance(value, torch.Tensor):
        fail(f"{name} returned a {describe_type(value)} (a tensor subclass); return a plain torch.Tensor")
    fail(f"{name} returned a {describe_type(value)}; it should return a torch.Tensor")
    raise AssertionError  # unreachable: fail() raised


def expect_metadata(got: torch.Tensor, expected: torch.Tensor, name: str, *, check_dtype: bool = True) -> None:
    if got.shape != expected.shape:
        fail(f"{name} has shape {tuple(got.shape)}, expected {tuple(expected.shape)}")
    if check_dtype and got.dtype != expected.dtype:
        fail(f"{name} has dtype {got.dtype}, expected {expected.dtype}")
    if got.device != expected.device:
        fail(f"{name} is on device {got.device}, expected {expected.device}: create new tensors on the "
             "input's device (device=x.device) and never hard-code 'cpu' or 'cuda'")


def _close(got: torch.Tensor, expected: torch.Tensor, rtol: float, atol: float, equal_nan: bool) -> bool:
    if got.shape != expected.shape:
        return False
    if got.device.type == "meta" or expected.device.type == "meta":
        return True  # meta tensors carry no values: shape, dtype and device are all there is
    got = got.to(device=expected.device, dtype=expected.dtype)
    if not (expected.is_floating_point() or expected.is_complex()):
        return torch.equal(got, expected)
    return bool(torch.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


def expect_tensor(value: Any, expected: torch.Tensor, name: str, *, hint: str = "",
                  mistakes: Mapping[str, torch.Tensor | list[torch.Tensor]] | None = None, check_dtype: bool = True,
                  rtol: float | None = None, atol: float | None = None, equal_nan: bool = False) -> torch.Tensor:
    """``value`` is a plain tensor of ``expected``'s shape, dtype and device, and close to it."""
    got = tensor_result(value, name)
    expected = expected.detach()
    for message, candidates in (mistakes or {}).items():
        # A mistake can be written several ways, each giving its own tensor.
        for wrong in candidates if isinstance(candidates, (list, tuple)) else [candidates]:
            wrong = wrong.detach()
            default_rtol, default_atol = tolerance(wrong.dtype, wrong.device)
            if (not _close(wrong, expected, default_rtol, default_atol, equal_nan)
                    and _close(got.detach(), wrong, default_rtol, default_atol, equal_nan)):
                fail(f"{name} is wrong: {message}")
    expect_metadata(got, expected, name, check_dtype=check_dtype)
    default_rtol, default_atol = tolerance(expected.dtype, expected.device)
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    if not _close(got.detach(), expected, rtol, atol, equal_nan):
        fail(f"{name} has wrong values: {_first_difference(got.detach(), expected)}" + (f". {hint}" if hint else ""))
    return got


def _first_difference(got: torch.Tensor, expected: torch.Tensor) -> str:
    got, expected = got.cpu(), expected.cpu()
    if not got.is_floating_point() and not expected.is_floating_point():
        bad = (got != expected).nonzero()
    else:
        g, e = got.double(), expected.double()
        bad = ~(torch.isclose(g, e, rtol=1e-12, atol=0, equal_nan=True))
        if not torch.isfinite(g).all() and torch.isfinite(e).all():
            return "it contains NaN or inf where every expected value is finite"
        bad = bad.nonzero()
    if len(bad) == 0:
        return "the values differ beyond the tolerance"
    index = tuple(int(i) for i in bad[0])
    return (f"{len(bad)} of {got.numel()} entries differ, e.g. at index {index}: "
            f"got {got[index].item():.6g}, expected {expected[index].item():.6g}")


def expect_unchanged(before: torch.Tensor, after: torch.Tensor, name: str) -> None:
    """An input must not be modified in place."""
    if after.shape != before.shape or (before.device.type != "meta"
                                       and not torch.equal(before.detach(), after.detach())):
        fail(f"{name} modified its input in place; leave inputs unchanged and return a new tensor")


def expect_leaves_inputs(fn: Callable, args: tuple, expected: torch.Tensor, name: str) -> None:
    """``fn(*args)`` gives ``expected`` and leaves its tensor arguments as they were.

    Checking the result too means a function that does nothing earns nothing here.
    """
    tensors = [a for a in args if isinstance(a, torch.Tensor)]
    before = [t.clone() for t in tensors]
    expect_tensor(fn(*args), expected, name)
    for old, new in zip(before, tensors):
        expect_unchanged(old, new, name)


def expect_type(value: Any, kind: type, name: str, hint: str = "") -> Any:
    if not isinstance(value, kind) or (kind is float and isinstance(value, bool)):
        fail(f"{name} returned a {describe_type(value)}; it should return a {kind.__name__}"
             + (f" ({hint})" if hint else ""))
    return value


def expect_equal(value: Any, expected: Any, name: str, hint: str = "") -> None:
    if value != expected or type(value) is not type(expected):
        fail(f"{name} returned {value!r}, expected {expected!r}" + (f". {hint}" if hint else ""))


def expect_raises(exc_type: type[BaseException], fn: Callable, *args: Any, name: str,
                  must_mention: tuple[str, ...] = (), **kwargs: Any) -> StudentError:
    """Calling ``fn`` must raise ``exc_type`` (or a subclass), whose message names the problem."""
    try:
        result = fn(*args, **kwargs)
    except StudentError as err:
        if not err.is_a(exc_type):
            fail(f"{name} raised {err.type_name}, expected {exc_type.__name__}")
        missing = [word for word in must_mention if word not in err.message]
        if missing:
            fail(f"{name} raised {exc_type.__name__}({err.message!r}); the message should mention "
                 + ", ".join(repr(w) for w in missing))
        return err
    fail(f"{name} should raise {exc_type.__name__} but returned a {describe_type(result)}")
    raise AssertionError  # unreachable

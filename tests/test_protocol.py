"""The data format between grader and worker: faithful for data, closed to everything else."""

from __future__ import annotations

import io
import os
import pickle

import pytest
import torch

from autograder import protocol
from autograder.errors import ProtocolError
from autograder.protocol import TAG, Unsupported


def no_objects(obj):
    raise TypeError(f"unexpected object {obj!r}")


def no_handles(handle):
    raise AssertionError(f"unexpected handle {handle!r}")


def round_trip(value):
    return protocol.decode(protocol.loads(protocol.dumps(protocol.encode(value, no_objects))), no_handles)


@pytest.mark.parametrize("value", [
    None, True, 3, -2.5, float("inf"), "text", [1, [2, "x"]], (1, (2.0, None)),
    {"a": 1, 2: [3], (1, 2): "tuple key"}, torch.float64, torch.device("cpu"),
])
def test_plain_values_round_trip(value):
    assert round_trip(value) == value
    assert type(round_trip(value)) is type(value)


@pytest.mark.parametrize("device", ["cpu", "meta"])
def test_tensors_keep_shape_dtype_device_and_values(device):
    t = torch.arange(6, dtype=torch.int64).reshape(2, 3).to(device)
    back = round_trip(t)
    assert type(back) is torch.Tensor
    assert (back.shape, back.dtype, back.device) == (t.shape, t.dtype, t.device)
    if device != "meta":
        assert torch.equal(back, t)


def test_autograd_facts_survive():
    leaf = torch.ones(3, requires_grad=True)
    leaf.grad = torch.full((3,), 2.0)
    back_leaf = round_trip(leaf)
    assert back_leaf.is_leaf and back_leaf.requires_grad and torch.equal(back_leaf.grad, leaf.grad)
    back_result = round_trip(leaf * 2)
    assert back_result.requires_grad and not back_result.is_leaf
    back_param = round_trip(torch.nn.Parameter(torch.zeros(2)))
    assert type(back_param) is torch.nn.Parameter


def test_generators_travel_as_their_state():
    g = torch.Generator().manual_seed(5)
    torch.randn(3, generator=g)
    back = round_trip(g)
    assert torch.equal(torch.randn(4, generator=back), torch.randn(4, generator=g))


def test_tensor_subclasses_are_sent_as_unsupported():
    class Sneaky(torch.Tensor):
        pass

    assert round_trip(torch.zeros(2).as_subclass(Sneaky)) == Unsupported(
        f"{__name__}.test_tensor_subclasses_are_sent_as_unsupported.<locals>.Sneaky")


class RunsCode:
    def __reduce__(self):
        return (os.system, ("echo this must never run",))


def test_loading_refuses_pickles_that_run_code():
    with pytest.raises(ProtocolError, match="not plain data"):
        protocol.loads(pickle.dumps({"ok": True, "value": RunsCode()}, protocol=2))


class ModuleLevelSubclass(torch.Tensor):
    pass


def test_loading_refuses_a_saved_tensor_subclass():
    buffer = io.BytesIO()
    torch.save(torch.zeros(2).as_subclass(ModuleLevelSubclass), buffer)
    with pytest.raises(ProtocolError):
        protocol.loads(buffer.getvalue())


@pytest.mark.parametrize("raw", [
    {"op": "untagged dict"},
    {TAG: "no such tag"},
    {TAG: "dict", "items": "not a list"},
    {TAG: "tensor", "data": [1, 2]},
    {TAG: "dtype", "name": "not_a_dtype"},
    {TAG: "generator", "device": "cpu", "state": torch.zeros(3)},
    {TAG: "tensor", "data": torch.zeros(2, dtype=torch.int64), "requires_grad": True},
    bytearray(b"bytes are not in the format"),
])
def test_decoding_refuses_anything_off_format(raw):
    with pytest.raises(ProtocolError):
        protocol.decode(raw, no_handles)


def test_frames_refuse_oversized_messages():
    read_fd, write_fd = os.pipe()
    os.write(write_fd, protocol.HEADER.pack(protocol.MAX_MESSAGE_BYTES + 1))
    with pytest.raises(ProtocolError, match="over the limit"):
        protocol.read_frame(read_fd)
    os.close(read_fd)
    os.close(write_fd)

"""Device choice and tolerances: one table, with reasons, used by every comparison."""

from __future__ import annotations

import pytest
import torch

from autograder.devices import resolve_device
from autograder.errors import GraderError
from autograder.tolerances import for_magnitude, tolerance


def test_auto_prefers_cuda_then_mps_then_cpu():
    expected = "cuda" if torch.cuda.is_available() else (
        "mps" if torch.backends.mps.is_available() else "cpu")
    assert resolve_device("auto").type == expected


@pytest.mark.parametrize("name", ["cuda", "mps"])
def test_a_forced_device_must_exist(name):
    available = torch.cuda.is_available() if name == "cuda" else torch.backends.mps.is_available()
    if available:
        assert resolve_device(name).type == name
    else:
        with pytest.raises(GraderError, match=f"--device {name}"):
            resolve_device(name)


def test_unknown_device_names_are_refused():
    with pytest.raises(GraderError, match="choose one of"):
        resolve_device("tpu")


def test_tolerances_follow_precision():
    assert tolerance(torch.float64) < tolerance(torch.float32) < tolerance(torch.float16)
    assert tolerance(torch.float32, "cuda") > tolerance(torch.float32, "cpu")  # TF32 may be on
    assert tolerance(torch.int64) == (0.0, 0.0)


def test_large_inputs_widen_the_tolerance_by_their_own_rounding():
    rtol, atol = for_magnitude(torch.float32, 1e4)
    assert rtol == pytest.approx(4 * torch.finfo(torch.float32).eps * 1e4)
    assert for_magnitude(torch.float32, 1.0) == tolerance(torch.float32)


def test_reference_solution_is_device_agnostic(tensors):
    """Everything but masked selection (data-dependent shape) runs on meta, where mixing devices raises."""
    from solutions import tensors as ref

    x = torch.empty(2, 3, 8, device="meta")
    assert ref.split_heads(x, 4).device.type == "meta"
    assert ref.merge_heads(ref.split_heads(x, 4)).shape == x.shape
    assert ref.softmax(x).device.type == "meta"
    assert ref.replace_where(x, 0.0, 1.0).device.type == "meta"
    assert ref.make_param((2, 2), device="meta").is_leaf

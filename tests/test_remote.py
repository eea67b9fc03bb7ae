"""The worker client: calls, in-place effects, handles, errors, time limits, crashes."""

from __future__ import annotations

import pytest
import torch

from autograder.errors import StudentError, StudentTimeout, WorkerCrashed
from autograder.protocol import Unsupported
from autograder.remote import RemoteObject, RemoteStudent

CODE = '''
import os
import torch

def double(x):
    return x * 2

def scale_in_place(x):
    x.mul_(3)

def rebind(x):
    x.data = x.data + 1

def draw(n, generator=None):
    return torch.randn(n, generator=generator)

class Sub(torch.Tensor):
    pass

def subclass(x):
    return x.as_subclass(Sub)

def fail(x):
    raise ValueError(f"bad value {x}")

def hang():
    while True:
        pass

def die():
    os._exit(3)

def make_module():
    return torch.nn.Linear(2, 3)
'''


@pytest.fixture(scope="module")
def student():
    with RemoteStudent([("code", CODE)], timeout=2.0) as remote:
        assert remote.start()["code"].status == "ok"
        yield remote


def test_a_call_returns_data_on_the_input_device(student, device):
    x = torch.arange(3.0, device=device)
    out = student.double(x)
    assert type(out) is torch.Tensor and out.device == x.device and torch.equal(out, x * 2)


def test_in_place_changes_to_arguments_are_mirrored(student):
    x = torch.ones(3)
    assert student.scale_in_place(x) is None
    assert torch.equal(x, torch.full((3,), 3.0))


def test_a_storage_swap_is_mirrored_too(student):
    x = torch.zeros(2)
    pointer = x.data_ptr()
    student.rebind(x)
    assert torch.equal(x, torch.ones(2)) and x.data_ptr() != pointer


def test_generator_state_advances_as_in_a_local_call(student):
    remote_gen, local_gen = torch.Generator().manual_seed(1), torch.Generator().manual_seed(1)
    assert torch.equal(student.draw(4, generator=remote_gen), torch.randn(4, generator=local_gen))
    assert torch.equal(remote_gen.get_state(), local_gen.get_state())


def test_tensor_subclasses_come_back_unsupported(student):
    assert isinstance(student.subclass(torch.ones(1)), Unsupported)


def test_student_exceptions_carry_type_and_message(student):
    with pytest.raises(StudentError) as info:
        student.fail(7)
    assert info.value.is_a(ValueError) and info.value.is_a(Exception) and "bad value 7" in info.value.message
    assert "answer cell 'code'" in info.value.where


def test_undefined_names_are_a_name_error(student):
    with pytest.raises(StudentError) as info:
        student.not_defined_anywhere()
    assert info.value.is_a(NameError)


def test_modules_stay_in_the_worker_behind_a_handle(student):
    module = student.make_module()
    assert isinstance(module, RemoteObject) and module.is_instance("Module")
    assert module.out_features == 3
    state = module.state_dict()
    assert set(state) == {"weight", "bias"} and type(state["weight"]) is torch.Tensor
    x = torch.randn(4, 2)
    expected = x @ state["weight"].T + state["bias"]
    assert torch.allclose(module(x), expected)


def test_a_hang_times_out_and_the_next_call_gets_a_fresh_worker():
    with RemoteStudent([("code", CODE)], timeout=1.0) as remote:
        remote.start()
        with pytest.raises(StudentTimeout):
            remote.hang()
        assert torch.equal(remote.double(torch.ones(1)), torch.full((1,), 2.0))
        assert remote.restarts == 1


def test_a_dying_worker_is_reported_and_replaced():
    with RemoteStudent([("code", CODE)], timeout=2.0) as remote:
        remote.start()
        module = remote.make_module()
        with pytest.raises(WorkerCrashed, match="exited with code 3"):
            remote.die()
        assert torch.equal(remote.double(torch.ones(1)), torch.full((1,), 2.0))
        with pytest.raises(WorkerCrashed, match="lost"):
            module(torch.ones(1, 2))  # handles do not survive a restart


def test_cells_that_fail_are_reported_and_not_rerun():
    cells = [("good", "def f():\n    return 1\n"), ("bad", "1/0\n"), ("loop", "while True: pass\n"),
             ("after", "def g():\n    return 2\n")]
    with RemoteStudent(cells, timeout=1.0) as remote:
        outcomes = remote.start()
        assert [outcomes[name].status for name, _ in cells] == ["ok", "error", "timeout", "ok"]
        assert "ZeroDivisionError" in outcomes["bad"].message
        assert remote.f() == 1 and remote.g() == 2


def test_meta_arguments_are_not_mistaken_for_swapped_storage(student):
    x = torch.empty(2, 3, device="meta")
    pointer_before = x.untyped_storage()._cdata
    student.double(x)
    assert x.untyped_storage()._cdata == pointer_before

"""Hidden checks of 01_tensors: edge cases, other devices and dtypes, against the reference.

Only the grader runs these; students see their names and whether they passed.
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks.expect import expect_tensor, fail, tensor_result
from autograder.checks.inputs import examples, meta_like, placed, randint, randn
from autograder.checks.source import forbidden_uses
from autograder.errors import StudentError
from autograder.tolerances import for_magnitude
from autograder.checks.tensors.test_public import expect_matmul_shape
from solutions import tensors as ref

exercise = pytest.mark.exercise


def on_meta(fn, *args, name: str, **kwargs):
    """Call student code on meta tensors: hard-coded devices show up as a device mix."""
    try:
        return fn(*args, **kwargs)
    except StudentError as err:
        about_devices = "device" in err.message or "meta" in err.message
        if not err.is_a(RuntimeError) or err.is_a(NotImplementedError) or not about_devices:
            raise
        fail(f"{name} fails for tensors on another device ({err.type_name}: {err.message[:120]}); "
             "create new tensors with device=x.device instead of the default device")


@exercise("make_param", points=1)
def test_make_param_on_meta(student):
    expect_tensor(student.make_param((3, 2), generator=torch.Generator().manual_seed(1)),
                  torch.randn((3, 2), generator=torch.Generator().manual_seed(1)), "make_param((3, 2), generator=g)")
    got = tensor_result(on_meta(student.make_param, (3, 2), generator=torch.Generator().manual_seed(1),
                                device=torch.device("meta"), name="make_param(device='meta')"),
                        "make_param(device='meta')")
    want = ref.make_param((3, 2), generator=torch.Generator().manual_seed(1), device=torch.device("meta"))
    expect_tensor(got, want, "make_param(device='meta')")
    if not (got.requires_grad and got.is_leaf):
        fail("make_param(device='meta') is not a leaf that requires grad")


@exercise("linear_forward", points=0.5)
def test_linear_forward_on_meta(student, gen):
    X, W, b = (randn(gen, *s) for s in [(3, 4), (4, 2), (2,)])
    expect_tensor(student.linear_forward(X, W, b), X @ W + b, "linear_forward(X, W, b)")
    X, W, b = (meta_like(t) for t in (X, W, b))
    expect_tensor(on_meta(student.linear_forward, X, W, b, name="linear_forward"), ref.linear_forward(X, W, b),
                  "linear_forward on meta tensors")


@exercise("linear_forward", points=0.5)
def test_linear_forward_float64(student, device, gen):
    X, W, b = (randn(gen, *s, device=device, dtype=torch.float64) for s in [(5, 3), (3, 4), (4,)])
    expect_tensor(student.linear_forward(X, W, b), ref.linear_forward(X, W, b), "linear_forward in float64")


@exercise("reductions", points=0.5)
@pytest.mark.parametrize("shape", [(1, 6), (5, 1)])
def test_reductions_thin_matrices(student, device, gen, shape):
    scores = randn(gen, *shape, device=device)
    expect_tensor(student.row_sums(scores), ref.row_sums(scores), f"row_sums of a {shape} matrix")
    expect_tensor(student.column_means(scores), ref.column_means(scores), f"column_means of a {shape} matrix")


@exercise("reductions", points=0.5)
def test_reductions_on_meta(student, gen):
    scores = randn(gen, 3, 4)
    expect_tensor(student.row_sums(scores), ref.row_sums(scores), "row_sums(scores)")
    expect_tensor(student.column_means(scores), ref.column_means(scores), "column_means(scores)")
    scores = meta_like(scores)
    expect_tensor(on_meta(student.row_sums, scores, name="row_sums"), ref.row_sums(scores), "row_sums on meta")
    expect_tensor(on_meta(student.column_means, scores, name="column_means"), ref.column_means(scores),
                  "column_means on meta")


@exercise("masked_select_greater", points=0.5)
def test_masked_select_greater_nothing_selected(student, device, gen):
    x = randn(gen, 3, 4, device=device)
    expect_tensor(student.masked_select_greater(x, 100.0), ref.masked_select_greater(x, 100.0),
                  "masked_select_greater when nothing exceeds the threshold")


@exercise("masked_select_greater", points=0.5)
def test_masked_select_greater_integers(student, device, gen):
    x = randint(gen, -5, 6, 4, 5, device=device)
    expect_tensor(student.masked_select_greater(x, 2), ref.masked_select_greater(x, 2),
                  "masked_select_greater on int64 data")


@exercise("replace_where", points=0.5)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float16])
def test_replace_where_keeps_dtype(student, device, gen, dtype):
    x = randn(gen, 4, 4, device=device, dtype=dtype)
    expect_tensor(student.replace_where(x, 0.25, -2.0), ref.replace_where(x, 0.25, -2.0),
                  f"replace_where on {dtype}")


@exercise("replace_where", points=0.5)
def test_replace_where_on_meta(student, gen):
    x = randn(gen, 2, 3)
    expect_tensor(student.replace_where(x, 0.0, 1.0), ref.replace_where(x, 0.0, 1.0), "replace_where(x, 0, 1)")
    x = meta_like(x)
    expect_tensor(on_meta(student.replace_where, x, 0.0, 1.0, name="replace_where"),
                  ref.replace_where(x, 0.0, 1.0), "replace_where on meta")


@exercise("top_k", points=0.5)
@pytest.mark.parametrize("shape,k", [((2, 3, 8), 1), ((3, 4), 4)])
def test_top_k_against_reference(student, device, gen, shape, k):
    scores = randn(gen, *shape, device=device)
    got = student.top_k(scores, k)
    want = ref.top_k(scores, k)
    if not isinstance(got, tuple) or len(got) != 2:
        fail("top_k should return a tuple (values, indices)")
    expect_tensor(got[0], want[0], f"top_k values for shape {shape}, k={k}")
    expect_tensor(got[1], want[1], f"top_k indices for shape {shape}, k={k}")


@exercise("top_k", points=0.5)
def test_top_k_on_meta(student, gen):
    scores = randn(gen, 3, 6)
    expect_tensor(student.top_k(scores, 2)[0], ref.top_k(scores, 2)[0], "top_k(scores, 2) values")
    scores = meta_like(scores)
    got = on_meta(student.top_k, scores, 2, name="top_k")
    if not isinstance(got, tuple) or len(got) != 2:
        fail("top_k should return a tuple (values, indices)")
    want = ref.top_k(scores, 2)
    expect_tensor(got[0], want[0], "top_k values on meta")
    expect_tensor(got[1], want[1], "top_k indices on meta")


@exercise("pick_per_row", points=0.5)
def test_pick_per_row_on_meta(student, gen):
    data, cols = randn(gen, 4, 3), randint(gen, 0, 3, 4)
    expect_tensor(student.pick_per_row(data, cols), ref.pick_per_row(data, cols), "pick_per_row(data, cols)")
    data, cols = meta_like(data), meta_like(cols)
    expect_tensor(on_meta(student.pick_per_row, data, cols, name="pick_per_row"), ref.pick_per_row(data, cols),
                  "pick_per_row on meta")


@exercise("pick_per_row", points=0.5)
def test_pick_per_row_many_rows(student, device, gen):
    data = randn(gen, 200, 9, device=device)
    cols = randint(gen, 0, 9, 200, device=device)
    expect_tensor(student.pick_per_row(data, cols), ref.pick_per_row(data, cols), "pick_per_row on 200 rows")


@exercise("softmax", points=1)
@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_softmax_rows_of_different_magnitude(student, device, gen, dtype):
    scale = torch.tensor([[1e-3], [1.0], [50.0], [1e4]], dtype=dtype)
    x = (randn(gen, 4, 6, dtype=dtype) * scale).to(placed(device, dtype))
    got = tensor_result(student.softmax(x, dim=-1), "softmax of rows of very different magnitude")
    if not torch.isfinite(got).all():
        fail("softmax gives NaN or inf when rows differ in magnitude: subtract each row's own max "
             "(amax along dim with keepdim=True), not the max of the whole tensor")
    rtol, atol = for_magnitude(dtype, float(x.abs().max()), device)
    expect_tensor(got, torch.softmax(x, dim=-1), "softmax of rows of very different magnitude", rtol=rtol, atol=atol)


@exercise("softmax", points=0.5)
def test_softmax_with_minus_inf(student, device):
    x = torch.tensor([[0.0, float("-inf"), 1.0], [float("-inf"), 2.0, 2.0]], device=device)
    expect_tensor(student.softmax(x, dim=-1), torch.softmax(x, dim=-1), "softmax with -inf entries (masked)")


@exercise("softmax", points=0.5)
def test_softmax_on_meta_and_float64(student, device, gen):
    x = meta_like(randn(gen, 3, 5))
    expect_tensor(on_meta(student.softmax, x, dim=0, name="softmax"), ref.softmax(x, dim=0), "softmax on meta")
    x64 = randn(gen, 3, 5, device=device, dtype=torch.float64)
    expect_tensor(student.softmax(x64, dim=0), torch.softmax(x64, dim=0), "softmax in float64")


@exercise("softmax", points=1)
def test_softmax_from_scratch(student, device, gen):
    # Only a working softmax earns this point: a stub is "from scratch" too.
    x = randn(gen, 3, 4, device=device)
    expect_tensor(student.softmax(x, dim=-1), torch.softmax(x, dim=-1), "softmax(x)")
    source = student.answer_source("softmax")
    if source is None:
        fail("the grader could not read the softmax answer cell")
    uses = forbidden_uses(source, {"softmax", "log_softmax", "Softmax", "LogSoftmax"})
    if uses:
        fail("softmax must be written from scratch (max, exp, sum), but the answer uses torch's own: "
             + ", ".join(uses))


big_shapes = st.lists(st.integers(1, 4), min_size=2, max_size=5).map(tuple)


@exercise("matmul_shape", points=1.5)
@examples(120)
@given(shape_a=big_shapes, shape_b=big_shapes)
def test_matmul_shape_deeper_batches(student, shape_a, shape_b):
    expect_matmul_shape(student, shape_a, shape_b)


@exercise("heads", points=0.5)
def test_heads_on_meta(student, gen):
    x = randn(gen, 2, 3, 8)
    expect_tensor(student.split_heads(x, 4), ref.split_heads(x, 4), "split_heads(x, 4)")
    x = meta_like(x)
    got = on_meta(student.split_heads, x, 4, name="split_heads")
    expect_tensor(got, ref.split_heads(x, 4), "split_heads on meta")
    expect_tensor(on_meta(student.merge_heads, ref.split_heads(x, 4), name="merge_heads"), x, "merge_heads on meta")


@exercise("heads", points=0.5)
def test_heads_against_reference(student, device, gen):
    x = randn(gen, 3, 1, 16, device=device)
    expect_tensor(student.split_heads(x, 8), ref.split_heads(x, 8), "split_heads with T=1 and 8 heads")
    y = randn(gen, 3, 8, 1, 2, device=device)
    expect_tensor(student.merge_heads(y), ref.merge_heads(y), "merge_heads with T=1 and 8 heads")

"""Public checks of 01_tensors: they run in the student's notebook and in the grader.

They compare with torch built-ins and with properties of the answer, never with
the reference solution (which students do not have).
"""

from __future__ import annotations

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks.expect import (
    expect_equal, expect_leaves_inputs, expect_raises, expect_tensor, fail, tensor_result,
)
from autograder.checks.inputs import examples, randint, randn
from autograder.tolerances import for_magnitude

exercise = pytest.mark.exercise


# --- make_param ---------------------------------------------------------------

@exercise("make_param", points=1)
@pytest.mark.parametrize("shape", [(3, 4), (5,), (2, 3, 2)])
def test_make_param_draws_like_randn(student, device, shape):
    mine, theirs = torch.Generator().manual_seed(7), torch.Generator().manual_seed(7)
    got = student.make_param(shape, generator=mine, device=device)
    want = torch.randn(shape, generator=theirs).to(device)
    expect_tensor(got, want, f"make_param({shape}, generator=g, device={device.type!r})", rtol=0, atol=0,
                  hint="draw exactly torch.randn(shape, generator=generator) on the CPU, then move it")
    if not torch.equal(mine.get_state(), theirs.get_state()):
        fail("make_param drew a different amount of random numbers than one torch.randn(shape, generator=g)")


@exercise("make_param", points=1)
def test_make_param_is_trainable_leaf(student, device):
    got = tensor_result(student.make_param((4, 2), generator=torch.Generator().manual_seed(0), device=device),
                        "make_param")
    if got.dtype != torch.float32:
        fail(f"make_param returned dtype {got.dtype}; parameters are float32")
    if not got.requires_grad:
        fail("make_param returned a tensor with requires_grad=False; a parameter must require grad")
    if not got.is_leaf:
        fail("make_param returned a non-leaf tensor (it has a grad_fn): move it to the device first and "
             "only then call .requires_grad_(), otherwise .grad never fills in")


@exercise("make_param", points=1)
def test_make_param_default_device_is_cpu(student):
    got = tensor_result(student.make_param((2, 2)), "make_param((2, 2))")
    if got.device.type != "cpu":
        fail(f"make_param((2, 2)) without a device returned a tensor on {got.device}; it should stay on the CPU")


# --- linear_forward -------------------------------------------------------------

@exercise("linear_forward", points=2)
@pytest.mark.parametrize("n,d_in,d_out", [(4, 3, 2), (1, 5, 1), (6, 2, 7)])
def test_linear_forward_matches_matmul_plus_bias(student, device, gen, n, d_in, d_out):
    X, W, b = randn(gen, n, d_in, device=device), randn(gen, d_in, d_out, device=device), \
        randn(gen, d_out, device=device)
    expect_tensor(student.linear_forward(X, W, b), X @ W + b, "linear_forward(X, W, b)",
                  mistakes={"the bias b is missing (X @ W + b)": X @ W})


@exercise("linear_forward", points=1)
def test_linear_forward_leaves_inputs_alone(student, device, gen):
    X, W, b = randn(gen, 3, 4, device=device), randn(gen, 4, 2, device=device), randn(gen, 2, device=device)
    expect_leaves_inputs(student.linear_forward, (X, W, b), X @ W + b, "linear_forward")


# --- reductions -----------------------------------------------------------------

@exercise("reductions", points=1.5)
@pytest.mark.parametrize("shape", [(3, 5), (6, 2)])
def test_row_sums(student, device, gen, shape):
    scores = randn(gen, *shape, device=device)
    expect_tensor(student.row_sums(scores), scores.sum(dim=1), "row_sums(scores)", mistakes={
        "it summed each column (dim=0); a row's sum runs along dim=1": scores.sum(dim=0),
        "keep the result 1-D: drop keepdim=True": scores.sum(dim=1, keepdim=True),
    })


@exercise("reductions", points=1.5)
@pytest.mark.parametrize("shape", [(3, 5), (6, 2)])
def test_column_means(student, device, gen, shape):
    scores = randn(gen, *shape, device=device)
    expect_tensor(student.column_means(scores), scores.mean(dim=0), "column_means(scores)", mistakes={
        "it averaged each row (dim=1); a column's mean runs along dim=0": scores.mean(dim=1),
        "it summed the columns instead of averaging them": scores.sum(dim=0),
        "keep the result 1-D: drop keepdim=True": scores.mean(dim=0, keepdim=True),
    })


@exercise("reductions", points=1)
def test_reductions_leave_input_alone(student, device, gen):
    scores = randn(gen, 4, 3, device=device)
    expect_leaves_inputs(student.row_sums, (scores,), scores.sum(dim=1), "row_sums")
    expect_leaves_inputs(student.column_means, (scores,), scores.mean(dim=0), "column_means")


# --- masked_select_greater --------------------------------------------------------

@exercise("masked_select_greater", points=2)
@pytest.mark.parametrize("shape,threshold", [((4, 5), 0.0), ((3, 4, 2), 1.0), ((7,), -1.0)])
def test_masked_select_greater(student, device, gen, shape, threshold):
    # Whole numbers, so that some entries equal the threshold exactly.
    x = randint(gen, -3, 4, *shape, device=device).float()
    mistakes = {"it kept entries equal to the threshold; keep only those strictly greater": x[x >= threshold]}
    if x.dim() == 2:
        mistakes["the elements are not in row-major order (row by row)"] = x.T[x.T > threshold]
    expect_tensor(student.masked_select_greater(x, threshold), x[x > threshold],
                  f"masked_select_greater(x, {threshold})", mistakes=mistakes)


@exercise("masked_select_greater", points=1)
def test_masked_select_greater_leaves_input_alone(student, device, gen):
    x = randn(gen, 3, 3, device=device)
    expect_leaves_inputs(student.masked_select_greater, (x, 0.0), x[x > 0.0], "masked_select_greater")


# --- replace_where --------------------------------------------------------------

@exercise("replace_where", points=2)
@pytest.mark.parametrize("threshold,value", [(0.0, -1.0), (1.0, 5.0), (-2.0, 0.0)])
def test_replace_where(student, device, gen, threshold, value):
    x = randint(gen, -3, 4, 4, 6, device=device).float()
    expect_tensor(student.replace_where(x, threshold, value), torch.where(x > threshold, value, x),
                  f"replace_where(x, {threshold}, {value})", mistakes={
                      "it also replaced entries equal to the threshold; replace only where x > threshold":
                          torch.where(x >= threshold, value, x),
                      "the condition is inverted: put value where x > threshold, keep x elsewhere":
                          torch.where(x > threshold, x, torch.full_like(x, value)),
                  })


@exercise("replace_where", points=1)
def test_replace_where_returns_new_tensor(student, device, gen):
    x = randn(gen, 5, 4, device=device)
    expect_leaves_inputs(student.replace_where, (x, 0.0, 9.0), torch.where(x > 0.0, 9.0, x), "replace_where")


# --- top_k ----------------------------------------------------------------------

def _top_k_result(student, scores: torch.Tensor, k: int) -> tuple[torch.Tensor, torch.Tensor]:
    got = student.top_k(scores, k)
    if not isinstance(got, tuple) or len(got) != 2:
        fail("top_k should return a tuple (values, indices)")
    return tensor_result(got[0], "top_k values"), tensor_result(got[1], "top_k indices")


@exercise("top_k", points=1.5)
@pytest.mark.parametrize("shape,k", [((4, 9), 3), ((2, 3, 6), 2)])
def test_top_k_values(student, device, gen, shape, k):
    scores = randn(gen, *shape, device=device)
    values, _ = _top_k_result(student, scores, k)
    want = torch.topk(scores, k, dim=-1).values
    expect_tensor(values, want, f"top_k(scores, {k}) values", mistakes={
        "these are the k smallest entries; take the largest": torch.topk(scores, k, dim=-1, largest=False).values,
        "the values must come largest first": torch.topk(scores, k, dim=-1).values.flip(-1),
    })


@exercise("top_k", points=1.5)
@pytest.mark.parametrize("shape,k", [((4, 9), 3), ((5, 5), 5)])
def test_top_k_indices_point_at_values(student, device, gen, shape, k):
    scores = randn(gen, *shape, device=device)
    values, indices = _top_k_result(student, scores, k)
    expect_tensor(indices, torch.topk(scores, k, dim=-1).indices, f"top_k(scores, {k}) indices",
                  hint="indices are positions along the last dim, int64")
    expect_tensor(scores.gather(-1, indices), values, "scores.gather(-1, indices)")


@exercise("top_k", points=1)
def test_top_k_with_ties(student, device):
    scores = torch.tensor([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0]], device=device)
    values, indices = _top_k_result(student, scores, 2)
    expect_tensor(values, torch.tensor([[3.0, 3.0], [2.0, 2.0]], device=device), "top_k values with ties")
    if indices.dtype != torch.int64 or not torch.equal(scores.gather(-1, indices), values):
        fail("top_k indices do not point at the returned values")
    if any(len(set(row.tolist())) != len(row) for row in indices.cpu()):
        fail("top_k returned the same index twice in a row")


# --- pick_per_row ----------------------------------------------------------------

@exercise("pick_per_row", points=2)
@pytest.mark.parametrize("n,m", [(5, 4), (3, 7), (1, 2)])
def test_pick_per_row(student, device, gen, n, m):
    data = randn(gen, n, m, device=device)
    cols = randint(gen, 0, m, n, device=device)
    rows = torch.arange(n, device=device)
    expect_tensor(student.pick_per_row(data, cols), data[rows, cols], "pick_per_row(data, cols)", mistakes={
        "data[:, cols] takes every listed column from every row; pair row i with cols[i]": data[:, cols],
    })


@exercise("pick_per_row", points=1)
def test_pick_per_row_keeps_dtype(student, device, gen):
    data = randint(gen, -50, 50, 4, 6, device=device)
    cols = randint(gen, 0, 6, 4, device=device)
    expect_tensor(student.pick_per_row(data, cols), data[torch.arange(4, device=device), cols],
                  "pick_per_row on int64 data")


# --- softmax ---------------------------------------------------------------------

@exercise("softmax", points=2)
@pytest.mark.parametrize("shape,dim", [((4, 7), -1), ((3, 5, 6), 1), ((6, 3), 0)])
def test_softmax_matches_torch(student, device, gen, shape, dim):
    x = randn(gen, *shape, device=device) * 3
    expect_tensor(student.softmax(x, dim=dim), torch.softmax(x, dim=dim), f"softmax(x, dim={dim})", mistakes={
        "it normalised along the wrong dim: sum and max must both run along `dim`":
            torch.softmax(x, dim=(dim + 1) % x.dim()),
        "it divided by the total of the whole tensor instead of the sum along `dim`": [
            x.exp() / x.exp().sum(),
            (x - x.amax(dim=dim, keepdim=True)).exp() / (x - x.amax(dim=dim, keepdim=True)).exp().sum(),
        ],
    })


@exercise("softmax", points=1)
def test_softmax_default_dim_is_last(student, device, gen):
    x = randn(gen, 3, 4, device=device)
    expect_tensor(student.softmax(x), torch.softmax(x, dim=-1), "softmax(x) with the default dim")


@exercise("softmax", points=2)
def test_softmax_large_inputs(student, device):
    x = torch.tensor([[1e4, -1e4, 0.0], [1e4, 1e4 - 1.0, 1e4 - 3.0], [-1e4, -1e4 + 2.0, -1e4]], device=device)
    got = tensor_result(student.softmax(x, dim=-1), "softmax(x) for entries of ±1e4")
    if not torch.isfinite(got).all():
        fail("softmax gives NaN or inf for entries of ±1e4: subtract the max along dim (keepdim=True) "
             "before exp, so the largest exponent is exp(0) = 1")
    rtol, atol = for_magnitude(x.dtype, 1e4, device)
    expect_tensor(got, torch.softmax(x, dim=-1), "softmax(x) for entries of ±1e4", rtol=rtol, atol=atol)


@exercise("softmax", points=1)
def test_softmax_leaves_input_alone(student, device, gen):
    x = randn(gen, 4, 5, device=device)
    expect_leaves_inputs(student.softmax, (x, -1), torch.softmax(x, dim=-1), "softmax")


# --- matmul_shape ----------------------------------------------------------------

def matmul_reference(shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> tuple[int, ...] | None:
    """What torch.matmul itself says, on meta tensors (no memory, no arithmetic)."""
    try:
        return tuple(torch.matmul(torch.empty(shape_a, device="meta"), torch.empty(shape_b, device="meta")).shape)
    except RuntimeError:
        return None


def expect_matmul_shape(student, shape_a: tuple[int, ...], shape_b: tuple[int, ...]) -> None:
    got = student.matmul_shape(shape_a, shape_b)
    want = matmul_reference(shape_a, shape_b)
    name = f"matmul_shape({shape_a}, {shape_b})"
    if got is not None and not (isinstance(got, tuple) and all(type(d) is int for d in got)):
        fail(f"{name} returned {got!r}; return a tuple of ints, or None")
    if want is None and got is not None:
        fail(f"{name} returned {got}, but torch.matmul rejects these shapes: the inner sizes must agree "
             "and the batch dims must broadcast (equal, or one of them 1)")
    if want is not None and got is None:
        fail(f"{name} returned None, but torch.matmul gives {want}: batch dims broadcast from the right, "
             "a missing dim counts as 1")
    if got is not None:
        expect_equal(tuple(got), want, name)


MATMUL_EXAMPLES = [
    ((3, 4), (4, 5)), ((2, 3, 4), (4, 5)), ((3, 4), (5, 6)), ((2, 1, 3, 4), (5, 4, 2)),
    ((2, 3, 4), (3, 4, 5)), ((1, 2, 3), (7, 3, 1)),
]


@exercise("matmul_shape", points=1.5)
def test_matmul_shape_examples(student):
    # One test for all: a function that always says None must not collect the incompatible cases.
    for shape_a, shape_b in MATMUL_EXAMPLES:
        expect_matmul_shape(student, shape_a, shape_b)


shapes = st.lists(st.integers(1, 3), min_size=2, max_size=4).map(tuple)


@exercise("matmul_shape", points=2)
@examples(80)
@given(shape_a=shapes, shape_b=shapes)
def test_matmul_shape_agrees_with_torch(student, shape_a, shape_b):
    expect_matmul_shape(student, shape_a, shape_b)


# --- heads -----------------------------------------------------------------------

@exercise("heads", points=2)
@pytest.mark.parametrize("B,T,C,n_heads", [(2, 3, 8, 2), (1, 4, 12, 3), (2, 2, 6, 1)])
def test_split_heads_layout(student, device, gen, B, T, C, n_heads):
    x = randn(gen, B, T, C, device=device)
    hs = C // n_heads
    want = torch.stack([x[..., h * hs:(h + 1) * hs] for h in range(n_heads)], dim=1)  # (B, nh, T, hs)
    expect_tensor(student.split_heads(x, n_heads), want, f"split_heads(x of shape {(B, T, C)}, {n_heads})",
                  mistakes={
                      "it reshaped to (B, nh, T, hs) directly, which mixes time steps into heads: "
                      "view as (B, T, nh, hs) first, then transpose(1, 2)": x.reshape(B, n_heads, T, hs),
                      "head h must hold the block of channels h*hs:(h+1)*hs, not every nh-th channel":
                          x.view(B, T, hs, n_heads).permute(0, 3, 1, 2),
                  })


@exercise("heads", points=1.5)
@pytest.mark.parametrize("B,n_heads,T,hs", [(2, 2, 3, 4), (1, 3, 5, 2)])
def test_merge_heads(student, device, gen, B, n_heads, T, hs):
    x = randn(gen, B, n_heads, T, hs, device=device)
    want = x.transpose(1, 2).reshape(B, T, n_heads * hs)  # (B, T, C)
    expect_tensor(student.merge_heads(x), want, f"merge_heads(x of shape {(B, n_heads, T, hs)})", mistakes={
        "it reshaped to (B, T, C) without moving the head dim next to hs first: transpose(1, 2), "
        "then reshape (or .contiguous().view)": x.reshape(B, T, n_heads * hs),
    })


@exercise("heads", points=1)
def test_merge_heads_inverts_split_heads(student, device, gen):
    x = randn(gen, 2, 5, 12, device=device)
    expect_tensor(student.merge_heads(student.split_heads(x, 4)), x, "merge_heads(split_heads(x, 4))")


@exercise("heads", points=1.5)
@pytest.mark.parametrize("C,n_heads", [(10, 3), (8, 3), (6, 4)])
def test_split_heads_rejects_uneven_split(student, device, gen, C, n_heads):
    even = randn(gen, 1, 2, n_heads * 2, device=device)
    expect_tensor(student.split_heads(even, n_heads), even.view(1, 2, n_heads, 2).transpose(1, 2),
                  f"split_heads(x with C={n_heads * 2}, {n_heads})")
    x = randn(gen, 1, 2, C, device=device)
    err = expect_raises(ValueError, student.split_heads, x, n_heads, name=f"split_heads(x with C={C}, {n_heads})")
    if str(C) not in err.message and str(n_heads) not in err.message:
        fail(f"split_heads raised ValueError({err.message!r}); say what was wrong, e.g. that C={C} "
             f"is not divisible by n_heads={n_heads}")

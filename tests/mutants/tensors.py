"""Answers to 01_tensors that a student might plausibly write.

WRONG[exercise][label] = (answer cell code, a phrase the report must contain):
each must lose points, and the phrase checks that the message names the mistake.
RIGHT[exercise][label] = answer cell code that differs from the reference but is
correct: each must get full marks.
"""

WRONG = {
    "make_param": {
        "returns nn.Parameter": ("""
def make_param(shape, *, generator=None, device=None):
    return torch.nn.Parameter(torch.randn(shape, generator=generator)).to(device or "cpu")
""", "nn.Parameter"),
        "requires grad before the move": ("""
def make_param(shape, *, generator=None, device=None):
    w = torch.randn(shape, generator=generator, requires_grad=True)
    return w.to(device) if device is not None else w
""", "leaf"),
        "ignores the generator": ("""
def make_param(shape, *, generator=None, device=None):
    w = torch.randn(shape)
    return (w.to(device) if device is not None else w).requires_grad_()
""", "draw exactly"),
        "forgets requires_grad": ("""
def make_param(shape, *, generator=None, device=None):
    w = torch.randn(shape, generator=generator)
    return w.to(device) if device is not None else w
""", "requires_grad=False"),
    },
    "linear_forward": {
        "forgets the bias": ("""
def linear_forward(X, W, b):
    return X @ W
""", "bias"),
        "casts to float32": ("""
def linear_forward(X, W, b):
    return (X @ W + b).float()
""", "dtype"),
        "returns a tensor subclass": ("""
class Output(torch.Tensor):
    pass

def linear_forward(X, W, b):
    return (X @ W + b).as_subclass(Output)
""", "tensor subclass"),
        "bias as a column": ("""
def linear_forward(X, W, b):
    return X @ W + b.view(-1, 1)
""", ""),
    },
    "reductions": {
        "swapped dims": ("""
def row_sums(scores):
    return scores.sum(dim=0)

def column_means(scores):
    return scores.mean(dim=1)
""", "dim"),
        "keepdim": ("""
def row_sums(scores):
    return scores.sum(dim=1, keepdim=True)

def column_means(scores):
    return scores.mean(dim=0, keepdim=True)
""", "keepdim"),
        "divides by the wrong count": ("""
def row_sums(scores):
    return scores.sum(dim=1)

def column_means(scores):
    return scores.sum(dim=0) / scores.shape[1]
""", "wrong values"),
    },
    "masked_select_greater": {
        ">= instead of >": ("""
def masked_select_greater(x, threshold):
    return x[x >= threshold]
""", "strictly greater"),
        "column-major order": ("""
def masked_select_greater(x, threshold):
    return x.mT[x.mT > threshold] if x.dim() == 2 else x[x > threshold]
""", "row-major"),
        "keeps the shape": ("""
def masked_select_greater(x, threshold):
    return torch.where(x > threshold, x, torch.zeros_like(x))
""", "shape"),
    },
    "replace_where": {
        "modifies x in place": ("""
def replace_where(x, threshold, value):
    x[x > threshold] = value
    return x
""", "in place"),
        ">= instead of >": ("""
def replace_where(x, threshold, value):
    return torch.where(x >= threshold, value, x)
""", "equal to the threshold"),
        "casts to float32": ("""
def replace_where(x, threshold, value):
    return torch.where(x > threshold, value, x).float()
""", "dtype"),
        "a CPU tensor for the value": ("""
def replace_where(x, threshold, value):
    return torch.where(x > threshold, torch.full(x.shape, float(value), dtype=x.dtype), x)
""", "device=x.device"),
    },
    "top_k": {
        "smallest instead of largest": ("""
def top_k(scores, k):
    values, indices = torch.topk(scores, k, dim=-1, largest=False)
    return values, indices
""", "smallest"),
        "ascending order": ("""
def top_k(scores, k):
    values, indices = scores.sort(dim=-1)
    return values[..., -k:], indices[..., -k:]
""", "largest first"),
        "wrong dim": ("""
def top_k(scores, k):
    values, indices = torch.topk(scores, k, dim=0)
    return values, indices
""", "shape"),
    },
    "pick_per_row": {
        "data[:, cols]": ("""
def pick_per_row(data, cols):
    return data[:, cols]
""", "pair row i"),
        "gathers along dim 0": ("""
def pick_per_row(data, cols):
    return data.gather(0, cols.unsqueeze(0)).squeeze(0)
""", ""),
        "casts to float": ("""
def pick_per_row(data, cols):
    return data[torch.arange(len(cols), device=data.device), cols].float()
""", "dtype"),
    },
    "softmax": {
        "no max subtraction": ("""
def softmax(x, dim=-1):
    e = x.exp()
    return e / e.sum(dim=dim, keepdim=True)
""", "subtract the max"),
        "global max": ("""
def softmax(x, dim=-1):
    e = (x - x.max()).exp()
    return e / e.sum(dim=dim, keepdim=True)
""", "own max"),
        "calls torch.softmax": ("""
def softmax(x, dim=-1):
    return torch.softmax(x, dim=dim)
""", "from scratch"),
        "shifts x in place": ("""
def softmax(x, dim=-1):
    x -= x.amax(dim=dim, keepdim=True)
    e = x.exp()
    return e / e.sum(dim=dim, keepdim=True)
""", "in place"),
        "sum over everything": ("""
def softmax(x, dim=-1):
    e = (x - x.amax(dim=dim, keepdim=True)).exp()
    return e / e.sum()
""", "whole tensor"),
    },
    "matmul_shape": {
        "no batch broadcasting": ("""
def matmul_shape(shape_a, shape_b):
    if shape_a[-1] != shape_b[-2] or tuple(shape_a[:-2]) != tuple(shape_b[:-2]):
        return None
    return tuple(shape_a[:-2]) + (shape_a[-2], shape_b[-1])
""", "broadcast"),
        "no inner-size check": ("""
def matmul_shape(shape_a, shape_b):
    batch = tuple(torch.broadcast_shapes(tuple(shape_a[:-2]), tuple(shape_b[:-2])))
    return batch + (shape_a[-2], shape_b[-1])
""", "rejects"),
        "returns a list": ("""
def matmul_shape(shape_a, shape_b):
    try:
        batch = list(torch.broadcast_shapes(tuple(shape_a[:-2]), tuple(shape_b[:-2])))
    except RuntimeError:
        return None
    return batch + [shape_a[-2], shape_b[-1]] if shape_a[-1] == shape_b[-2] else None
""", "tuple"),
    },
    "heads": {
        "view without transpose": ("""
def split_heads(x, n_heads):
    B, T, C = x.shape
    if C % n_heads:
        raise ValueError(f"C={C} is not divisible by n_heads={n_heads}")
    return x.view(B, n_heads, T, C // n_heads)

def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.view(B, T, nh * hs)
""", "mixes time steps"),
        "merge without transpose": ("""
def split_heads(x, n_heads):
    B, T, C = x.shape
    if C % n_heads:
        raise ValueError(f"C={C} is not divisible by n_heads={n_heads}")
    return x.view(B, T, n_heads, C // n_heads).transpose(1, 2)

def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.reshape(B, T, nh * hs)
""", "without moving the head dim"),
        "interleaved channels": ("""
def split_heads(x, n_heads):
    B, T, C = x.shape
    if C % n_heads:
        raise ValueError(f"C={C} is not divisible by n_heads={n_heads}")
    return x.view(B, T, C // n_heads, n_heads).permute(0, 3, 1, 2)

def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.permute(0, 2, 3, 1).reshape(B, T, nh * hs)
""", "every nh-th channel"),
        "no ValueError": ("""
def split_heads(x, n_heads):
    B, T, C = x.shape
    return x.view(B, T, n_heads, C // n_heads).transpose(1, 2)

def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.transpose(1, 2).reshape(B, T, nh * hs)
""", "expected ValueError"),
    },
}

RIGHT = {
    "make_param": {
        "requires_grad attribute": """
def make_param(shape, *, generator=None, device=None):
    w = torch.randn(shape, generator=generator)
    if device is not None:
        w = w.to(device)
    w.requires_grad = True
    return w
""",
    },
    "linear_forward": {
        "addmm": """
def linear_forward(X, W, b):
    return torch.addmm(b, X, W)
""",
        "einsum": """
def linear_forward(X, W, b):
    return torch.einsum("nd,de->ne", X, W) + b
""",
    },
    "reductions": {
        "einsum and explicit division": """
def row_sums(scores):
    return torch.einsum("nm->n", scores)

def column_means(scores):
    return scores.sum(0) / scores.shape[0]
""",
    },
    "masked_select_greater": {
        "torch.masked_select": """
def masked_select_greater(x, threshold):
    return torch.masked_select(x, x > threshold)
""",
        "flatten first": """
def masked_select_greater(x, threshold):
    flat = x.flatten()
    return flat[flat > threshold]
""",
    },
    "replace_where": {
        "masked_fill": """
def replace_where(x, threshold, value):
    return x.masked_fill(x > threshold, value)
""",
        "clone then assign": """
def replace_where(x, threshold, value):
    out = x.clone()
    out[x > threshold] = value
    return out
""",
    },
    "top_k": {
        "sort descending": """
def top_k(scores, k):
    values, indices = scores.sort(dim=-1, descending=True)
    return values[..., :k], indices[..., :k]
""",
    },
    "pick_per_row": {
        "advanced indexing": """
def pick_per_row(data, cols):
    rows = torch.arange(data.shape[0], device=data.device)
    return data[rows, cols]
""",
        "diagonal": """
def pick_per_row(data, cols):
    return torch.diagonal(data[:, cols])
""",
    },
    "softmax": {
        "logsumexp": """
def softmax(x, dim=-1):
    return torch.exp(x - torch.logsumexp(x, dim=dim, keepdim=True))
""",
        "max values": """
def softmax(x, dim=-1):
    m = x.max(dim=dim, keepdim=True).values
    e = torch.exp(x - m)
    return e / torch.sum(e, dim=dim, keepdim=True)
""",
    },
    "matmul_shape": {
        "broadcast_shapes": """
def matmul_shape(shape_a, shape_b):
    if shape_a[-1] != shape_b[-2]:
        return None
    try:
        batch = torch.broadcast_shapes(tuple(shape_a[:-2]), tuple(shape_b[:-2]))
    except RuntimeError:
        return None
    return tuple(batch) + (shape_a[-2], shape_b[-1])
""",
        "meta tensors": """
def matmul_shape(shape_a, shape_b):
    a = torch.empty(shape_a, device="meta")
    b = torch.empty(shape_b, device="meta")
    try:
        return tuple((a @ b).shape)
    except RuntimeError:
        return None
""",
    },
    "heads": {
        "split and cat": """
def split_heads(x, n_heads):
    C = x.shape[-1]
    if C % n_heads != 0:
        raise ValueError(f"cannot split {C} channels into {n_heads} heads")
    return torch.stack(x.split(C // n_heads, dim=-1), dim=1)  # (B, nh, T, hs)

def merge_heads(x):
    return torch.cat(x.unbind(1), dim=-1)  # (B, T, nh * hs)
""",
        "reshape and permute": """
def split_heads(x, n_heads):
    B, T, C = x.shape
    if C % n_heads:
        raise ValueError(f"C={C} is not a multiple of n_heads={n_heads}")
    return x.reshape(B, T, n_heads, C // n_heads).permute(0, 2, 1, 3)

def merge_heads(x):
    B, nh, T, hs = x.shape
    return x.permute(0, 2, 1, 3).reshape(B, T, nh * hs)
""",
    },
}

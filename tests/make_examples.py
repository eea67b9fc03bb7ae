"""Regenerate examples/01_tensors/ from the current release: `python -m tests.make_examples`.

solved.ipynb answers every exercise with the reference code; partial.ipynb is a
student half way through: some right, some with classic mistakes, one not started.
"""

from __future__ import annotations

from pathlib import Path

from autograder.assignments import ASSIGNMENTS, REPO_ROOT
from tests.mutants.tensors import RIGHT, WRONG
from tests.support import reference_answers, submission, write


def main() -> None:
    tensors = ASSIGNMENTS["01_tensors"]
    answers = reference_answers(tensors)
    out = REPO_ROOT / "examples" / tensors.id
    write(submission(tensors, answers), out / "solved.ipynb")
    partial = dict(answers)
    partial["reductions"] = WRONG["reductions"]["swapped dims"][0].lstrip()
    partial["softmax"] = WRONG["softmax"]["no max subtraction"][0].lstrip()
    partial["matmul_shape"] = WRONG["matmul_shape"]["no batch broadcasting"][0].lstrip()
    partial["heads"] = WRONG["heads"]["view without transpose"][0].lstrip()
    partial["top_k"] = RIGHT["top_k"]["sort descending"].lstrip()
    del partial["pick_per_row"]  # left as the release's stub: not started yet
    write(submission(tensors, partial), out / "partial.ipynb")
    print(f"wrote {Path(out).relative_to(REPO_ROOT)}/solved.ipynb and partial.ipynb")


if __name__ == "__main__":
    main()

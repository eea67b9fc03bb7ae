"""Static checks on a student's answer code, for exercises that say "from scratch".

The grader reads the code as text and parses it; it never runs it here.
"""

from __future__ import annotations

import ast


def forbidden_uses(source: str, names: set[str]) -> list[str]:
    """Attributes, imports and getattr strings in ``source`` that name one of ``names``."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in names:
            found.append(f".{node.attr}")
        elif isinstance(node, ast.ImportFrom):
            found += [f"import of {alias.name}" for alias in node.names if alias.name in names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names:
            found.append(f"the string {node.value!r}")
    return sorted(set(found))

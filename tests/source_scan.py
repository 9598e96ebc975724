"""Reading module-level assignments from source, for the tests that keep settings and word lists in their homes."""

from __future__ import annotations

import ast
from collections.abc import Iterator


def module_assignments(source: str) -> Iterator[tuple[int, str, ast.expr]]:
    """(line, name, value node) of every module-level ``NAME = …`` (tuple targets unpacked)."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            for t in target.elts if isinstance(target, ast.Tuple) else [target]:
                if isinstance(t, ast.Name):
                    yield node.lineno, t.id, value

"""Each record field's description, read from the docstring under its attribute in the source.

Done when a JSON Schema is asked for, not when the class is built (what
pydantic's `use_attribute_docstrings` does): reading and parsing a module's
source for each class it holds cost every command that builds the class a
good part of its start-up. A record opts in with
`ConfigDict(json_schema_extra=attribute_docs)`.
"""

from __future__ import annotations

import ast
import inspect
import itertools
import textwrap
from typing import Any

from pydantic import BaseModel


def attribute_docs(schema: dict[str, Any], cls: type[BaseModel]) -> None:
    """Describe each property of `cls`'s schema by the docstring under its attribute."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    body = tree.body[0].body if isinstance(tree.body[0], ast.ClassDef) else []
    properties = schema.get("properties", {})
    for statement, following in itertools.pairwise(body):
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) \
                and isinstance(following, ast.Expr) \
                and isinstance(following.value, ast.Constant) \
                and isinstance(following.value.value, str) \
                and statement.target.id in properties:
            properties[statement.target.id]["description"] = inspect.cleandoc(
                following.value.value)

"""Reference pages generated from the package: schemas as tables, the commands' own help.

`scenario-schema` renders the JSON Schema that `govsim schema` prints (the
one editors use), one section per definition. `output-schemas` renders each
schema that `govsim schema --output NAME` ships, whatever names the installed
package offers; with none, it says so. A page holding the line `CLI_MARKER`
gets the command reference that typer's own documentation generator writes
(what `typer ... utils docs` prints), one level below the page's title.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import typer
from docutils import nodes
from docutils.parsers.rst import Directive
from pydantic import BaseModel
from pygments.lexers.special import TextLexer
from sphinx.application import Sphinx
from typer.cli import get_docs_for_click
from typer.testing import CliRunner

from govsim.cli import app

command = typer.main.get_command(app)
"""The `govsim` command as typer builds it (on its own copy of click)."""

CLI_MARKER = "<!-- the commands, generated -->"

Schema = dict[str, Any]
CONSTRAINTS = {"minimum": "at least {}", "exclusiveMinimum": "more than {}",
               "minLength": "at least {} characters", "maxLength": "at most {} characters",
               "minItems": "at least {} items", "maxItems": "at most {} items",
               "minProperties": "at least {} entries", "pattern": "matching {}"}


def _literal(value: Any) -> nodes.literal:
    return nodes.literal(text=value if isinstance(value, str) else json.dumps(value))


def _words(text: str) -> list[nodes.Node]:
    """Text whose `backticked` spans are code, as schema descriptions write them."""
    return [nodes.literal(text=part) if i % 2 else nodes.Text(part)
            for i, part in enumerate(text.split("`")) if part]


def _joined(parts: list[list[nodes.Node]], word: str) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    for i, part in enumerate(parts):
        if i:
            out.append(nodes.Text(word))
        out.extend(part)
    return out


class SchemaPage:
    """One schema's definitions as sections with a table of fields each."""

    def __init__(self, schema: Schema, prefix: str) -> None:
        self.schema, self.prefix = schema, prefix
        self.defs: dict[str, Schema] = schema.get("$defs", {})

    def anchor(self, name: str) -> str:
        return nodes.make_id(f"{self.prefix}-{name}")

    def ref(self, pointer: str) -> list[nodes.Node]:
        name = pointer.rsplit("/", 1)[-1]
        title = self.defs.get(name, {}).get("title", name)
        link = nodes.reference("", "", internal=True, refid=self.anchor(name))
        link += nodes.literal(text=title)
        return [link]

    def kind(self, prop: Schema) -> list[nodes.Node]:
        """A property's type in words, with links to the definitions it uses."""
        if "$ref" in prop:
            return self.ref(prop["$ref"])
        for key in ("anyOf", "oneOf"):
            if key in prop:
                return _joined([self.kind(p) for p in prop[key]], " or ")
        if "const" in prop:
            return [_literal(prop["const"])]
        if "enum" in prop:
            return [nodes.Text("one of "), *_joined([[_literal(v)] for v in prop["enum"]], ", ")]
        kind = prop.get("type")
        if kind == "array":
            items = prop.get("items") or {}
            return [nodes.Text("list of "), *(self.kind(items) if items else [nodes.Text("any")])]
        if kind == "object" and isinstance(prop.get("additionalProperties"), dict):
            return [nodes.Text("mapping to "), *self.kind(prop["additionalProperties"])]
        words = {"string": "text", "integer": "whole number", "number": "number",
                 "boolean": "true or false", "null": "null", "object": "mapping"}
        text = words.get(kind, "any") if isinstance(kind, str) else "any"
        if prop.get("format") == "date-time":
            text = "time (ISO 8601 with its offset)"
        return [nodes.Text(text)]

    def limits(self, prop: Schema) -> str:
        return "; ".join(words.format(f"`{prop[key]}`" if key == "pattern" else prop[key])
                         for key, words in CONSTRAINTS.items() if key in prop)

    def order(self, roots: list[str]) -> list[str]:
        """Definitions in order of first use from `roots`, then any left over."""
        seen: list[str] = []
        queue = list(roots)
        while queue:
            name = queue.pop(0)
            if name in seen or name not in self.defs:
                continue
            seen.append(name)
            queue.extend(_refs(self.defs[name]))
        return seen + sorted(set(self.defs) - set(seen))

    def section(self, name: str) -> nodes.section:
        data = self.defs[name]
        section = nodes.section(ids=[self.anchor(name)], names=[self.anchor(name)])
        section += nodes.title(text=data.get("title", name))
        if data.get("description"):
            section += nodes.paragraph("", "", *_words(data["description"]))
        if "properties" in data:
            section += self.table(data)
        elif "enum" in data or "anyOf" in data or "oneOf" in data:
            section += nodes.paragraph("", "", *self.kind(data))
        return section

    def table(self, data: Schema) -> nodes.table:
        required = set(data.get("required", ()))
        rows = []
        for field, prop in data["properties"].items():
            default: list[nodes.Node] = (
                [nodes.Text("required")] if field in required else
                [_literal(prop["default"])] if "default" in prop else [])
            limits = self.limits(prop)
            meaning = " ".join(p for p in (prop.get("description", ""),
                                           limits and f"({limits})") if p)
            rows.append([[_literal(field)], self.kind(prop), default, _words(meaning)])
        return _table(["field", "type", "default", "meaning"], rows)

    def sections(self, roots: list[str]) -> list[nodes.Node]:
        return [self.section(name) for name in self.order(roots)]


def _refs(node: Any) -> Iterator[str]:
    """Names of the definitions `node` refers to, in order."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            elif key != "discriminator":
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _table(headers: list[str], rows: list[list[list[nodes.Node]]]) -> nodes.table:
    table = nodes.table()
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (18, 30, 14, 38):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([[nodes.Text(h)] for h in headers])
    body = nodes.tbody()
    for row in rows:
        body += _row(row)
    group += head
    group += body
    return table


def _row(cells: list[list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for content in cells:
        entry = nodes.entry()
        entry += nodes.paragraph("", "", *content)
        row += entry
    return row


def scenario_schema() -> Schema:
    """The schema of scenario and what-if files, as `govsim schema` prints it."""
    from govsim.whatif import scenario_file_schema

    return scenario_file_schema()


def output_names() -> list[str]:
    """The outputs `govsim schema --output NAME` documents in this version (none: [])."""
    try:
        from govsim.contract import output_names as shipped
    except ImportError:
        return []
    return shipped()


def output_schema(name: str) -> Schema:
    """The JSON Schema of one output, from the command that ships it."""
    result = CliRunner().invoke(app, ["schema", "--output", name])
    if result.exit_code != 0:
        raise RuntimeError(f"govsim schema --output {name} failed: {result.output}")
    loaded: Schema = json.loads(result.stdout)
    return loaded


class ScenarioSchema(Directive):
    """The scenario-file reference, one section per definition, files' two forms first."""

    def run(self) -> list[nodes.Node]:
        return SchemaPage(scenario_schema(), "file").sections(["Scenario", "WhatIf"])


class OutputSchemas(Directive):
    """One section per output schema the package ships."""

    def run(self) -> list[nodes.Node]:
        names = output_names()
        if not names:
            return [nodes.paragraph(text="This version ships no JSON Schema for its outputs "
                                         "(no `govsim schema --output`); the fields are "
                                         "described below.")]
        found: list[nodes.Node] = []
        for name in names:
            schema = output_schema(name)
            section = nodes.section(ids=[nodes.make_id(f"output-{name}")],
                                    names=[nodes.make_id(f"output-{name}")])
            section += nodes.title(text=f"--output {name}")
            section += nodes.paragraph(text=schema.get("description", ""))
            page = SchemaPage(schema, f"output-{name}")
            top = {**schema, "title": schema.get("title", name)}
            page.defs = {"__top__": top, **page.defs}
            section.extend(page.sections(["__top__"]))
            found.append(section)
        return found


def cli_markdown() -> str:
    """Every command's usage, arguments and options, one heading level down."""
    text = get_docs_for_click(obj=command, ctx=typer.Context(command), name="govsim")
    lines, fenced = [], False
    for line in text.splitlines():
        fenced ^= line.startswith("```")
        lines.append("#" + line if line.startswith("#") and not fenced else line)
    return "\n".join(lines) + "\n"


def _fill(app: Sphinx, docname: str, source: list[str]) -> None:
    if CLI_MARKER in source[0]:
        source[0] = source[0].replace(CLI_MARKER, cli_markdown())


def _record_signature(app: Sphinx, what: str, name: str, obj: Any, options: Any,
                      signature: str | None, annotation: str | None,
                      ) -> tuple[str, str | None] | None:
    """A record's fields are listed below it; its keyword-only constructor adds only noise."""
    if what == "class" and isinstance(obj, type) and issubclass(obj, BaseModel):
        return "", annotation
    return None


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the CLI page's filling; read Mermaid blocks as text."""
    app.connect("source-read", _fill)
    app.connect("autodoc-process-signature", _record_signature)
    app.add_directive("scenario-schema", ScenarioSchema)
    app.add_directive("output-schemas", OutputSchemas)
    app.add_lexer("mermaid", TextLexer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

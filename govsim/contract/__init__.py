"""The JSON contract: what each `--json` output holds, its version, and its JSON Schema.

Every document is an object that opens with `schema_version` and `output`
(the name `govsim schema --output NAME` takes). A command builds plain data
(`govsim.export`) and `document` puts the version and name first. The models
in `record.py` and `analysis.py` say what each key means; the schemas shipped
in `govsim/schemas/` are generated from them, and the tests check every
command's real output against those schemas.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from govsim.errors import QueryError, did_you_mean

if TYPE_CHECKING:  # the models are built only when a schema is asked for
    from govsim.contract.base import Document

SCHEMA_VERSION = "1.4"
"""MAJOR.MINOR of the JSON contract. MINOR grows when keys are added; MAJOR when a key
is removed or renamed, or changes meaning. A reader that checks MAJOR keeps working."""

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
"""Where the generated schemas are shipped, one `NAME.schema.json` per output."""


@cache
def outputs() -> dict[str, type[Document]]:
    """Each output's name and model, imported only when JSON is asked for."""
    from govsim.contract import analysis, record

    models: list[type[Document]] = [
        record.Replay, record.Run, record.State, record.Show, record.Intervals,
        record.Compare, record.Facts, record.Scenarios, record.Validate, analysis.Structure,
        analysis.Waterfall, analysis.Explore, analysis.Power, analysis.Simulate,
        analysis.SimulateRun, analysis.Calibrate, analysis.Sensitivity]
    return {model.model_fields["output"].annotation.__args__[0]: model  # type: ignore[union-attr]
            for model in models}


def document(output: str, data: dict[str, Any]) -> dict[str, Any]:
    """`data` as the `output` document: its version and name first, then its keys.

    The models are not consulted here (building them costs more than a
    replay): the tests hold every command's real output to the shipped schema.
    """
    return {"schema_version": SCHEMA_VERSION, "output": output, **data}


def generated_schema(output: str) -> dict[str, Any]:
    """The JSON Schema of `output`, generated from its model."""
    model = outputs()[output]
    schema = model.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"https://govsim.invalid/schemas/{output}.schema.json", **schema}


def output_names() -> list[str]:
    """The outputs whose schemas ship with this version (`govsim schema --output NAME`)."""
    return sorted(p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json"))


def shipped_schema(output: str) -> dict[str, Any]:
    """The JSON Schema of `output` as shipped; QueryError naming the outputs if unknown."""
    path = SCHEMAS / f"{output}.schema.json"
    names = output_names()
    if output not in names:
        raise QueryError(f"--output must be one of {', '.join(names)} (got {output[:60]!r})"
                         f"{did_you_mean(output, names)}")
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def write_schemas(folder: Path = SCHEMAS) -> list[Path]:
    """Write every output's schema into `folder` (for `python -m govsim.contract`)."""
    folder.mkdir(exist_ok=True)
    written = []
    for name in outputs():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(generated_schema(name), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        written.append(path)
    return written


__all__ = ["SCHEMA_VERSION", "document", "generated_schema", "output_names", "outputs",
           "shipped_schema", "write_schemas"]

"""The tutorial notebook, kept as MyST text, runs from top to bottom in a real kernel."""

from __future__ import annotations

import jupytext
import nbclient
import pytest

from tests.conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"


@pytest.fixture(scope="module")
def executed() -> list[dict[str, object]]:
    notebook = jupytext.read(TUTORIAL)
    nbclient.NotebookClient(notebook, kernel_name="python3", timeout=180,
                            resources={"metadata": {"path": str(TUTORIAL.parent)}}).execute()
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _kinds(cell: dict[str, object]) -> set[str]:
    outputs = cell["outputs"]
    assert isinstance(outputs, list)
    return {kind for output in outputs for kind in output.get("data", {})}


def test_every_cell_runs_and_shows_something(executed: list[dict[str, object]]) -> None:
    assert len(executed) >= 15
    for cell in executed:
        outputs = cell["outputs"]
        assert isinstance(outputs, list)
        assert outputs, cell["source"]  # each cell ends on what it means to show
        assert not [o for o in outputs if o["output_type"] == "error"], cell["source"]


def test_tables_and_figures_display_as_such(executed: list[dict[str, object]]) -> None:
    by_source = {str(cell["source"]).splitlines()[-1]: _kinds(cell) for cell in executed}
    assert "text/html" in by_source["week"]  # the Timeline's own tables
    assert "text/html" in by_source["week.compare(what_if)"]
    assert "image/png" in by_source["govsim.plot.board_figure(week, pacific)"]
    frames = [kinds for kinds in by_source.values() if "text/html" in kinds]
    assert len(frames) >= 7

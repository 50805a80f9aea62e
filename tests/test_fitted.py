"""Tables at full width (a file, a pipe, --wide) print as rich would lay them out itself."""

from __future__ import annotations

import io
from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType
from rich.table import Table

import govsim
from govsim.fitted import Column, fitted
from govsim.record_tables import steps_table
from govsim.times import zone
from tests.strategies import cell_texts, table_cells


def _printed(table: Table) -> str:
    shown = Console(file=io.StringIO(), width=100_000, soft_wrap=False, markup=False,
                    emoji=False)
    shown.print(table)
    return shown.file.getvalue()  # type: ignore[attr-defined]


def _measured_by_rich(table: Table) -> Table:
    """The same table with each column's width left for rich to measure."""
    for column in table.columns:
        column.width = None
    return table


def _both(title: str, columns: Sequence[Column],
          rows: Sequence[Sequence[RenderableType]]) -> tuple[str, str]:
    return (_printed(fitted(title, columns, rows, None)),
            _printed(_measured_by_rich(fitted(title, columns, rows, None))))


@given(st.lists(st.tuples(cell_texts, st.integers(0, 12)), min_size=1, max_size=5,
                unique_by=lambda head: head[0]).flatmap(
    lambda heads: st.tuples(st.just(heads), st.lists(
        st.lists(table_cells, min_size=len(heads), max_size=len(heads)), max_size=6))))
def test_a_full_width_table_prints_as_rich_measures_it(
        table: tuple[list[tuple[str, int]], list[list[RenderableType]]]) -> None:
    heads, rows = table
    ours, measured = _both("t", [Column(name, least) for name, least in heads], rows)
    assert ours == measured


def test_the_replay_table_at_full_width_prints_as_rich_measures_it() -> None:
    timeline = govsim.replay(govsim.load_scenario())
    where = zone(timeline.scenario.timezone)
    for sources in (False, True):
        ours = _printed(steps_table(timeline, where, sources=sources))
        assert ours == _printed(_measured_by_rich(steps_table(timeline, where, sources=sources)))

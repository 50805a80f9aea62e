"""Figures: board lanes, officers, board size against the rules, the staff letter.

The package that draws with matplotlib. It builds figures without pyplot
(no global state, no GUI backend) from finished Timelines and never changes
them; each figure is a `Chart`, which a notebook shows without any magic.
The pieces (time axis, palette, lanes, event markers, page layout) are
shared so that every figure lines up with the others.
"""

from govsim.plot.axis import Zone, span, time_axis, zone_of
from govsim.plot.board import board_figure, compare_figure
from govsim.plot.chart import FORMATS, Chart, render, save
from govsim.plot.credits import credits, footer, sources_of
from govsim.plot.lanes import Bar, Lane, board_lanes, difference_lanes, draw_lanes, officer_lane
from govsim.plot.layout import Line, Page, Panel, frame
from govsim.plot.markers import Label, Marker, event_strip, key_steps, pack_labels, step_markers
from govsim.plot.panels import RULE_OFFSET, STAFF_SIDE, size_panel, staff_panel
from govsim.plot.style import (
    ALERT,
    DIVERGENCE,
    INK,
    MUTED,
    PALETTE,
    QUIET,
    SCENARIO_COLOURS,
    STYLE,
    ink_on,
    text_inches,
    wrap,
)

__all__ = [
    "ALERT",
    "DIVERGENCE",
    "FORMATS",
    "INK",
    "MUTED",
    "PALETTE",
    "QUIET",
    "RULE_OFFSET",
    "SCENARIO_COLOURS",
    "STAFF_SIDE",
    "STYLE",
    "Bar",
    "Chart",
    "Label",
    "Lane",
    "Line",
    "Marker",
    "Page",
    "Panel",
    "Zone",
    "board_figure",
    "board_lanes",
    "compare_figure",
    "credits",
    "difference_lanes",
    "draw_lanes",
    "event_strip",
    "footer",
    "frame",
    "ink_on",
    "key_steps",
    "officer_lane",
    "pack_labels",
    "render",
    "save",
    "size_panel",
    "sources_of",
    "span",
    "staff_panel",
    "step_markers",
    "text_inches",
    "time_axis",
    "wrap",
    "zone_of",
]

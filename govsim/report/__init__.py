"""The report: one offline, interactive HTML page of a run, written into a folder.

The page holds the figure, a time scrubber, the steps with their reasons,
tallies and sources, the final state and the sources' list.
"""

from govsim.report.folder import write_report
from govsim.report.page import report_html

__all__ = ["report_html", "write_report"]

"""After-action reports: a game told for the discussion afterwards, as Markdown or self-contained HTML."""

from negsim.report.aar import SECTIONS, render_report, report_blocks

__all__ = ["SECTIONS", "render_report", "report_blocks"]

"""The report formats and PDF paper sizes: defined once, for the command line, the wizard and the renderers."""

from __future__ import annotations

REPORT_FORMATS = ("md", "html", "pdf", "docx")
PAPER_SIZES = ("a4", "letter")
REPORT_SUFFIXES = {".pdf": "pdf", ".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}
"""A file name's suffix and the report format it stands for."""

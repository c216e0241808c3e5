"""baocao: read Vietnamese state reports, extract references, figures and dates,
and cross-check the numbers.

The library API is plain functions over plain dataclasses; the CLI (``baocao``)
is a thin layer over it.  Heavy modules load lazily.
"""
from __future__ import annotations

from .errors import ReadError
from .model import Document, Footnote, Header, RawLine, Removed, Segment, Signer

__all__ = ["read", "Document", "Footnote", "Header", "RawLine", "ReadError", "Removed", "Segment", "Signer"]
__version__ = "0.1.0"


def read(path):  # noqa: ANN001 - re-exported with its own signature below
    """Read one report (PDF, DOCX or text) into a clean :class:`Document`."""
    from .reader import read as _read

    return _read(path)

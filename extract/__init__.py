"""baocao: read Vietnamese state reports, extract references, figures and dates,
and cross-check the numbers.

The library API is plain functions over plain dataclasses; the CLI (``baocao``) is a
thin layer over it.  The package is built in floors, each importing only those below
it (see docs/architecture.md)::

    core ← ingest ← find ← checks ← report ← index, evaluate ← cli

This module is the front door: the data classes, and the stage entry points loaded on
first use (``extract.read``, ``extract.Extraction``, ``extract.check_document``,
``extract.to_spacy``), so that
``import extract`` stays cheap.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from extract.core import __version__
from extract.core.errors import ReadError
from extract.core.model import (
    DateMention,
    Document,
    Figure,
    Finding,
    Footnote,
    Header,
    RawLine,
    Reference,
    Removed,
    Segment,
    Signer,
    Statement,
)

if TYPE_CHECKING:
    from extract.checks.run import CheckReport, check_document
    from extract.find.extraction import Extraction
    from extract.ingest.reader import read
    from extract.report.spacy_doc import to_spacy

__all__ = ["read", "to_spacy", "Extraction", "check_document", "CheckReport", "DateMention", "Document", "Figure",
           "Finding", "Footnote", "Header", "RawLine", "ReadError", "Reference", "Removed", "Segment",
           "Signer", "Statement", "__version__"]

_LAZY = {
    "read": "extract.ingest.reader",
    "Extraction": "extract.find.extraction",
    "check_document": "extract.checks.run",
    "CheckReport": "extract.checks.run",
    "to_spacy": "extract.report.spacy_doc",  # spaCy itself loads when it is called
}


def __getattr__(name: str) -> Any:
    """The stage entry points, imported on first use."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'extract' has no attribute {name!r}")

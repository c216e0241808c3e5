"""The find stage: what a report states — figures (:mod:`.figures`), tables
(:mod:`.tables`), statements between figures (:mod:`.statements`), legal references
(:mod:`.references`), dates and periods (:mod:`.dates`) — and :mod:`.extraction`, the
one pipeline that runs each of them once per document."""
from extract.find.dates import extract_dates, report_period
from extract.find.extraction import Extraction, extract_figures, extract_figures_text, extract_statements
from extract.find.references import canonical_key, extract_from_document, extract_references

__all__ = ["Extraction", "canonical_key", "extract_dates", "extract_figures", "extract_figures_text",
           "extract_from_document", "extract_references", "extract_statements", "report_period"]

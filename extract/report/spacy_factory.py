"""The target of the ``spacy_factories`` entry point (pyproject.toml): spaCy imports it
when a pipeline asks for the ``baocao`` component before baocao registered it, so that
``nlp.add_pipe("baocao")`` works without importing ``extract`` first.  Importing it
registers the factory and the extensions (:func:`extract.report.spacy_doc.register`)."""
from __future__ import annotations

from extract.report.spacy_doc import make_component, register

__all__ = ["make_component"]

register()

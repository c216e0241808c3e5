"""baocao inside spaCy pipelines: a report's references, figures, statements and findings
as labelled spans of a spaCy ``Doc`` (issue #17).

    import spacy, extract
    from extract.report.spacy_doc import vietnamese
    nlp = vietnamese()                       # a Vietnamese Language, whitespace tokens, no pyvi
    nlp.add_pipe("baocao")                   # the component (also found by name through the
    doc = nlp(text)                          # "spacy_factories" entry point)
    doc.spans["baocao"]                      # REF, FIG, STMT, FINDING spans
    doc.spans["baocao"][0]._.record          # the output-contract record (extract/report/records.py)
    doc._.findings                           # every finding record, with or without a place

    doc = extract.to_spacy(extract.read("report.pdf"))   # from a read Document (keeps its page:line)
    spacy.displacy.render(doc, style="span", options={"spans_key": "baocao"})

References and findings that stand in a footnote (their offsets are in the note's text,
not in ``Document.text``) have their records in ``doc.user_data`` and ``Doc._.findings``
but no span.  Spans are aligned to tokens with ``Doc.char_span(..., alignment_mode="expand")``: a
figure written "90,90%;" is one whitespace token, the span covers it whole.  The records
carry the exact character offsets (``start``, ``end``).  ``Span._.record`` is a getter:
spaCy keys span extension values by character offsets only, and a figure, the statement
it opens and a finding on it may share them, so the records live in
``doc.user_data["baocao"]`` and each span's ``id`` points at its own — which also makes
them survive a :class:`spacy.tokens.DocBin` (``store_user_data=True``).

``to_docbin(documents)`` builds the DocBin ``baocao extract --format spacy -o out.spacy``
writes: training data for a learned model of Vietnamese references and figures.

spaCy loads only when one of these functions is called (``baocao read`` never imports it);
it is an optional dependency: ``pip install 'baocao[nlp]'``.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from extract.checks.run import check_document
from extract.core.model import Document
from extract.find.extraction import Extraction
from extract.ingest.reader import document_as_is
from extract.report.records import figure_record, finding_record, reference_record, statement_record

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, DocBin, Span

__all__ = ["LABELS", "SPANS_KEY", "BaocaoComponent", "annotate", "make_component", "to_docbin", "to_spacy",
           "vietnamese"]

SPANS_KEY = "baocao"
LABELS = ("REF", "FIG", "STMT", "FINDING")
_DATA = "baocao"  # doc.user_data key of the records
_ID = "baocao:"


def _record_of(span: Span) -> dict[str, Any] | None:
    ident = span.id_
    if not ident.startswith(_ID):
        return None
    records = (span.doc.user_data.get(_DATA) or {}).get("records") or []
    i = int(ident[len(_ID):])
    return records[i] if 0 <= i < len(records) else None


def _findings_of(doc: Doc) -> list[dict[str, Any]]:
    return list((doc.user_data.get(_DATA) or {}).get("findings") or [])


@cache
def register() -> None:
    """The extensions (``Span._.record``, ``Doc._.findings``) and the ``baocao`` factory."""
    from spacy.language import Language
    from spacy.tokens import Doc, Span

    if not Span.has_extension("record"):
        Span.set_extension("record", getter=_record_of)
    if not Doc.has_extension("findings"):
        Doc.set_extension("findings", getter=_findings_of)
    if not Language.has_factory("baocao"):
        Language.factory("baocao", default_config={"select": None, "lang": "vi"}, func=make_component)


class BaocaoComponent:
    """The pipeline component: reads ``doc.text`` as a report, as it is (no cleaning, so
    that every offset stays valid in the Doc: ``document_as_is``),
    runs baocao's extraction and checks on it and sets the spans and records.  ``select``
    limits the check rules (ids or prefixes, as ``baocao check --select``); ``lang`` is
    the language of the findings' messages (``vi`` or ``en``)."""

    def __init__(self, name: str = "baocao", select: list[str] | None = None, lang: str = "vi") -> None:
        self.name = name
        self.select = select
        self.lang = lang

    def __call__(self, doc: Doc) -> Doc:
        return annotate(doc, document_as_is(doc.text, name="<spacy>"), select=self.select, lang=self.lang)


def make_component(nlp: Language, name: str, select: list[str] | None = None, lang: str = "vi") -> BaocaoComponent:
    """The ``baocao`` factory (``nlp.add_pipe("baocao")``)."""
    register()
    return BaocaoComponent(name, select=select, lang=lang)


def vietnamese() -> Language:
    """A blank Vietnamese ``Language`` whose tokenizer splits on white space (spaCy's
    ``vi`` uses pyvi only when asked to: ``use_pyvi`` is off here)."""
    import spacy

    register()
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})


def annotate(doc: Doc, document: Document, *, ex: Extraction | None = None, select: list[str] | None = None,
             lang: str = "vi") -> Doc:
    """Set ``doc.spans["baocao"]`` and the records from a read ``document`` whose text is
    ``doc.text``."""

    register()
    if document.text != doc.text:
        raise ValueError("the spaCy Doc's text is not the document's text")
    ex = ex or Extraction(document)
    report = check_document(ex, select=select)
    name = document.path
    records: list[dict[str, Any]] = []
    spans: list[Span] = []

    def add(label: str, start: int | None, end: int | None, rec: dict[str, Any]) -> None:
        records.append(rec)
        if start is None or end is None or end <= start:
            return
        sp = doc.char_span(start, end, label=label, alignment_mode="expand", span_id=f"{_ID}{len(records) - 1}")
        if sp is not None and len(sp):
            spans.append(sp)

    for r in ex.references:
        # a reference in a footnote has offsets in the note's text, not in doc.text: its
        # record is kept (doc.user_data), without a span
        body = not getattr(r, "footnote", None)
        add("REF", r.start if body else None, r.end if body else None, reference_record(document, r))
    figs = ex.figures
    for f in figs:
        add("FIG", f.start, f.end, figure_record(name, f))
    for s in ex.statements:
        add("STMT", s.start, s.end, statement_record(name, s, figs))
    findings = []
    for fd in report.findings:
        rec = finding_record(document, fd, ex.references, lang=lang)
        findings.append(rec)
        body = "footnote" not in rec
        add("FINDING", rec["start"] if body else None, rec["end"] if body else None, rec)
    doc.user_data[_DATA] = {"records": records, "findings": findings, "doc": name}
    doc.spans[SPANS_KEY] = spans
    return doc


def to_spacy(document: Document, *, nlp: Language | None = None, ex: Extraction | None = None,
             select: list[str] | None = None, lang: str = "vi") -> Doc:
    """A spaCy ``Doc`` of a read :class:`Document` (its page:line kept in the records)."""
    nlp = nlp or _shared_nlp()
    return annotate(nlp.make_doc(document.text), document, ex=ex, select=select, lang=lang)


@cache
def _shared_nlp() -> Language:
    return vietnamese()


def to_docbin(docs: Iterable[Doc]) -> DocBin:
    """The Docs in a ``DocBin`` with their spans and records (``user_data``)."""
    from spacy.tokens import DocBin

    db = DocBin(store_user_data=True)
    for d in docs:
        db.add(d)
    return db

"""Output records: the stable JSON field names of the output contract."""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from extract.core.model import Document, Figure, Finding, Reference, Statement
from extract.find.statements import statement_values


def document_record(doc: Document, *, full: bool = False) -> dict[str, Any]:
    """The ``document`` record; with ``full``, also footnotes, removed furniture and
    the page/line map (segments as [start, end, page, line])."""
    h = doc.header
    start, end = h.spans.get("title", h.spans.get("doc_type", (0, 0)))
    page, line = doc.locate(start)
    signer = dataclasses.asdict(h.signer)
    rec: dict[str, Any] = {
        "doc": doc.path,
        "kind": "document",
        "page": page,
        "line": line,
        "text": doc.text[start:end],
        "start": start,
        "end": end,
        "doc_type": h.doc_type,
        "number": h.number,
        "issuer": h.issuer,
        "date": h.date,
        "title": h.title,
        "signer": signer if any(signer.values()) else None,
        "pages": doc.pages,
        "sha256": doc.sha256,
    }
    if full:
        rec.update({
            "format": doc.kind,
            "parent_issuer": h.parent_issuer,
            "place": h.place,
            "recipients": h.recipients,
            "signed_at": h.signed_at,
            "signed_by": h.signed_by,
            "encoding": doc.encoding,
            "footnotes": [dataclasses.asdict(n) for n in doc.footnotes],
            # a chart's caption; other furniture has none and its record stays as it was
            "removed": [{k: v for k, v in dataclasses.asdict(r).items() if k != "caption" or v is not None}
                        for r in doc.removed],
            "body": doc.text,
            "lines": [[s.start, s.end, s.page, s.line] for s in doc.segments],
        })
    return rec


REFERENCE_FIELDS = ("key", "doc_type", "number", "year", "type_code", "issuer_code", "issuer", "date",
                    "subject", "pinpoint", "relation")


def reference_record(doc: Document, ref: Reference) -> dict[str, Any]:
    """The ``reference`` record of the output contract (plus ``form``: numbered, named_law,
    partial, back_reference; ``footnote`` when it stands in a note; resolution notes)."""
    rec: dict[str, Any] = {"doc": doc.path, "kind": "reference", "page": ref.page, "line": ref.line,
                           "text": ref.text, "start": ref.start, "end": ref.end}
    rec.update({f: getattr(ref, f) for f in REFERENCE_FIELDS})
    rec.update({"form": ref.kind, "footnote": ref.footnote, "resolved_to": ref.resolved_to, "note": ref.note,
                "ocr_confidence": ref.ocr_confidence})
    return rec


def figure_record(name: str | None, f: Figure) -> dict[str, Any]:
    """The ``figure`` record: the output contract's fields (value as a string, ``unit`` as
    written — scale word included —, counted, precision, label), then ``base_unit`` (the
    unit without its scale word) and ``magnitude`` (10 ** scale: "41,3 tỷ đồng" is 41.3 ×
    10⁹ đồng), and how it was read (figure_kind, qualifier, fraction and range ends, scale,
    unit_source, and for a table cell its column, table, row, col; ocr_confidence: the
    lowest OCR word confidence it was read from, None on a text layer)."""
    return {
        "doc": name, "kind": "figure", "page": f.page, "line": f.line, "text": f.text,
        "start": f.start, "end": f.end, "value": str(f.value), "unit": f.unit,
        "counted": f.counted, "precision": f.precision, "label": f.label,
        "base_unit": f.base_unit, "magnitude": 10 ** f.scale,
        "figure_kind": f.kind, "qualifier": f.qualifier,
        "numerator": None if f.numerator is None else str(f.numerator),
        "denominator": None if f.denominator is None else str(f.denominator),
        "low": None if f.low is None else str(f.low), "high": None if f.high is None else str(f.high),
        "scale": f.scale, "unit_source": f.unit_source,
        "column": f.column, "in_table": f.in_table, "table": f.table, "row": f.row, "col": f.col,
        "ocr_confidence": f.ocr_confidence,
    }


def statement_record(name: str | None, s: Statement, figures: Sequence[Figure]) -> dict[str, Any]:
    """The ``statement`` record: its kind, whole, parts, completeness, percent (values as
    strings), relation, base, cue and the indices of its figures."""
    kind, whole, parts = statement_values(s, figures)
    return {
        "doc": name, "kind": "statement", "page": s.page, "line": s.line, "text": s.text,
        "start": s.start, "end": s.end, "statement": s.kind,
        "whole": None if whole is None else str(whole),
        "parts": [str(v) for v in parts], "complete": s.complete,
        "percent": None if s.percent is None else str(figures[s.percent].value),
        "relation": s.relation, "base": s.base, "cue": s.cue,
        "figures": s.figure_indices(),
    }


def finding_record(doc: Document, finding: Finding, refs: list[Reference] | None = None, *, lang: str = "vi") -> dict[str, Any]:
    """The ``finding`` record: rule, severity, message (Vietnamese, or English with
    ``lang="en"``), stated, computed, tolerance, where — and ``involved``: page, line and
    quote of every figure or reference the verdict rests on."""
    page = line = None
    text = None
    note_id = None
    for r in refs or []:
        if r.start == finding.start and r.end == finding.end:
            page, line, text = r.page, r.line, r.text
            note_id = getattr(r, "footnote", None)
            note = next((n for n in doc.footnotes if n.id == note_id), None) if note_id else None
            if note is not None and note.line is not None:  # the footnote's own place, not its marker's
                page, line = note.page, note.line
            break
    else:
        if finding.start is not None:
            page, line = doc.locate(finding.start)
            text = " ".join(doc.text[finding.start:finding.end].split())
    involved = []
    for role, a, b in getattr(finding, "involved", None) or []:
        p, ln = doc.locate(a)
        involved.append({"role": role, "page": p, "line": ln, "text": doc.text[a:b], "start": a, "end": b})
    message = finding.message
    reading = finding.reading
    if lang == "en" and finding.message_en:
        message = finding.message_en
        reading = finding.reading_en or finding.reading
    rec = {"doc": doc.path, "kind": "finding", "page": page, "line": line, "text": text,
           "start": finding.start, "end": finding.end, "rule": finding.rule, "severity": finding.severity,
           "message": message, "stated": finding.stated, "computed": finding.computed,
           "tolerance": finding.tolerance, "involved": involved}
    if note_id:
        rec["footnote"] = note_id
    if reading:
        rec["reading"] = reading
    return rec


def where(page: int | None, line: int | None) -> str:
    """page:line for PDF, the line alone for text and DOCX."""
    if page is None:
        return f"{line}" if line is not None else "-"
    return f"{page}:{line}"


def print_table(rows: list[dict[str, Any]], columns: list[str], out, *, widths: dict[str, int] | None = None) -> None:
    """A plain aligned text table; long cells are cut with an ellipsis."""
    widths = widths or {}
    cells = [[("" if r.get(c) is None else str(r.get(c))) for c in columns] for r in rows]
    size = []
    for i, c in enumerate(columns):
        limit = widths.get(c, 40)
        w = max([len(c)] + [min(len(row[i]), limit) for row in cells])
        size.append(w)
    print("  ".join(c.upper().ljust(size[i]) for i, c in enumerate(columns)).rstrip(), file=out)
    for row in cells:
        parts = []
        for i, v in enumerate(row):
            if len(v) > size[i]:
                v = v[: size[i] - 1] + "…"
            parts.append(v.ljust(size[i]))
        print("  ".join(parts).rstrip(), file=out)


def table_layout(tabs: Sequence[Any]) -> list[dict[str, Any]]:
    """Tables (:func:`extract.find.tables.tables`) as plain data a page can draw them from:
    per table its size, header rows, whether it holds data, and each cell as
    ``[row, col, rowspan, colspan, [[start, end], …]]`` — the runs of ``Document.text``
    the cell's text stands at, so that whatever is marked in the text is marked in the
    cell too.  Stored in the index (``meta["tables"]``) so that a report drawn from the
    index shows its tables as tables."""
    out = []
    for t in tabs:
        out.append({
            "rows": t.n_rows, "cols": t.n_cols, "header_rows": t.header_rows, "data": bool(t.data),
            "cells": [[c.row, c.col, c.rowspan, c.colspan, [[a, b] for a, b in c.spans],
                       None if c.spans else c.text] for c in t.cells],
        })
    return out


def note_anchors(doc: Document) -> list[list[Any]]:
    """``[id, anchor]`` of each footnote with text, in the order the index stores the
    notes' paragraphs (``anchor``: the offset in ``Document.text`` where its marker
    stood, or None)."""
    return [[n.id, n.anchor] for n in doc.footnotes if n.text and n.text.strip()]

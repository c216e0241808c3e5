"""Output records: the stable JSON field names of the output contract."""
from __future__ import annotations

import dataclasses
from typing import Any

from .model import Document


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
            "removed": [dataclasses.asdict(r) for r in doc.removed],
            "body": doc.text,
            "lines": [[s.start, s.end, s.page, s.line] for s in doc.segments],
        })
    return rec

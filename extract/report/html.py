"""The annotated report: one self-contained HTML page per report.

The page is drawn from the plain record the index stores for a report
(:func:`extract.index.indexer.record_from_document` builds it from a read document, the
index gives it back for ``baocao serve``), so the page a person opens from a file and
the one the server shows from the index are the same page.

What it shows:

* a header card — type, number, date, issuing body, signer, recipients, how the file
  was read — and counts;
* the cleaned text with a ``page:line`` gutter and an anchor per source line
  (``#L3-14``, or ``#L14`` for text and DOCX), footnote markers linked to their notes
  and back, tables drawn as tables;
* every reference, figure, statement and finding marked as an element with
  ``data-kind`` and its record in ``data-*`` attributes (a span that crosses a line or
  a table cell is marked in pieces, each with the same ``data-id``; the first piece
  carries the ``id``);
* the findings beside the text: rule, message, stated, computed, tolerance, the
  reading used when the rule gives one, and a link to the place.

Safety: every piece of document text and every value goes through
:func:`markupsafe.escape`; the page's own script reads the records from ``data-*``
attributes and writes only with ``textContent``; the standalone page carries a
Content-Security-Policy that allows no network and no script but its own.
"""
from __future__ import annotations

import base64
import bisect
import hashlib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from extract.core import __version__
from extract.core.rules import SEVERITIES, load_rules

__all__ = ["ASSETS", "as_int", "asset", "clean_text", "esc", "render_page", "report_body", "LABELS", "label", "where_text", "csp_for"]

ASSETS = Path(__file__).with_name("assets")

#: The page's words, Vietnamese first.
LABELS: dict[str, dict[str, str]] = {
    "vi": {
        "doc_type": "Loại văn bản", "number": "Số, ký hiệu", "date": "Ngày ban hành", "issuer": "Cơ quan ban hành",
        "signer": "Người ký", "recipients": "Nơi nhận", "read": "Cách đọc", "title": "Trích yếu",
        "findings": "Kết quả kiểm tra", "no_findings": "Không phát hiện sai lệch.",
        "no_checks": "Chưa kiểm tra số liệu (không có mệnh đề nào kiểm tra được).",
        "stated": "Ghi trong văn bản", "computed": "Tính lại", "tolerance": "Sai số cho phép",
        "reading": "Cách hiểu", "place": "Vị trí", "no_place": "không gắn với vị trí cụ thể",
        "references": "Trích dẫn", "figures": "Số liệu", "statements": "Mệnh đề số liệu",
        "error": "Lỗi", "warning": "Cảnh báo", "note": "Ghi chú", "notes": "Chú thích",
        "back": "quay lại", "text": "Nội dung văn bản", "detail": "Chi tiết",
        "detail_hint": "Bấm vào một số liệu hoặc trích dẫn trong văn bản để xem chi tiết.",
        "pages": "trang", "chars": "ký tự", "encoding": "chuyển từ bảng mã", "warnings": "Lưu ý khi đọc",
        "stage_errors": "Bước trích xuất lỗi", "generated": "Tạo bởi baocao", "coverage": "Phạm vi kiểm tra",
        "checked": "mệnh đề được kiểm tra trên", "found": "tìm thấy", "refs_checked": "trích dẫn được kiểm tra",
        "table": "Bảng", "outside": "Phần chữ trong vùng bảng ngoài các ô",
        "lang_other": "English", "who_cites": "Văn bản nào trích dẫn", "legend": "Chú giải",
        "kind_pdf": "PDF", "kind_docx": "DOCX (Word)", "kind_text": "văn bản thuần",
        "unknown": "không rõ",
    },
    "en": {
        "doc_type": "Document type", "number": "Number", "date": "Date", "issuer": "Issued by",
        "signer": "Signed by", "recipients": "Recipients", "read": "How it was read", "title": "Subject",
        "findings": "Findings", "no_findings": "No inconsistency found.",
        "no_checks": "No numbers checked (no checkable statement).",
        "stated": "Stated", "computed": "Computed", "tolerance": "Tolerance",
        "reading": "Reading used", "place": "Place", "no_place": "not tied to a place",
        "references": "References", "figures": "Figures", "statements": "Statements",
        "error": "Error", "warning": "Warning", "note": "Note", "notes": "Notes",
        "back": "back", "text": "Text of the report", "detail": "Detail",
        "detail_hint": "Click a figure or a reference in the text to see its detail.",
        "pages": "page(s)", "chars": "characters", "encoding": "converted from", "warnings": "Reading notes",
        "stage_errors": "Extraction steps that failed", "generated": "Made by baocao", "coverage": "Coverage",
        "checked": "statements checked of", "found": "found", "refs_checked": "references checked",
        "table": "Table", "outside": "Text in the table's area outside its cells",
        "lang_other": "Tiếng Việt", "who_cites": "Who cites this", "legend": "Legend",
        "kind_pdf": "PDF", "kind_docx": "DOCX (Word)", "kind_text": "plain text",
        "unknown": "unknown",
    },
}


#: characters HTML does not allow in a document (C0 and C1 controls but whitespace,
#: noncharacters): shown as U+FFFD, one for one, so offsets still hold
_NOT_HTML = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                       "\U0001fffe\U0001ffff\U0010fffe\U0010ffff]")


def clean_text(s: str) -> str:
    """``s`` with the characters HTML forbids replaced by U+FFFD (same length)."""
    return _NOT_HTML.sub("\ufffd", s)


def esc(v: Any) -> Markup:
    """Escaped text for HTML (and attribute values), without forbidden characters."""
    if isinstance(v, Markup):
        return v
    return escape(clean_text(str(v)))


def label(lang: str, key: str) -> str:
    return LABELS.get(lang, LABELS["vi"]).get(key, LABELS["vi"].get(key, key))


def as_int(v: Any) -> Any:
    """An int from a number pandas may have made a float (NaN: None)."""
    if isinstance(v, float):
        return None if v != v else int(v)
    return v


def where_text(page: Any, line: Any) -> str:
    """page:line for PDF, the line alone for text and DOCX."""
    page, line = as_int(page), as_int(line)
    if page is None:
        return "" if line is None else str(line)
    return f"{page}:{line}"


def anchor_id(page: Any, line: Any) -> str:
    """The element id of a source line: ``L3-14`` (PDF) or ``L14``."""
    return f"L{line}" if page is None else f"L{page}-{line}"


@cache
def asset(name: str) -> str:
    """The text of one of the page's own files (CSS, JS) shipped in the package."""
    return (ASSETS / name).read_text(encoding="utf-8")


def csp_for(script: str) -> str:
    """A Content-Security-Policy for a standalone page: nothing from the network, no
    script but ``script`` (by its hash), inline styles only."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


# --------------------------------------------------------------------------- the record


def _loads(v: Any) -> Any:
    if isinstance(v, str):
        try:
            return json.loads(v)
        except ValueError:
            return {}
    return v if v is not None else {}


def _iso_to_vn(d: Any) -> str:
    if not isinstance(d, str) or len(d) < 10 or d[4] != "-":
        return "" if d is None else str(d)
    return f"{d[8:10]}/{d[5:7]}/{d[0:4]}"


@dataclass
class _Mark:
    """One thing to mark in the text: a span of the body (``note`` None) or of a note."""

    kind: str  # reference | figure | statement | finding
    id: str
    start: int
    end: int
    attrs: dict[str, Any]
    note: str | None = None
    title: str = ""
    opened: bool = False


_RANK = {"finding": 0, "statement": 1, "reference": 2, "figure": 3}


@dataclass
class _Para:
    start: int
    page: Any
    line: Any
    text: str
    lines: list[list[Any]] = field(default_factory=list)

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _attr_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return " ".join(str(x) for x in v)
    return str(v)


def _open_tag(m: _Mark) -> str:
    parts = [f'<span class="m m-{m.kind}{" " + str(m.attrs.get("severity")) if m.kind == "finding" else ""}"']
    if not m.opened:
        parts.append(f' id="{esc(m.id)}"')
        m.opened = True
    parts.append(f' data-kind="{m.kind}" data-id="{esc(m.id)}" data-start="{m.start}" data-end="{m.end}"')
    for k, v in m.attrs.items():
        if v is None or v == "" or v == []:
            continue
        parts.append(f' data-{k}="{esc(_attr_value(v))}"')
    if m.title:
        parts.append(f' title="{esc(m.title)}"')
    if m.kind in ("figure", "reference"):
        parts.append(' tabindex="0"')
    parts.append(">")
    return "".join(parts)


class _Renderer:
    """Marks a report's text, piece by piece (a paragraph, a table cell, a note)."""

    def __init__(self, rec: dict[str, Any], lang: str, cites_url: Callable[[str], str] | None) -> None:
        self.rec = rec
        self.lang = lang
        self.meta = _loads(rec.get("meta"))
        self.cites_url = cites_url
        paras = sorted((p for p in rec.get("paragraphs") or () if p[0] is not None and p[0] >= 0),
                       key=lambda p: p[0])
        self.paras = [_Para(p[0], p[1], p[2], p[3], _loads(p[5]) if len(p) > 5 and p[5] else []) for p in paras]
        self.starts = [p.start for p in self.paras]
        notes_meta = self.meta.get("notes") or []
        note_paras = [p for p in rec.get("paragraphs") or () if p[0] is not None and p[0] < 0]
        self.notes: list[dict[str, Any]] = []
        for i, p in enumerate(note_paras):
            nid, anchor = (notes_meta[i] if i < len(notes_meta) else [str(i + 1), None])
            self.notes.append({"n": i + 1, "id": str(nid), "anchor": anchor, "page": p[1], "line": p[2],
                               "text": p[3]})
        self.anchors_done: set[str] = set()
        self.marks: list[_Mark] = []
        self.findings: list[dict[str, Any]] = []
        self._build_marks()
        self._bucket()

    # -- what is marked
    def _build_marks(self) -> None:
        rec, lang = self.rec, self.lang
        rules = load_rules()
        figures = list(rec.get("figures") or [])
        self.figure_ids: dict[int, str] = {}
        fig_marks: list[_Mark] = []
        for n, g in enumerate(figures):
            data = _loads(g.get("data"))
            idx = data.get("index", n)
            fid = f"g{idx}"
            self.figure_ids[int(idx)] = fid
            if g.get("start") is None or g.get("end") is None:
                continue
            unit = g.get("unit") or ""
            fig_marks.append(_Mark("figure", fid, int(g["start"]), int(g["end"]), {
                "value": g.get("value"), "unit": unit, "counted": g.get("counted"), "label": g.get("label"),
                "precision": g.get("precision"), "figure-kind": data.get("kind"), "qualifier": data.get("qualifier"),
                "page": g.get("page"), "line": g.get("line"), "text": g.get("quote"),
                "in-table": data.get("in_table"),
            }, title=" ".join(x for x in (str(g.get("label") or ""), f"= {g.get('value')} {unit}".rstrip()) if x)))
        stmt_marks: list[_Mark] = []
        of_figure: dict[str, list[str]] = {}
        for n, s in enumerate(rec.get("statements") or []):
            data = _loads(s.get("data"))
            sid = f"s{n}"
            roles = []
            for r in data.get("figures") or []:
                fid = self.figure_ids.get(int(r["index"]), f"g{r['index']}")
                roles.append(f"{r['role']}:{fid}")
                if sid not in of_figure.setdefault(fid, []):  # a fraction is numerator and denominator
                    of_figure[fid].append(sid)
            if s.get("start") is None or s.get("end") is None:
                continue
            stmt_marks.append(_Mark("statement", sid, int(s["start"]), int(s["end"]), {
                "statement-kind": s.get("kind"), "cue": data.get("cue"), "relation": data.get("relation"),
                "base": data.get("base"), "whole": data.get("whole"), "parts": data.get("parts"),
                "complete": data.get("complete"), "roles": roles, "text": s.get("quote"),
                "page": s.get("page"), "line": s.get("line"),
            }))
        refs = list(rec.get("refs") or [])
        ref_marks: list[_Mark] = []
        by_span: dict[tuple[Any, Any], list[tuple[int, dict[str, Any]]]] = {}
        for n, r in enumerate(refs):
            by_span.setdefault((r.get("start"), r.get("end")), []).append((n, r))
            if r.get("start") is None or r.get("end") is None:
                continue
            cited = r.get("cited_key") or r.get("key")
            attrs = {
                "key": r.get("key"), "cited": r.get("cited_key"), "form": r.get("kind"),
                "doc-type": r.get("doc_type"), "number": r.get("number"), "year": r.get("year"),
                "issuer": r.get("issuer"), "date": r.get("date"), "relation": r.get("relation"),
                "pinpoint": r.get("pinpoint"), "subject": r.get("subject"), "text": r.get("quote"),
                "page": r.get("page"), "line": r.get("line"), "footnote": r.get("footnote"),
            }
            if self.cites_url and cited:
                attrs["cites-url"] = self.cites_url(cited)
            ref_marks.append(_Mark("reference", f"r{n}", int(r["start"]), int(r["end"]), attrs,
                                   note=None if r.get("footnote") is None else str(r.get("footnote")),
                                   title=str(cited or r.get("quote") or "")))
        find_marks: list[_Mark] = []
        for n, f in enumerate(rec.get("findings") or []):
            data = _loads(f.get("data"))
            fid = f"f{n}"
            involved = [self.figure_ids.get(int(i["figure"]), f"g{i['figure']}")
                        for i in data.get("involved") or [] if i.get("figure") is not None]
            message = f.get("message") or ""
            reading = data.get("reading")
            if lang == "en":
                message = data.get("message_en") or message
                reading = data.get("reading_en") or reading
            rule = rules.get(str(f.get("rule")))
            note = None
            if str(f.get("rule", "")).startswith("REF") and f.get("start") is not None:
                cands = by_span.get((f.get("start"), f.get("end")), [])
                pick = next((r for _n, r in cands if r.get("key") and r["key"] in (f.get("message") or "")),
                            cands[0][1] if cands else None)
                if pick is not None and pick.get("footnote") is not None:
                    note = str(pick["footnote"])
            item = {
                "n": n, "id": fid, "rule": f.get("rule"), "severity": f.get("severity") or "note",
                "message": message, "stated": f.get("stated"), "computed": f.get("computed"),
                "tolerance": f.get("tolerance"), "page": f.get("page"), "line": f.get("line"),
                "quote": f.get("quote"), "start": f.get("start"), "end": f.get("end"),
                "reading": reading, "figures": involved, "note": note,
                "title": (rule.title if lang == "en" else rule.title_vi) if rule else "",
            }
            if f.get("start") is None or f.get("end") is None or int(f["start"]) < 0 or int(f["end"]) <= int(f["start"]):
                item["start"] = None  # nowhere in the text (a table cell the reader could not place)
                self.findings.append(item)
                continue
            self.findings.append(item)
            find_marks.append(_Mark("finding", fid, int(f["start"]), int(f["end"]), {
                "rule": f.get("rule"), "severity": item["severity"], "message": message,
                "stated": f.get("stated"), "computed": f.get("computed"), "tolerance": f.get("tolerance"),
                "reading": reading, "figures": involved, "page": f.get("page"), "line": f.get("line"),
            }, note=note, title=f"{f.get('rule')}: {message}"))
        for m in fig_marks:
            m.attrs["statements"] = of_figure.get(m.id, [])
            m.attrs["findings"] = [f["id"] for f in self.findings if m.id in f["figures"]]
        self.marks = find_marks + stmt_marks + ref_marks + fig_marks
        self.counts = {"references": len(refs), "figures": len(figures),
                       "statements": len(rec.get("statements") or [])}

    def _bucket(self) -> None:
        """Marks by the paragraph they touch (body) or the note they stand in."""
        self.by_para: dict[int, list[_Mark]] = {}
        self.by_note: dict[str, list[_Mark]] = {}
        for m in self.marks:
            if m.note is not None:
                self.by_note.setdefault(m.note, []).append(m)
                continue
            if not self.paras:
                continue
            i = max(0, bisect.bisect_right(self.starts, m.start) - 1)
            j = bisect.bisect_left(self.starts, max(m.end, m.start + 1))
            for k in range(i, max(i + 1, j)):
                self.by_para.setdefault(k, []).append(m)

    # -- pieces of text
    def piece(self, text: str, base: int, a: int, b: int, marks: Sequence[_Mark],
              points: dict[int, list[str]] | None = None) -> str:
        """``text[a-base:b-base]`` with ``marks`` (offsets relative to the same text as
        ``base``) as nested elements, and the markup of ``points`` inserted at offsets."""
        ms = [m for m in marks if m.start < b and m.end > a and m.end > m.start]
        cuts = {a, b}
        for m in ms:
            cuts.add(max(a, m.start))
            cuts.add(min(b, m.end))
        for p in points or {}:
            if a <= p <= b:
                cuts.add(p)
        order = sorted(cuts)
        out: list[str] = []
        stack: list[_Mark] = []
        for x, y in zip(order, order[1:] + [None]):
            if points and x in points:
                out.extend(points[x])
            if y is None:
                break
            active = sorted((m for m in ms if m.start <= x and m.end >= y),
                            key=lambda m: (_RANK[m.kind], m.start, -m.end, m.id))
            k = 0
            while k < len(stack) and k < len(active) and stack[k] is active[k]:
                k += 1
            for _ in range(len(stack) - k):
                out.append("</span>")
            stack = stack[:k]
            for m in active[k:]:
                out.append(_open_tag(m))
                stack.append(m)
            out.append(str(esc(text[x - base:y - base])))
        out.append("</span>" * len(stack))
        return "".join(out)

    def _points(self, para: _Para, a: int, b: int) -> dict[int, list[str]]:
        """Line anchors and footnote markers inside [a, b] of a body paragraph."""
        pts: dict[int, list[str]] = {}
        locs = para.lines or [[0, para.page, para.line]]
        for rel, pg, ln in locs:
            off = para.start + int(rel)
            aid = anchor_id(pg, ln)
            if a <= off < max(b, a + 1) and aid not in self.anchors_done:
                self.anchors_done.add(aid)
                pts.setdefault(off, []).append(f'<span class="anchor" id="{esc(aid)}"></span>')
        for note in self.notes:
            anc = note["anchor"]
            if anc is not None and a <= int(anc) <= b and not note.get("placed") and (
                    int(anc) < b or int(anc) == para.end):
                note["placed"] = True
                pts.setdefault(int(anc), []).append(
                    f'<sup class="fnref"><a id="fnref-{note["n"]}" href="#fn-{note["n"]}" '
                    f'data-kind="footnote-ref">{esc(note["id"])}</a></sup>')
        return pts

    def para_index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def body_piece(self, a: int, b: int) -> str:
        """The body text between offsets a and b (within one paragraph)."""
        k = self.para_index(a)
        p = self.paras[k]
        a, b = max(a, p.start), min(b, p.end)
        return self.piece(p.text, p.start, a, b, self.by_para.get(k, []), self._points(p, a, b))

    # -- the body
    def body(self) -> str:
        tables = [t for t in (self.meta.get("tables") or []) if any(c[4] for c in t.get("cells") or [])]
        regions = []
        for n, t in enumerate(tables):
            spans = [s for c in t["cells"] for s in c[4]]
            regions.append((min(s[0] for s in spans), max(s[1] for s in spans), n, t))
        regions.sort(key=lambda r: r[0])
        out: list[str] = []
        r = 0
        k = 0
        n_paras = len(self.paras)
        while k < n_paras:
            p = self.paras[k]
            while r < len(regions) and regions[r][1] <= p.start:
                r += 1
            if r < len(regions) and regions[r][0] < p.end and p.start < regions[r][1]:
                rs, re_, n, t = regions[r]
                inside = []
                while k < n_paras and self.paras[k].start < re_:
                    inside.append(k)
                    k += 1
                out.append(self.table(n, t))
                out.append(self.residue(inside, t))
                r += 1
                continue
            out.append(self.paragraph(p))
            k += 1
        return "".join(out)

    def paragraph(self, p: _Para) -> str:
        cls = ' class="heading"' if p.text.isupper() and len(p.text) < 160 else ""
        return (f'<p{cls} data-where="{esc(where_text(p.page, p.line))}" data-start="{p.start}">'
                f'{self.body_piece(p.start, p.end)}</p>\n')

    def table(self, n: int, t: dict[str, Any]) -> str:
        cells = sorted(t["cells"], key=lambda c: (c[0], c[1]))
        head = int(t.get("header_rows") or 0)
        rows: dict[int, list[list[Any]]] = {}
        for c in cells:
            rows.setdefault(int(c[0]), []).append(c)
        first = min((s[0] for c in cells for s in c[4]), default=0)
        page, line = self.locate(first)
        out = [f'<div class="table-wrap" data-where="{esc(where_text(page, line))}">'
               f'<table class="doc-table{" data" if t.get("data") else " layout"}" data-table="{n}">']
        for r in sorted(rows):
            out.append("<tr>")
            for c in rows[r]:
                tag = "th" if r < head else "td"
                span = (f' rowspan="{int(c[2])}"' if int(c[2]) > 1 else "") + (
                    f' colspan="{int(c[3])}"' if int(c[3]) > 1 else "")
                out.append(f"<{tag}{span}>{self.cell(c)}</{tag}>")
            out.append("</tr>")
        out.append("</table></div>\n")
        return "".join(out)

    def cell(self, c: list[Any]) -> str:
        spans = sorted((int(a), int(b)) for a, b in c[4])
        if not spans:
            return str(esc(c[5] or "")) if len(c) > 5 else ""
        parts = []
        last_para = None
        for a, b in spans:
            k = self.para_index(a)
            if last_para is not None:
                parts.append("<br>" if k != last_para else " ")
            last_para = k
            parts.append(self.body_piece(a, b))
        return "".join(parts)

    def residue(self, inside: list[int], t: dict[str, Any]) -> str:
        """Text of the table's area that no cell holds (kept: nothing read is hidden)."""
        covered = sorted((int(a), int(b)) for c in t["cells"] for a, b in c[4])
        out = []
        for k in inside:
            p = self.paras[k]
            pos = p.start
            pieces = []
            for a, b in covered + [(p.end, p.end)]:
                if b <= pos:
                    continue
                if a > pos:
                    lo, hi = pos, min(a, p.end)
                    if p.text[lo - p.start:hi - p.start].strip():
                        pieces.append((lo, hi))
                pos = max(pos, b)
                if pos >= p.end:
                    break
            # anchors of lines fully inside cells were placed there; place the rest here
            for lo, hi in pieces:
                out.append(f'<p class="residue" data-where="{esc(where_text(p.page, p.line))}" '
                           f'data-start="{lo}" title="{esc(label(self.lang, "outside"))}">'
                           f'{self.body_piece(lo, hi)}</p>\n')
            rest = self._points(p, p.start, p.end)
            leftover = "".join(x for off in sorted(rest) for x in rest[off])
            if leftover:
                out.append(f'<span class="anchor-row">{leftover}</span>')
        return "".join(out)

    def locate(self, offset: int) -> tuple[Any, Any]:
        if not self.paras:
            return None, None
        p = self.paras[self.para_index(offset)]
        page, line = p.page, p.line
        for rel, pg, ln in p.lines or []:
            if p.start + int(rel) > offset:
                break
            page, line = pg, ln
        return page, line

    # -- notes
    def notes_html(self) -> str:
        if not self.notes:
            return ""
        out = [f'<section class="notes" aria-labelledby="notes-h"><h2 id="notes-h">{esc(label(self.lang, "notes"))}'
               "</h2><ol>"]
        for note in self.notes:
            marks = self.by_note.get(note["id"], [])
            body = self.piece(note["text"], 0, 0, len(note["text"]), marks)
            back = (f' <a class="fnback" href="#fnref-{note["n"]}" aria-label="{esc(label(self.lang, "back"))}">↩</a>'
                    if note.get("placed") else "")
            out.append(f'<li id="fn-{note["n"]}" data-kind="footnote" data-note="{esc(note["id"])}" '
                       f'data-where="{esc(where_text(note["page"], note["line"]))}">'
                       f'<span class="fnid">{esc(note["id"])}</span> {body}{back}</li>')
        out.append("</ol></section>")
        return "".join(out)


# --------------------------------------------------------------------------- the parts of the page


def _header_card(rec: dict[str, Any], meta: dict[str, Any], lang: str, counts: dict[str, int],
                 findings: Sequence[dict[str, Any]]) -> str:
    L = LABELS.get(lang, LABELS["vi"])
    signer = meta.get("signer") or {}
    signer_text = " ".join(str(x) for x in (signer.get("authority"), signer.get("on_behalf"),
                                            signer.get("position"), signer.get("name")) if x)
    issuer = " / ".join(str(x) for x in (meta.get("parent_issuer"), rec.get("issuer")) if x)
    read = [L.get(f"kind_{rec.get('kind')}", str(rec.get("kind") or ""))]
    if rec.get("pages"):
        read.append(f"{rec['pages']} {L['pages']}")
    if rec.get("chars"):
        read.append(f"{rec['chars']} {L['chars']}")
    if meta.get("encoding"):
        read.append(f"{L['encoding']} {meta['encoding']}")
    rows = [("doc_type", rec.get("doc_type")), ("number", rec.get("number")),
            ("date", _iso_to_vn(rec.get("date"))), ("issuer", issuer), ("signer", signer_text),
            ("recipients", "; ".join(meta.get("recipients") or [])), ("read", ", ".join(x for x in read if x))]
    dl = "".join(f'<div class="kv"><dt>{esc(L[k])}</dt><dd data-field="{k}">{esc(v or "—")}</dd></div>'
                 for k, v in rows)
    extra = ""
    for key in ("warnings", "stage_errors"):
        val = meta.get(key)
        if val:
            items = val.items() if isinstance(val, dict) else ((None, v) for v in val)
            lis = "".join(f"<li>{esc(f'{k}: {v}' if k else v)}</li>" for k, v in items)
            extra += f'<details class="read-notes"><summary>{esc(L[key])}</summary><ul>{lis}</ul></details>'
    sev = {s: sum(1 for f in findings if f["severity"] == s) for s in SEVERITIES}
    chips = "".join(
        f'<a class="chip sev-{s}" href="#findings" data-count="{sev[s]}">{sev[s]} {esc(L[s].lower())}</a>'
        for s in SEVERITIES)
    chips += "".join(f'<span class="chip k-{k}" data-count="{counts[k]}">{counts[k]} {esc(L[k].lower())}</span>'
                     for k in ("references", "figures", "statements"))
    cov = meta.get("coverage") or {}
    cov_html = ""
    if cov:
        cov_html = (f'<p class="coverage">{esc(L["coverage"])}: {cov.get("statements_checked", 0)} '
                    f'{esc(L["checked"])} {cov.get("statements_found", 0)} {esc(L["found"])}; '
                    f'{cov.get("references_checked", 0)} {esc(L["refs_checked"])}.</p>')
    title = rec.get("title") or ""
    heading = " ".join(str(x) for x in (rec.get("doc_type"), rec.get("number")) if x) or Path(
        str(rec.get("path") or "")).name
    return (f'<section class="card" aria-label="{esc(L["doc_type"])}"><p class="doc-path">'
            f'{esc(rec.get("path") or "")}</p><h1>{esc(heading)}</h1>'
            + (f'<p class="doc-title">{esc(title)}</p>' if title else "")
            + f'<dl class="meta">{dl}</dl>{extra}<div class="chips">{chips}</div>{cov_html}</section>')


def _findings_panel(findings: Sequence[dict[str, Any]], lang: str, meta: dict[str, Any]) -> str:
    L = LABELS.get(lang, LABELS["vi"])
    out = [f'<section id="findings" class="findings" aria-labelledby="findings-h"><h2 id="findings-h">'
           f'{esc(L["findings"])} <span class="count">{len(findings)}</span></h2>']
    if not findings:
        cov = meta.get("coverage") or {}
        msg = L["no_findings"] if cov.get("statements_checked") or not cov else L["no_checks"]
        out.append(f'<p class="empty">{esc(msg)}</p>')
    order = sorted(findings, key=lambda f: (-{"error": 3, "warning": 2, "note": 1}.get(f["severity"], 0),
                                            f["start"] if f["start"] is not None else -1, f["n"]))
    out.append('<ol class="finding-list">')
    for f in order:
        place = where_text(f["page"], f["line"])
        link = (f'<a class="goto" href="#{esc(f["id"])}" data-target="{esc(f["id"])}">'
                f'{esc(L["place"])} {esc(place or "?")}</a>' if f["start"] is not None
                else f'<span class="goto none">{esc(L["no_place"])}</span>')
        rows = "".join(f'<div class="kv"><dt>{esc(L[k])}</dt><dd class="{k}">{esc(f[k])}</dd></div>'
                       for k in ("stated", "computed", "tolerance", "reading") if f.get(k) not in (None, ""))
        out.append(
            f'<li id="fi{f["n"]}" class="finding sev-{esc(f["severity"])}" data-kind="finding-item" '
            f'data-target="{esc(f["id"])}" data-rule="{esc(f["rule"] or "")}" '
            f'data-severity="{esc(f["severity"])}" data-start="{esc(f["start"] if f["start"] is not None else "")}">'
            f'<div class="f-head"><span class="sev">{esc(L.get(f["severity"], f["severity"]))}</span> '
            f'<span class="rule" title="{esc(f["title"])}">{esc(f["rule"] or "")}</span> {link}</div>'
            f'<p class="msg">{esc(f["message"])}</p><dl class="nums">{rows}</dl>'
            + (f'<blockquote>{esc(f["quote"])}</blockquote>' if f.get("quote") else "") + "</li>")
    out.append("</ol></section>")
    return "".join(out)


def _legend(lang: str) -> str:
    L = LABELS.get(lang, LABELS["vi"])
    items = [("reference", L["references"]), ("figure", L["figures"]), ("statement", L["statements"]),
             ("finding error", L["error"]), ("finding warning", L["warning"]), ("finding note", L["note"])]
    return (f'<p class="legend" aria-label="{esc(L["legend"])}">'
            + "".join(f'<span class="m m-{k.split()[0]}{" " + k.split()[1] if " " in k else ""} sample">'
                      f'{esc(v)}</span> ' for k, v in items) + "</p>")


def report_body(rec: dict[str, Any], *, lang: str = "vi", cites_url: Callable[[str], str] | None = None) -> Markup:
    """The annotated report as markup to put in a page: header card, legend, text,
    notes, detail panel and findings.  ``cites_url`` (for the server) turns a cited key
    into the URL of its "who cites" page."""
    r = _Renderer(rec, lang, cites_url)
    L = LABELS.get(lang, LABELS["vi"])
    text = r.body()
    notes = r.notes_html()
    card = _header_card(rec, r.meta, lang, r.counts, r.findings)
    panel = _findings_panel(r.findings, lang, r.meta)
    detail = (f'<section id="detail" class="detail" aria-live="polite" data-lang="{esc(lang)}">'
              f'<h2>{esc(L["detail"])}</h2><div id="detail-body"><p class="hint">{esc(L["detail_hint"])}</p>'
              f"</div></section>")
    return Markup(
        f'<div class="report" data-doc="{esc(rec.get("path") or "")}">{card}<div class="columns">'
        f'<article class="doc" aria-label="{esc(L["text"])}">{_legend(lang)}<div class="text">{text}</div>'
        f'{notes}</article><aside class="side">{detail}{panel}</aside></div></div>')


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="baocao {version}">
<title>{title}</title>
<style>{css}</style>
</head>
<body class="standalone">
<header class="bar"><span class="brand">baocao</span><span class="bar-title">{title}</span></header>
<main>
{body}
</main>
<footer class="foot">{generated} {version}</footer>
<script>{js}</script>
</body>
</html>
"""


def render_page(rec: dict[str, Any], *, lang: str = "vi") -> str:
    """A self-contained annotated page for one report record (no network: CSS and
    script inline, a CSP that forbids every other source)."""
    js = asset("report.js")
    title = " ".join(str(x) for x in (rec.get("doc_type"), rec.get("number")) if x) or Path(
        str(rec.get("path") or "report")).name
    return _PAGE.format(
        lang="en" if lang == "en" else "vi", csp=esc(csp_for(js)), version=esc(__version__),
        title=esc(title), css=asset("report.css"), body=report_body(rec, lang=lang),
        generated=esc(label(lang, "generated")), js=js)

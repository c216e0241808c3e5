"""Reference rules REF001–REF005: a number's year against its date, a date that does
not exist, a cited document dated after the report, codes missing from the code tables
(with the nearest known code), and one document cited with two dates.  Severities and
messages come from ``rules/checks/REF00*.yaml`` like every other rule's."""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from rapidfuzz import fuzz, process

from extract.checks.engine import CheckContext, Rule, check
from extract.core.model import Finding, Reference
from extract.core.rules import load_rules
from extract.find.references import code_tables

__all__ = ["validate_references"]


@check("REF001", "REF002", "REF003", "REF004", "REF005")
def references(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    in_notes = {(r.start, r.end) for r in ctx.refs if r.footnote}
    for f in validate_references(ctx.refs, ctx.doc.header.date, rules=rules, text=ctx.doc.text):
        if f.start is not None and (f.start, f.end) not in in_notes:  # footnote offsets are not body offsets
            f.involved = [("reference", f.start, f.end or f.start)]
        yield f


def _date_parts(date_text: str) -> tuple[str, str, str] | None:
    m = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", date_text)
    if m:
        return m.group(1), m.group(2), m.group(3)
    m = re.search(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*,?\s+năm\s+(\d{4})", date_text)
    if m:
        return m.group(1), m.group(2), m.group(3)
    return None


def validate_references(refs: Iterable[Reference], doc_date: str | None = None, *,
                        rules: dict[str, Rule] | None = None, text: str | None = None) -> list[Finding]:
    """Findings REF001–REF005 over one document's references.  ``text`` (the document's)
    quotes each reference as written in the English message; without it, its key."""
    rules = rules if rules is not None else load_rules()
    t = code_tables()
    out: list[Finding] = []
    seen_dates: dict[str, tuple[str, Reference]] = {}
    told: set[tuple[str, str]] = set()  # (key, date): a second date is reported once, not at every mention

    def add(rule_id: str, r: Reference, stated: str | None, computed: str | None, **values: str) -> None:
        rule = rules[rule_id]
        # a reference in a footnote has offsets into the footnote's text: quote its own text
        source = r.text if (r.footnote or text is None) else text[r.start:r.end]
        written = " ".join(source.split()) or (r.key or "")
        fill = {"ref": r.key or "", "key": written, "stated": stated or "", "computed": computed or "", **values}
        out.append(Finding(rule_id, rule.severity, rule.message("vi", **fill), stated=stated, computed=computed,
                           start=r.start, end=r.end, message_en=rule.message("en", **fill)))

    for r in refs:
        if r.kind != "numbered":
            continue
        own_date = r.date if not r.date_inherited else None
        if r.date_text and r.date is None and not r.date_inherited:
            add("REF002", r, r.date_text, "ngày không hợp lệ" if _date_parts(r.date_text) else None)
        if r.year and own_date and int(own_date[:4]) != r.year:
            add("REF001", r, own_date, str(r.year), year_of_date=own_date[:4])
        if doc_date and own_date and own_date > doc_date:
            add("REF003", r, own_date, doc_date)
        for code, table, what in ((r.type_code, t.type_codes, "loại văn bản"),
                                  (r.issuer_code, t.issuer_aliases, "cơ quan ban hành")):
            if code and code not in table:
                best = process.extractOne(code, sorted(table), scorer=fuzz.ratio, score_cutoff=66)
                sugg = best[0] if best else None
                add("REF004", r, code, sugg, what=what, nearest=f"; gần nhất: '{sugg}'" if sugg else "")
        if own_date and r.key:
            prev = seen_dates.get(r.key)
            if prev is None:
                seen_dates[r.key] = (own_date, r)
            elif prev[0] != own_date and (r.key, own_date) not in told:
                told.add((r.key, own_date))
                add("REF005", r, own_date, prev[0])
    return out

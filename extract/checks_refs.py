"""Reference rules REF001–REF005 in the rule engine.

The validation itself lives with the reference extractor
(:func:`extract.references.validate_references`), which knows the code tables; this
module plugs it into :func:`extract.checks.check_document` and fills the English
message from the rule's template.
"""
from __future__ import annotations

from collections.abc import Iterator

from .checks import CheckContext, Rule, check
from .model import Finding


@check("REF001", "REF002", "REF003", "REF004", "REF005")
def references(ctx: CheckContext, rules: dict[str, Rule]) -> Iterator[Finding]:
    from .references import validate_references

    in_notes = {(r.start, r.end) for r in ctx.refs if r.footnote}
    for f in validate_references(ctx.refs, ctx.doc.header.date):
        r = rules.get(f.rule)
        if r is not None and r.message_en and f.message_en is None:
            f.message_en = r.message("en", stated=f.stated or "", computed=f.computed or "",
                                     key=_key(ctx.doc.text, f))
        if f.start is not None and (f.start, f.end) not in in_notes:  # footnote offsets are not body offsets
            f.involved = [("reference", f.start, f.end or f.start)]
        yield f


def _key(text: str, f: Finding) -> str:
    return " ".join(text[f.start:f.end].split()) if f.start is not None else ""

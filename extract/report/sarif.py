"""Findings as a SARIF 2.1.0 log, for code-review and dashboard tools that read SARIF
(GitHub code scanning, VS Code's SARIF viewer, DefectDojo).

Reports are not source code, but SARIF fits them: an artifact (the report file), a
region (line; for PDF the page goes in the region's properties and in the message,
because SARIF regions have no pages), a rule with help text, and a level.  Each
finding's figures become ``relatedLocations`` so a viewer can jump to every number the
verdict rests on.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from extract.core import __version__

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "note": "note"}


def _uri(path: str) -> str:
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


def _region(rec: dict[str, Any]) -> dict[str, Any]:
    region: dict[str, Any] = {}
    if rec.get("line"):
        region["startLine"] = int(rec["line"])
    if rec.get("text"):
        region["snippet"] = {"text": rec["text"]}
    if rec.get("start") is not None:
        region["charOffset"] = int(rec["start"])
        region["charLength"] = max(0, int(rec["end"] or rec["start"]) - int(rec["start"]))
    if rec.get("page") is not None:
        region["properties"] = {"page": int(rec["page"])}
    return region


def _location(rec: dict[str, Any], doc: str, index: int | None = None, role: str | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {"physicalLocation": {"artifactLocation": {"uri": _uri(doc)}, "region": _region(rec)}}
    if index is not None:
        loc["id"] = index
    if role:
        loc["message"] = {"text": role}
    return loc


def sarif_log(records: list[dict[str, Any]], rules: dict[str, Any], *, lang: str = "vi",
              documents: list[str] | None = None) -> dict[str, Any]:
    """A SARIF log with one run: ``records`` are finding records (output.finding_record),
    ``rules`` the loaded rules (only those that appear are described)."""
    used = sorted({r["rule"] for r in records})
    index = {rid: i for i, rid in enumerate(used)}
    descriptors = []
    for rid in used:
        rule = rules.get(rid)
        if rule is None:
            descriptors.append({"id": rid})
            continue
        title = rule.title if lang == "en" else rule.title_vi
        help_text = rule.explanation_en if lang == "en" else rule.explanation_vi
        descriptors.append({
            "id": rid, "name": rule.title.title().replace(" ", "").replace("-", ""),
            "shortDescription": {"text": title}, "fullDescription": {"text": help_text.strip()},
            "help": {"text": help_text.strip()},
            "defaultConfiguration": {"level": _LEVEL.get(rule.severity, "warning")},
        })
    results = []
    for rec in records:
        where = f" (trang {rec['page']}, dòng {rec['line']})" if rec.get("page") else ""
        res: dict[str, Any] = {
            "ruleId": rec["rule"], "ruleIndex": index[rec["rule"]], "level": _LEVEL.get(rec["severity"], "warning"),
            "message": {"text": rec["message"] + where},
            "locations": [_location(rec, rec["doc"])],
            "properties": {k: rec.get(k) for k in ("stated", "computed", "tolerance") if rec.get(k) is not None},
        }
        related = [_location(inv, rec["doc"], i + 1, inv["role"]) for i, inv in enumerate(rec.get("involved") or [])]
        if related:
            res["relatedLocations"] = related
        results.append(res)
    artifacts = [{"location": {"uri": _uri(d)}} for d in documents or []]
    run: dict[str, Any] = {
        "tool": {"driver": {"name": "baocao", "version": __version__, "semanticVersion": __version__,
                            "informationUri": "https://pypi.org/project/baocao/", "rules": descriptors}},
        "results": results,
        "columnKind": "unicodeCodePoints",
    }
    if artifacts:
        run["artifacts"] = artifacts
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}

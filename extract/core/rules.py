"""Where the data in ``rules/`` lives, and loading it once.

``rules/`` is data, not code: in a source checkout it sits beside ``extract/``; in
an installed wheel it is shipped under ``<prefix>/share/baocao/rules``.
"""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

#: the source checkout (``extract/`` and ``rules/`` side by side)
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def rules_dir() -> Path:
    """Where ``rules/`` lives: ``$BAOCAO_RULES`` when set, else beside the package in a
    source checkout, else ``<prefix>/share/baocao/rules`` of an installed wheel."""
    env = os.environ.get("BAOCAO_RULES")
    if env:
        return Path(env)
    return _default_rules_dir()


@cache
def _default_rules_dir() -> Path:
    here = PROJECT_ROOT / "rules"
    if here.is_dir():
        return here
    for base in (Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix)):
        cand = base / "share" / "baocao" / "rules"
        if cand.is_dir():
            return cand
    raise FileNotFoundError("baocao rules/ directory not found (broken install?)")


@cache
def load_yaml(name: str) -> Any:
    with open(rules_dir() / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def alternation(words: Iterable[str]) -> str:
    """A vocabulary of ``rules/`` as a regex alternation: each word escaped, the longest
    first (so "tăng thêm" is tried before "tăng")."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def layout_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern of rules/layout.yaml, compiled once, by id."""
    data = load_yaml("layout.yaml")
    out: dict[str, re.Pattern[str]] = {}
    for group in data.values():
        for rule in group:
            out[rule["id"]] = re.compile(rule["pattern"])
    return out


# --------------------------------------------------------------------------- check rules

#: severities from the most to the least severe; every ordering of findings uses it
SEVERITIES = ("error", "warning", "note")
SEVERITY_RANK = {s: len(SEVERITIES) - i for i, s in enumerate(SEVERITIES)}  # error 3 … note 1


@dataclass(frozen=True)
class Rule:
    """One rule as written in ``rules/checks/<ID>.yaml``."""

    id: str
    title: str
    title_vi: str
    severity: str
    explanation_vi: str
    explanation_en: str
    message_vi: str
    message_en: str
    failing: tuple[dict[str, Any], ...]
    passing: tuple[dict[str, Any], ...]
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def message(self, lang: str = "vi", **values: Any) -> str:
        return (self.message_en if lang == "en" else self.message_vi).format(**values).strip()


@lru_cache(maxsize=4)
def _load_check_rules(root: str) -> dict[str, Rule]:
    out: dict[str, Rule] = {}
    for p in sorted(Path(root, "checks").glob("*.yaml")):
        d = yaml.safe_load(p.read_text(encoding="utf-8"))
        if d.get("id") != p.stem:
            raise ValueError(f"{p}: id {d.get('id')!r} does not match the file name")
        out[d["id"]] = Rule(
            id=d["id"], title=d["title"], title_vi=d.get("title_vi", d["title"]), severity=d["severity"],
            explanation_vi=d["explanation_vi"], explanation_en=d["explanation_en"],
            message_vi=d.get("message_vi", ""), message_en=d.get("message_en", ""),
            failing=tuple(d.get("failing") or ()), passing=tuple(d.get("passing") or ()),
            params=d.get("params") or {},
        )
    return out


def load_rules() -> dict[str, Rule]:
    """Every consistency rule of ``rules/checks/*.yaml`` by id, loaded once per process."""
    return _load_check_rules(str(rules_dir()))

"""Where the data in ``rules/`` lives, and loading it once.

``rules/`` is data, not code: in a source checkout it sits beside ``extract/``; in
an installed wheel it is shipped under ``<prefix>/share/baocao/rules``.
"""
from __future__ import annotations

import re
import sys
from functools import cache
from pathlib import Path
from typing import Any


@cache
def rules_dir() -> Path:
    here = Path(__file__).resolve().parent.parent / "rules"
    if here.is_dir():
        return here
    for base in (Path(sys.prefix), Path(sys.base_prefix)):
        cand = base / "share" / "baocao" / "rules"
        if cand.is_dir():
            return cand
    raise FileNotFoundError("baocao rules/ directory not found (broken install?)")


@cache
def load_yaml(name: str) -> Any:
    import yaml

    with open(rules_dir() / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@cache
def layout_patterns() -> dict[str, re.Pattern[str]]:
    """Every pattern of rules/layout.yaml, compiled once, by id."""
    data = load_yaml("layout.yaml")
    out: dict[str, re.Pattern[str]] = {}
    for group in data.values():
        for rule in group:
            out[rule["id"]] = re.compile(rule["pattern"])
    return out

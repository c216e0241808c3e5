"""``baocao eval``: precision and recall against the gold annotations of corpus/ and of
the real documents of ../shared/corpus — references (:mod:`.references`), figures and
statements (:mod:`.figures`), dates (:mod:`.dates`)."""
from __future__ import annotations

from pathlib import Path

import yaml

#: the splits frozen for measuring only, never for tuning (corpus/gold/splits.yaml)
HELD_OUT = ("test", "test2")


def load_splits(project: Path) -> dict[str, list[str]]:
    """``corpus/gold/splits.yaml``: each split's files, relative to ../shared/corpus."""
    return yaml.safe_load((project / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8")) or {}


def held_out(project: Path) -> set[str]:
    """The files of the untuned splits (:data:`HELD_OUT`): everything else is tuning."""
    splits = load_splits(project)
    return {f for name in HELD_OUT for f in splits.get(name) or []}

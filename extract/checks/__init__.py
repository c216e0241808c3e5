"""The check stage: consistency rules over what the find stage extracted.

:mod:`.engine` (intervals, the registry, helpers for rules) ← one module per rule family
(:mod:`.numbers`, :mod:`.dates`, :mod:`.refs`) ← :mod:`.run` (which rules run, and the
coverage).  The rules' data — severity, messages, examples — is ``rules/checks/*.yaml``."""
from extract.checks.engine import Interval, Rule, interval, load_rules
from extract.checks.run import CheckReport, check_document, check_text, checkable

__all__ = ["CheckReport", "Interval", "Rule", "check_document", "check_text", "checkable", "interval", "load_rules"]

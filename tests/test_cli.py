"""The CLI: batch goes on past bad files, exit codes, help on every command."""
from __future__ import annotations

import json

import pytest

from extract.cli import build_parser, main


def test_help_on_every_command(capsys):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:
        with pytest.raises(SystemExit) as exc:
            main([name, "--help"])
        assert exc.value.code == 0
        assert "usage: baocao " + name in capsys.readouterr().out


def test_no_command_is_usage_error(capsys):
    assert main([]) == 2


def test_batch_continues_after_bad_file(tmp_path, capsys):
    good = tmp_path / "tot.txt"
    good.write_text("BÁO CÁO\nKết quả thực hiện năm 2025.\n", encoding="utf-8")
    missing = tmp_path / "thieu.txt"
    code = main(["read", str(missing), str(good), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{missing}: no such file" in err and "Traceback" not in err
    rec = json.loads(out.strip().splitlines()[-1])
    assert rec["doc"] == str(good) and rec["kind"] == "document" and rec["doc_type"] == "Báo cáo"
    for field in ("page", "line", "text", "start", "end", "number", "issuer", "date", "title", "signer",
                  "pages", "sha256", "footnotes", "lines"):
        assert field in rec


def test_text_format_prefixes_page_line(tmp_path, capsys):
    p = tmp_path / "a.txt"
    p.write_text("BÁO CÁO\n\nKết quả thực hiện\n", encoding="utf-8")
    assert main(["read", str(p)]) == 0
    out = capsys.readouterr().out
    assert "      3  Kết quả thực hiện" in out

"""The command line a person meets (issue #15): help on every option, tables that fit the
terminal, honest index summaries and exit codes, progress on a terminal and in logs."""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from extract.cli import build_parser, main
from extract.report.progress import Progress
from extract.report.terminal import cell, render_table
from tests.conftest import ROOT, SHARED, shared_file

BAOCAO = str(Path(sys.executable).with_name("baocao"))


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_every_command_and_option_has_help():
    parser = build_parser()
    subs = _subparsers(parser)
    helps = {a.dest: a.help for a in parser._actions if isinstance(a, argparse._SubParsersAction)}
    assert helps
    sub_action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    described = {c.dest for c in sub_action._choices_actions if c.help}
    missing = []
    for name, p in subs.items():
        if name not in described:
            missing.append(f"{name} (the command)")
        for a in p._actions:
            if isinstance(a, argparse._HelpAction):
                continue
            if not a.help or a.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(a.option_strings) or a.dest}")
    assert not missing, f"without help text: {missing}"


# --- tables for people --------------------------------------------------------------------

def test_cells_read_as_a_person_writes_them(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cell(1.0) == "1" and cell(2001.0) == "2001" and cell(float("nan")) == "" and cell(None) == ""
    assert cell(str(tmp_path / "a" / "b.pdf"), "doc") == os.path.join("a", "b.pdf")
    assert cell("two\nlines") == "two lines"


def test_table_wraps_long_text_to_fit_and_wide_keeps_it_whole():
    rows = [{"where": "3:14", "rule": "NUM002", "message": "Tổng các phần " * 20}]
    out = io.StringIO()
    render_table(rows, ["where", "rule", "message"], out, width=60)
    lines = out.getvalue().splitlines()
    assert len(lines) > 3 and max(len(x) for x in lines) <= 60
    assert " ".join(" ".join(x.split()[2:]) if i == 1 else x.strip() for i, x in enumerate(lines[1:], 1)) \
        .split() == ("Tổng các phần " * 20).split()
    out = io.StringIO()
    render_table(rows, ["where", "rule", "message"], out, width=60, wide=True)
    assert len(out.getvalue().splitlines()) == 2


def test_check_table_sorted_by_place_with_whole_messages(tmp_path, capsys):
    p = tmp_path / "bc.txt"
    p.write_text("Đã rà soát 1.889 TTHC, trong đó: cấp tỉnh 1497 TTHC; cấp huyện 272 TTHC; cấp xã 110 TTHC.\n\n"
                 "Tỷ lệ đạt 50/55 nhiệm vụ, đạt 95 %.\n\n"
                 "Tổng số 40 hồ sơ, trong đó: 10 hồ sơ trực tuyến; 20 hồ sơ trực tiếp.\n", encoding="utf-8")
    assert main(["check", str(p), "--fail-on", "never", "--columns", "where,rule,message"]) == 0
    out = capsys.readouterr().out
    wheres = [int(m) for m in re.findall(r"^\s*(\d+)\s+[A-Z]{3}\d{3}", out, re.M)]
    assert len(wheres) >= 2 and wheres == sorted(wheres)
    assert "…" not in out  # messages are wrapped, never cut
    assert main(["check", str(p), "--columns", "bogus"]) == 2


@pytest.mark.real
def test_check_footnote_findings_stand_at_the_footnote(capsys, monkeypatch):
    """A finding on a reference in a footnote gives the footnote's own place and says
    which footnote, and quotes the footnote's own words (the REF rows of such reports
    were alike, and quoted the body's text at the footnote's offsets)."""
    from extract.checks import check_document
    from extract.find.extraction import Extraction
    from extract.ingest.reader import read
    from extract.report.records import finding_record

    path = shared_file("lamdong/bc-thang-3-2026-bcd.docx")
    doc = read(path)
    report = check_document(Extraction(doc))
    recs = [finding_record(doc, f, report.refs) for f in report.findings]
    notes = {n.id: (n.page, n.line) for n in doc.footnotes}
    in_notes = [r for r in recs if r.get("footnote")]
    assert in_notes
    texts = {n.id: " ".join(n.text.split()) for n in doc.footnotes}
    for r, f in zip(recs, report.findings):
        if r.get("footnote"):
            assert (r["page"], r["line"]) == notes[r["footnote"]]
            assert f.message_en and f.message_en.split(": the code")[0] in texts[r["footnote"]], (f.message_en, r)
    monkeypatch.setenv("COLUMNS", "120")
    main(["check", str(path), "--select", "REF004", "-q"])
    out = capsys.readouterr().out
    wheres = re.findall(r"^\s*(\d+(?: n\.\d+)?)\s+\S", out, re.M)
    assert any(" n." in w for w in wheres) and any(" n." not in w for w in wheres), out


# --- honest summaries and exit codes -----------------------------------------------------------

def test_index_of_a_missing_path_is_an_error_before_any_work(tmp_path, capsys):
    db = tmp_path / "i.db"
    assert main(["index", str(tmp_path / "khong-co"), "--db", str(db), "-q"]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert not db.exists()


def test_index_reports_files_still_failing_and_retries_them(tmp_path, capsys):
    docs = tmp_path / "bc"
    docs.mkdir()
    (docs / "a.txt").write_text("BÁO CÁO\nVề cải cách hành chính năm 2025.\n", encoding="utf-8")
    (docs / "hong.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    (docs / "cu.doc").write_bytes(b"old word")
    (docs / "cu2.rtf").write_text("{\\rtf1}", encoding="utf-8")
    (docs / "bang.xlsx").write_bytes(b"PK")
    db = str(tmp_path / "i.db")
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q"]) == 2
    first = capsys.readouterr().out
    # .doc and .xlsx are report formats (issue #13): the broken ones fail with their reason
    assert "3 failed" in first and "hong.pdf" in first and "cu.doc" in first and "bang.xlsx" in first
    assert "not read (no report format): 1 .rtf" in first
    # a re-run does not hide the file that was never indexed
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q", "--verbose"]) == 2
    again = capsys.readouterr().out
    assert "0 failed, 3 still failing from earlier runs" in again and "--retry-failed" in again
    assert f"not read: {docs / 'cu2.rtf'}" in again
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q", "--retry-failed",
                 "--format", "json"]) == 2
    summary = json.loads(capsys.readouterr().out)
    assert summary["failed"] == 3 and summary["still_failing"] == [] and summary["unread"] == {".rtf": 1}
    for name in ("hong.pdf", "cu.doc", "bang.xlsx"):
        (docs / name).unlink()
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q", "--prune"]) == 0


def test_search_excludes_a_word_given_with_a_dash(tmp_path, capsys):
    docs = tmp_path / "bc"
    docs.mkdir()
    (docs / "a.txt").write_text("BÁO CÁO\nVề cải cách hành chính tỉnh An Lạc.\n", encoding="utf-8")
    (docs / "b.txt").write_text("BÁO CÁO\nVề cải cách hành chính huyện Bình Sơn.\n", encoding="utf-8")
    db = str(tmp_path / "i.db")
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q"]) == 0
    capsys.readouterr()
    assert main(["search", "cai cach", "-tinh", "--db", db, "--format", "jsonl"]) == 0
    hits = [json.loads(x)["doc"] for x in capsys.readouterr().out.splitlines()]
    assert [Path(h).name for h in hits] == ["b.txt"]


# --- progress -----------------------------------------------------------------------------------

def test_progress_writes_log_lines_off_a_terminal(monkeypatch):
    monkeypatch.setenv("BAOCAO_PROGRESS_INTERVAL", "0.05")
    out = io.StringIO()
    bar = Progress(3, "always", out, label="check")
    import time

    for _ in range(3):
        time.sleep(0.06)
        bar.advance()
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("check: 0/3 files") and lines[-1].startswith("check: 3/3 files")
    out = io.StringIO()
    Progress(3, "never", out).advance()
    assert out.getvalue() == ""


def _corpus_copy(tmp_path: Path, n: int = 12) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(n):
        (docs / f"bc-{i:02d}.txt").write_text("BÁO CÁO\nKết quả năm 2025\n\n"
                                              + "Đã rà soát 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.\n" * 40,
                                              encoding="utf-8")
    return docs


def test_index_shows_a_bar_on_a_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect")
    docs = _corpus_copy(tmp_path)
    env = dict(os.environ, COLUMNS="100", TERM="xterm")
    child = pexpect.spawn(BAOCAO, ["index", str(docs), "--db", str(tmp_path / "t.db"), "--workers", "1",
                                   "--executor", "inline"], env=env, encoding="utf-8", timeout=60,
                          dimensions=(24, 100))
    child.expect(pexpect.EOF)
    child.close()
    seen = child.before
    assert re.search(r"index\s.*\d+/12", seen), seen  # the bar: label and done/total
    assert "12 file(s): 12 indexed" in seen
    assert child.exitstatus == 0


def test_index_writes_log_lines_when_piped(tmp_path):
    docs = _corpus_copy(tmp_path)
    env = dict(os.environ, BAOCAO_PROGRESS_INTERVAL="0.01")
    proc = subprocess.run([BAOCAO, "index", str(docs), "--db", str(tmp_path / "t.db"), "--workers", "1",
                           "--executor", "inline"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.startswith("index: ")]
    assert lines and re.match(r"index: \d+/12 files, [\d.]+ files/s, ETA ", lines[-1])
    assert "\r" not in proc.stderr and "\x1b[" not in proc.stderr  # plain lines, no terminal codes
    proc = subprocess.run([BAOCAO, "index", str(docs), "--db", str(tmp_path / "u.db"), "--workers", "1",
                           "--executor", "inline", "--quiet"], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0 and "index: " not in proc.stderr


# --- the shared corpus's index: findings and figures fit 120 columns -----------------------------

@pytest.fixture(scope="module")
def shared_index(tmp_path_factory):
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is absent")
    db = tmp_path_factory.mktemp("idx") / "shared.db"
    # the tuning split of two folders (the held-out splits are not looked at, not even here)
    splits = yaml.safe_load((ROOT / "corpus" / "gold" / "splits.yaml").read_text(encoding="utf-8"))
    test = set(splits.get("test") or []) | set(splits.get("test2") or [])
    files = [str(p) for folder in ("lamdong", "vnpost") for p in sorted((SHARED / folder).iterdir())
             if p.suffix in (".pdf", ".docx") and p.relative_to(SHARED).as_posix() not in test]
    assert main(["index", *files, "--db", str(db), "-q"]) in (0, 2)
    return str(db)


@pytest.mark.real
@pytest.mark.parametrize("command", [["findings"], ["figures"], ["figures", "--label", "hồ sơ"], ["refs"]])
def test_query_tables_fit_120_columns(shared_index, command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    capsys.readouterr()
    assert main([*command, "--db", shared_index]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) > 2
    assert max(len(x) for x in lines) <= 120, max(lines, key=len)
    assert not re.search(r"^\S+\s+\d+\.0\b", out, re.M)  # page 1, not 1.0
    assert "None" not in out and "NaN" not in out
    # the rows name documents under the folder the "(doc under …)" line names once
    rows = "\n".join(x for x in lines if not x.startswith("(doc under"))
    assert str(SHARED.resolve()) not in rows and str(SHARED) not in rows


@pytest.mark.real
def test_machine_formats_keep_every_column_with_integers(shared_index, capsys):
    capsys.readouterr()
    assert main(["findings", "--db", shared_index, "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert recs and set(recs[0]) == {"doc", "page", "line", "rule", "severity", "message", "stated", "computed",
                                     "tolerance", "quote"}
    assert all(r["page"] is None or type(r["page"]) is int for r in recs)
    assert main(["findings", "--db", shared_index, "--format", "csv"]) == 0
    assert not re.search(r",\d+\.0,", capsys.readouterr().out)


def test_check_output_stays_in_its_file_while_the_bar_shows(tmp_path):
    """On a terminal the bar is drawn on stderr; stdout redirected to a file keeps the
    findings (rich must not take stdout over)."""
    pexpect = pytest.importorskip("pexpect")
    docs = _corpus_copy(tmp_path, 4)
    out = tmp_path / "out.txt"
    child = pexpect.spawn("bash", ["-c", f"{BAOCAO} check {docs} --fail-on never --progress always > {out}"],
                          env=dict(os.environ, TERM="xterm"), encoding="utf-8", timeout=60)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = out.read_text(encoding="utf-8")
    assert "coverage:" not in text and "\x1b[" not in text  # the coverage line and the bar went to stderr
    assert "coverage: 4 văn bản" in child.before


@pytest.mark.parametrize("command", ["read", "extract", "check"])
def test_every_long_command_logs_progress_when_piped(tmp_path, command):
    docs = _corpus_copy(tmp_path, 6)
    (docs / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 a photo")  # .doc is a report format since issue #13
    env = dict(os.environ, BAOCAO_PROGRESS_INTERVAL="0.01")
    proc = subprocess.run([BAOCAO, command, str(docs), "--progress", "always"], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    lines = [x for x in proc.stderr.splitlines() if x.startswith(f"{command}: ")]
    assert lines[0].startswith(f"{command}: 0/6 files") and lines[-1].startswith(f"{command}: 6/6 files")
    assert "not read (no report format): 1 .jpg (--verbose names them)" in proc.stderr
    quiet = subprocess.run([BAOCAO, command, str(docs), "--quiet"], capture_output=True, text=True, env=env,
                           timeout=120)
    assert f"{command}: " not in quiet.stderr


def test_extract_tables_show_what_a_person_reads(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    p = tmp_path / "bc.txt"
    p.write_text("BÁO CÁO\nKết quả năm 2025\n\nĐã rà soát 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.\n",
                 encoding="utf-8")
    assert main(["extract", str(p), "-k", "figures", "-q"]) == 0
    out = capsys.readouterr().out
    header = next(x for x in out.splitlines() if x.startswith("WHERE"))
    assert header.split() == ["WHERE", "VALUE", "UNIT", "COUNTED", "LABEL"]
    assert main(["extract", str(p), "-k", "figures", "-q", "--columns", "all"]) == 0
    wide = capsys.readouterr().out
    assert "PRECISION" in wide and "IN_TABLE" in wide
    assert main(["extract", str(p), "-k", "figures", "-f", "jsonl"]) == 0
    rec = json.loads(capsys.readouterr().out.splitlines()[0])
    assert {"start", "end", "precision", "in_table"} <= set(rec)

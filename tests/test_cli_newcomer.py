"""What a newcomer met on a fresh clone (session 6): a query that prints every figure of
the index, a search of exclusions only that silently finds nothing, help that names
only three of the formats read."""
from __future__ import annotations

import json

import pytest

from extract.cli import TABLE_ROWS, build_parser, main

from .test_store import write_reports


@pytest.fixture(scope="module")
def small_index(tmp_path_factory) -> str:
    docs = tmp_path_factory.mktemp("docs")
    write_reports(docs, 6)
    db = str(tmp_path_factory.mktemp("idx") / "i.db")
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q"]) == 0
    return db


def _figures(db: str, capsys, *extra: str) -> tuple[list[dict], str]:
    capsys.readouterr()
    assert main(["figures", "--db", db, "--format", "jsonl", *extra]) == 0
    got = capsys.readouterr()
    return [json.loads(x) for x in got.out.splitlines()], got.err


def test_figures_and_findings_tables_are_bounded_and_say_so(small_index, capsys, monkeypatch):
    every, err = _figures(small_index, capsys)
    assert len(every) > 5 and not err  # machine formats: every row, nothing said
    assert len(_figures(small_index, capsys, "--limit", "3")[0]) == 3
    monkeypatch.setenv("COLUMNS", "120")
    capsys.readouterr()
    assert main(["figures", "--db", small_index, "--limit", "4", "--wide"]) == 0
    got = capsys.readouterr()
    rows = [ln for ln in got.out.splitlines() if ln.strip() and not ln.startswith(("(", "DOC"))]
    assert len(rows) == 4
    assert f"showing 4 of {len(every)} figures" in got.err and "--limit 0" in got.err
    assert main(["figures", "--db", small_index, "--limit", "0", "--wide"]) == 0
    got = capsys.readouterr()
    assert "showing" not in got.err
    assert TABLE_ROWS >= 100  # a screenful or so, not the whole index
    findings = build_parser()._subparsers._group_actions[0].choices["findings"]  # type: ignore[union-attr]
    assert any("--limit" in a.option_strings for a in findings._actions)


def test_search_of_exclusions_only_is_an_input_error(small_index, capsys):
    capsys.readouterr()
    assert main(["search", "-tinh", "--db", small_index]) == 2
    err = capsys.readouterr().err
    assert "nothing to search for" in err and "-tinh" in err
    assert main(["search", "cai", "cach", "-tinh", "--db", small_index, "--format", "jsonl"]) == 0


def test_help_names_every_format_read():
    text = build_parser().format_help()
    for fmt in ("DOCX", ".doc", ".xlsx", ".xls", "scanned"):
        assert fmt in text, fmt


def test_check_unknown_column_is_said_before_any_work(tmp_path, capsys, monkeypatch):
    """`check --columns` with a mistyped name: exit 2 before reading anything — it used to
    be said only after the first file with findings, and never on a folder without any."""
    from extract import cli

    clean = tmp_path / "a.txt"
    clean.write_text("BÁO CÁO\nVề cải cách hành chính tỉnh An Lạc.\n", encoding="utf-8")
    read: list[str] = []
    real = cli._read_all
    monkeypatch.setattr(cli, "_read_all", lambda args, label: (read.append(label), real(args, label))[1])
    assert main(["check", str(clean), "--columns", "where,rul", "-q"]) == 2
    assert "unknown column(s): rul" in capsys.readouterr().err and not read
    assert main(["check", str(clean), "--columns", "where,rule,message", "-q"]) == 0


def test_html_output_that_is_a_file_is_an_input_error(tmp_path, capsys):
    report = tmp_path / "a.txt"
    report.write_text("BÁO CÁO\nVề cải cách hành chính tỉnh An Lạc.\n", encoding="utf-8")
    taken = tmp_path / "pages"
    taken.write_text("not a folder", encoding="utf-8")
    assert main(["html", str(report), "-o", str(taken), "-q"]) == 2
    err = capsys.readouterr().err
    assert "not a folder" in err and "internal error" not in err


def test_figure_values_are_written_the_vietnamese_way(tmp_path, capsys, monkeypatch):
    """A figure's value in a table reads as the findings' stated values do: 68,5 and
    48.320 — not 68.5 (which a Vietnamese reader takes for 685) and 48320."""
    from decimal import Decimal

    from extract.report.terminal import cell

    assert cell("68.5", "value") == "68,5" and cell("48320", "value") == "48.320"
    assert cell("90.90", "value") == "90,90" and cell(Decimal("1E+3"), "value") == "1.000"
    assert cell(68.5, "value") == "68,5" and cell(1.0, "value") == "1" and cell("n/a", "value") == "n/a"
    assert cell("2024", "year") == "2024"  # other columns as they were
    monkeypatch.setenv("COLUMNS", "120")
    p = tmp_path / "bc.txt"
    p.write_text("BÁO CÁO\nKết quả năm 2025\n\nĐã tiếp nhận 48.320 hồ sơ, tỷ lệ nộp trực tuyến đạt 68,5 %.\n",
                 encoding="utf-8")
    assert main(["extract", str(p), "-k", "figures", "-q"]) == 0
    out = capsys.readouterr().out
    assert "48.320" in out and "68,5" in out and "68.5" not in out
    assert main(["extract", str(p), "-k", "figures", "-f", "jsonl"]) == 0
    values = [json.loads(x)["value"] for x in capsys.readouterr().out.splitlines()]
    assert "68.5" in values  # machine formats keep the decimal string


def test_a_progress_log_ends_with_its_last_count(monkeypatch):
    """Off a terminal (cron, `| tee`) the log of a long run ended at its last periodic
    line ("read: 11/27 files"), as if it had stopped there; it now ends at 27/27.  A run
    too short for a periodic line stays silent."""
    import io
    import time

    from extract.report.progress import Progress

    monkeypatch.setenv("BAOCAO_PROGRESS_INTERVAL", "0.05")
    out = io.StringIO()
    bar = Progress(4, "auto", out, label="read")
    time.sleep(0.06)
    bar.advance()
    bar.advance()
    bar.advance()
    bar.advance()
    bar.close()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("read: 1/4 files") and lines[-1].startswith("read: 4/4 files"), lines
    quiet = io.StringIO()
    short = Progress(4, "auto", quiet, label="read")
    short.advance()
    short.close()
    assert quiet.getvalue() == ""


def test_read_summary_says_sheets_for_workbooks_and_no_pages_for_flowing_text(tmp_path, capsys):
    """`read --format summary`: no "- page(s)" for a DOCX or text, no double blank where
    the date is missing; a workbook's pages are its sheets."""
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["STT", "Chỉ tiêu", "Số lượng"])
    wb.active.append([1, "Hồ sơ", 12])
    wb.create_sheet("Biểu 2").append(["STT", "Đơn vị"])
    book = tmp_path / "bieu.xlsx"
    wb.save(book)
    text = tmp_path / "bc.txt"
    text.write_text("BÁO CÁO\nVề cải cách hành chính tỉnh An Lạc.\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["read", "--format", "summary", str(book), str(text), "-q"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert ": xlsx, 2 sheet(s), " in lines[0]
    assert ": text, " in lines[1] and "page(s)" not in lines[1]
    assert not any("  " in ln for ln in lines), lines


def test_db_that_is_a_folder_is_named_as_such(tmp_path, capsys):
    report = tmp_path / "a.txt"
    report.write_text("BÁO CÁO\nVề cải cách hành chính tỉnh An Lạc.\n", encoding="utf-8")
    folder = tmp_path / "pages"
    folder.mkdir()
    assert main(["index", str(report), "--db", str(folder), "-q"]) == 2
    assert main(["search", "cai cach", "--db", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.count("is a folder; --db names the index file") == 2, err


def test_check_table_places_a_spreadsheet_finding_at_its_cell(tmp_path, capsys, monkeypatch):
    """In a workbook, WHERE is the cell of the value stated ("Biểu 01!C5"), not sheet:row
    ("1:5"), which nobody finds in Excel."""
    from .table_docs import write_xlsx

    monkeypatch.setenv("COLUMNS", "120")
    rows = [["STT", "Đơn vị", "Số TTHC", "Số hồ sơ"],
            [1, "Sở Tư pháp", 120, 1250], [2, "Sở Nội vụ", 85, 940], [3, "Sở Tài chính", 64, 712],
            ["", "Tổng cộng", 279, 2902]]
    book = write_xlsx(tmp_path / "bieu.xlsx", rows)
    capsys.readouterr()
    assert main(["check", str(book), "--select", "TAB001", "--columns", "where,rule,stated", "-q"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["WHERE", "RULE", "STATED"]
    assert out[2].split() == ["Biểu", "01!C5", "TAB001", "279"], out


@pytest.mark.parametrize("argv, said", [
    (["search", ""], "nothing to search for"),
    (["search", "cai", "--limit", "0"], "--limit must be at least 1"),
    (["findings", "--rule", "NUM999"], "unknown rule NUM999"),
    (["figures", "--period", "nam 2024"], "is not a period"),
    (["figures", "--period", "2024/2025"], "is not a period"),
    (["figures", "--label", "hồ sơ", "--threshold", "500"], "score from 0 to 100"),
])
def test_a_filter_that_cannot_match_as_typed_is_an_input_error(small_index, capsys, argv, said):
    """These printed "(no rows)" with exit 0, as if the index held nothing of the kind."""
    capsys.readouterr()
    assert main([*argv, "--db", small_index]) == 2
    assert said in capsys.readouterr().err


@pytest.mark.parametrize("argv", [
    ["findings", "--rule", "num001"], ["figures", "--period", "2024"], ["figures", "--period", "2021..2025"],
    ["figures", "--period", "..2025"], ["figures", "--period", "2024-01-01/2024-12-31"],
    ["figures", "--period", "2024-03"], ["figures", "--label", "hồ sơ", "--threshold", "90"],
])
def test_filters_as_documented_still_run(small_index, capsys, argv):
    assert main([*argv, "--db", small_index, "--format", "jsonl"]) == 0


def test_extract_statements_table_shows_the_figures_linked(tmp_path, capsys, monkeypatch):
    """The statements table showed the sentence only: four formula rows of one line looked
    identical.  It shows the whole and the parts, Vietnamese, parts apart by "; "."""
    monkeypatch.setenv("COLUMNS", "120")
    p = tmp_path / "bc.txt"
    p.write_text("BÁO CÁO\nKết quả năm 2025\n\nĐã rà soát 1.424 biểu mẫu, trong đó: giữ nguyên 1.352; sửa đổi 72.\n",
                 encoding="utf-8")
    assert main(["extract", str(p), "-k", "statements", "-q"]) == 0
    out = capsys.readouterr().out
    header = next(x for x in out.splitlines() if x.startswith("WHERE"))
    assert header.split() == ["WHERE", "STATEMENT", "RELATION", "WHOLE", "PARTS", "TEXT"]
    assert "1.424" in out and "1.352; 72" in out

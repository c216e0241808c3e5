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


REPORT = ("BÁO CÁO\nKết quả năm 2025\n\n"
          "Thực hiện Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ và Công văn số 23/BNV-\n"
          "CCHC ngày 04/01/2022 của Bộ Nội vụ; tiếp tục thực hiện Nghị định số 107/2020/NĐ-CP.\n")


def test_extract_references_jsonl_follows_contract(tmp_path, capsys):
    p = tmp_path / "bc.txt"
    p.write_text(REPORT, encoding="utf-8")
    assert main(["extract", str(p), "--kinds", "references", "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["key"] for r in recs] == ["107/2020/NĐ-CP", "23/BNV-CCHC", "107/2020/NĐ-CP"]
    first = recs[0]
    assert first["kind"] == "reference" and first["date"] == "2020-09-14" and first["line"] == 4
    assert first["text"] in REPORT.replace("-\n", "-")
    for field in ("doc", "page", "start", "end", "doc_type", "number", "year", "type_code", "issuer_code",
                  "issuer", "subject", "pinpoint", "relation"):
        assert field in first
    assert recs[1]["date"] == "2022-01-04" and recs[2]["date"] == "2020-09-14"  # joined to its first mention


def test_extract_table_groups_mentions(tmp_path, capsys):
    p = tmp_path / "bc.txt"
    p.write_text(REPORT, encoding="utf-8")
    assert main(["extract", str(p)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("107/2020/NĐ-CP"))
    assert row.split()[-3:] == ["2", "4", "numbered"]


def test_extract_unknown_kind_is_usage_error(tmp_path, capsys):
    p = tmp_path / "bc.txt"
    p.write_text(REPORT, encoding="utf-8")
    assert main(["extract", str(p), "--kinds", "bogus"]) == 2
    assert "unknown kind" in capsys.readouterr().err


def test_check_flags_a_date_after_the_report_and_ends_with_coverage(tmp_path, capsys):
    p = tmp_path / "tt.txt"
    p.write_text("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH AN LẠC\tĐộc lập - Tự do - Hạnh phúc\n"
                 "Số: 12/TTr-UBND\tAn Lạc, ngày 10 tháng 01 năm 2026\n\nTỜ TRÌNH\nVề việc phê duyệt\n\n"
                 "Thực hiện Công văn số 45/BNV-CCHC ngày 02/7/2026 của Bộ Nội vụ.\n", encoding="utf-8")
    assert main(["check", str(p), "--format", "jsonl"]) == 1
    out, err = capsys.readouterr()
    rec = json.loads(out.splitlines()[0])
    assert (rec["kind"], rec["rule"], rec["severity"], rec["stated"]) == ("finding", "REF003", "error", "2026-07-02")
    assert "coverage: 1 văn bản" in err and "1 lỗi" in err
    assert main(["check", str(p), "--fail-on", "never"]) == 0
    assert main(["check", str(p), "--ignore", "REF003"]) == 0
    capsys.readouterr()
    assert main(["check", str(p), "--lang", "en", "--format", "jsonl", "--select", "REF"]) == 1
    out, err = capsys.readouterr()
    assert "after the report's own date" in json.loads(out.splitlines()[0])["message"]
    assert "coverage: 1 document(s)" in err and "1 error(s)" in err and "1 reference(s) checked" in err


def test_check_numbers_table_and_unknown_rule(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the table's width: the message on one line, whatever runs the test
    p = tmp_path / "bc.txt"
    p.write_text("Đã rà soát 1.889 TTHC, trong đó: cấp tỉnh 1497 TTHC; cấp huyện 272 TTHC; cấp xã 110 TTHC.\n",
                 encoding="utf-8")
    assert main(["check", str(p)]) == 1
    out, err = capsys.readouterr()
    assert "NUM002" in out and "1.889" in out and "1.497 + 272 + 110 = 1.879" in out
    assert "1 được kiểm tra" in err
    assert main(["check", str(p), "--select", "NUM999"]) == 2
    assert "unknown rule" in capsys.readouterr().err


def test_index_then_cites_and_search(tmp_path, capsys):
    docs = tmp_path / "bc"
    docs.mkdir()
    (docs / "a.txt").write_text(REPORT, encoding="utf-8")
    (docs / "b.txt").write_text("BÁO CÁO\nVề cải cách hành chính năm 2025.\n", encoding="utf-8")
    db = str(tmp_path / "i.db")
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q"]) == 0
    capsys.readouterr()
    assert main(["cites", "nd 107/2020", "--db", db, "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert {r["doc"].endswith("a.txt") for r in rows} == {True} and len(rows) == 2
    assert rows[0]["line"] == 4 and rows[0]["date"] == "2020-09-14"
    assert main(["search", "cai cach hanh chinh", "--db", db, "--format", "jsonl"]) == 0
    hits = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert hits and hits[0]["doc"].endswith("b.txt")
    assert main(["cites", "x", "--db", str(tmp_path / "none.db")]) == 2


def test_extract_figures_and_dates(tmp_path, capsys):
    p = tmp_path / "bc.txt"
    p.write_text("BÁO CÁO\nKết quả năm 2025\n\nĐã rà soát 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72.\n",
                 encoding="utf-8")
    assert main(["extract", str(p), "--kinds", "figures,dates", "--format", "jsonl"]) == 0
    recs = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    values = [r["value"] for r in recs if r["kind"] == "figure"]
    assert values == ["424", "352", "72"]
    assert any(r["kind"] == "date" for r in recs)


def test_extract_xlsx_one_sheet_per_kind(tmp_path, capsys):
    import pandas as pd

    p = tmp_path / "bc.txt"
    p.write_text("Tổng số 424 biểu mẫu, trong đó: giữ nguyên 352; sửa đổi 72. Theo Nghị định số 107/2020/NĐ-CP "
                 "ngày 14/9/2020 của Chính phủ.\n", encoding="utf-8")
    out = tmp_path / "x.xlsx"
    assert main(["extract", str(p), "-k", "references,figures,statements,dates", "-f", "xlsx", "-o", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"references", "figures", "statements", "dates"}
    assert sheets["references"]["key"].tolist() == ["107/2020/NĐ-CP"]
    assert sorted(sheets["figures"]["value"].astype(str)) == ["352", "424", "72"]
    assert sheets["statements"]["statement"].tolist() == ["parts"]
    assert main(["extract", str(p), "-f", "xlsx"]) == 2
    assert "needs an output file" in capsys.readouterr().err


def test_eval_prints_every_kind(capsys):
    assert main(["eval"]) == 0
    out = capsys.readouterr().out
    assert "## references" in out and "overall keys" in out
    assert "## figures" in out and "SYNTHETIC" in out
    assert main(["eval", "--kinds", "bogus"]) == 2


def test_check_quotes_a_footnote_reference_from_its_note(tmp_path, capsys):
    """A reference in a footnote has offsets into the note, not the body: its finding
    must quote the reference, not whatever body text sits at those offsets."""
    import docx

    d = docx.Document()
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Kết quả thực hiện nhiệm vụ trong quý, cụ thể như sau đây và các nội dung liên quan khác.")
    p = tmp_path / "bc.docx"
    d.save(str(p))
    from extract import read
    from extract.checks import check_document
    from extract.core.model import Reference
    from extract.report.records import finding_record

    doc = read(p)
    note = "Công văn số 45/BNV-CCHC ngày 30/02/2025 của Bộ Nội vụ"
    ref = Reference(kind="numbered", key="45/BNV-CCHC", text=note, start=0, end=len(note), footnote="1",
                    date_text="ngày 30/02/2025")
    report = check_document(doc, select=["REF002"], refs=[ref])
    (f,) = report.findings
    assert finding_record(doc, f, report.refs)["text"] == note

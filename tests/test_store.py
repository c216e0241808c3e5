"""The SQLite store and the queries over it, on small reports written here.

What matters to a user: the index answers "who cites X" from messy input, full-text
search finds Vietnamese with or without diacritics (and honours them when typed),
re-indexing a document replaces it without leaving stale rows, and the schema is
versioned.
"""
from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from extract import queries as Q
from extract.indexer import index_paths
from extract.store import SCHEMA_VERSION, Store, StoreError, fold, fold_key, has_diacritics, parse_query

PROVINCES = ["Hải Dương", "Lâm Đồng", "Đắk Nông", "Bình Thuận", "Quảng Ninh", "Thừa Thiên Huế", "Cà Mau"]


def make_report(i: int, *, date_107: str = "14/9/2020", extra: str = "", year: int = 2024) -> str:
    """A short text report: header, a wrapped paragraph citing NĐ 107/2020, a few
    more references, words written with old and new tone placement (hoá / hóa)."""
    prov = PROVINCES[i % len(PROVINCES)]
    day = 1 + i % 27
    return (
        f"ỦY BAN NHÂN DÂN\nTỈNH {prov.upper()}\nSố: {100 + i}/BC-UBND\n"
        f"{prov}, ngày {day} tháng 12 năm {year}\n\n"
        "BÁO CÁO\n"
        f"Kết quả công tác cải cách hành chính năm {year}\n\n"
        f"Thực hiện Nghị định số 107/2020/NĐ-CP ngày {date_107} của Chính phủ sửa đổi,\n"
        "bổ sung một số điều của Nghị định số 24/2014/NĐ-CP ngày 04/4/2014 của\n"
        "Chính phủ quy định tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân\n"
        f"tỉnh, Ủy ban nhân dân tỉnh {prov} báo cáo như sau:\n"
        f"1. Mã hồ sơ lưu trữ BC{i:04d}. Công tác hiện đại {'hoá' if i % 2 else 'hóa'} nền hành chính "
        "được đẩy mạnh theo Quyết định số 1149/QĐ-BNV ngày 12/10/2022 của Bộ Nội vụ.\n"
        f"2. Số thủ tục hành chính được rà soát là {10 + i} thủ tục.\n"
        + (extra + "\n" if extra else "")
        + "Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.\n"
    )


def write_reports(folder: Path, n: int, **kw) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"bc-{i:03d}.txt"
        p.write_text(make_report(i, **kw), encoding="utf-8")
        out.append(p)
    return out


def write_small_corpus(docs: Path) -> None:
    """Four reports plus ``khac.txt``, one that writes the code without Đ
    (``ND-CP``), has ``bán`` and a word in the other tone place (``thuỷ``)."""
    write_reports(docs, 4)
    (docs / "khac.txt").write_text(
        "SỞ NỘI VỤ\nSố: 7/TTr-SNV\nHà Nội, ngày 5 tháng 3 năm 2025\n\nTỜ TRÌNH\nVề việc bán tài sản\n\n"
        "Căn cứ Nghị định số 107/2020/ND-CP của Chính phủ; Nghị quyết số 02/NQ-CP ngày 08/01/2026.\n"
        "Đề nghị ban hành quy chế mua bán tài sản công và thuỷ lợi.\n", encoding="utf-8")


@pytest.fixture
def small_index(tmp_path: Path) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    write_small_corpus(docs)
    db = tmp_path / "baocao.db"
    s = index_paths([docs], db, workers=1, progress=False)
    assert s.failed == 0 and s.indexed == 5
    return docs, db


# --------------------------------------------------------------------------- folding


def test_fold_keeps_length_and_folds_d_bar():
    s = "Nghị định NĐ-CP đường Đắk Nông hoá"
    assert fold(s) == "Nghi dinh ND-CP duong Dak Nong hoa"
    assert len(fold(s)) == len(s)
    assert fold_key("107/2020/nđ-cp") == fold_key("107/2020/ND-CP") == "107/2020/ND-CP"
    assert has_diacritics("cải cách") and not has_diacritics("cai cach ND-CP")


def test_query_syntax():
    plan = parse_query('"cai cach" ND-CP hanh*')
    assert plan.folded
    assert plan.match == 'folded : "cai cach" AND folded : "nd cp" AND folded : "hanh"*'
    assert parse_query("cải cách").match == 'text : "cải" AND text : "cách"'
    assert parse_query("a OR b -c").match == '((folded : "a" OR folded : "b")) NOT folded : "c"'
    assert parse_query("  ... ") is None


# --------------------------------------------------------------------------- schema


def test_schema_is_versioned_and_wal(tmp_path: Path):
    db = tmp_path / "x.db"
    with Store(db) as st:
        assert st.schema_version() == SCHEMA_VERSION
        assert st.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(db) as st:  # reopening does not migrate again
        n = st.conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0]
        assert n == len({v for v, _ in __import__("extract.store", fromlist=["x"]).MIGRATIONS})
        st.conn.execute("INSERT INTO schema_version(version, applied_at) VALUES (999, 'future')")
    with pytest.raises(StoreError, match="newer"):
        Store(db)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="not a baocao index"):
        Store(other)
    with pytest.raises(StoreError, match="no such index"):
        Store(tmp_path / "missing.db", readonly=True)
    assert not (tmp_path / "missing.db").exists()


def test_rewrite_replaces_all_rows(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(make_report(1, extra="Từ khoá duynhatcu chỉ có ở bản cũ."), encoding="utf-8")
    db = tmp_path / "i.db"
    index_paths([p], db, workers=1, progress=False)
    with Store(db) as st:
        before = st.counts()
    assert len(Q.search(db, "duynhatcu")) == 1
    p.write_text(make_report(1, extra="Kế hoạch số 55/KH-UBND ngày 02/02/2024 của UBND tỉnh, từ duynhatmoi."),
                 encoding="utf-8")
    index_paths([p], db, workers=1, progress=False)
    with Store(db) as st:
        after = st.counts()
        fts_rows = st.conn.execute("SELECT COUNT(*) FROM fulltext_docsize").fetchone()[0]
        assert fts_rows == after["paragraphs"]  # no stale full-text rows
        st.conn.execute("INSERT INTO fulltext(fulltext) VALUES ('integrity-check')")
    assert after["documents"] == 1 and after["refs"] == before["refs"] + 1
    assert Q.search(db, "duynhatcu").empty
    assert len(Q.search(db, "duynhatmoi")) == 1
    assert len(Q.cites(db, "55/KH-UBND")) == 1


# --------------------------------------------------------------------------- search


def test_search_ignores_diacritics_when_typed_without(small_index):
    _docs, db = small_index
    hits = Q.search(db, "cai cach hanh chinh")
    assert len(hits) >= 4
    assert set(hits.columns) >= {"doc", "page", "line", "snippet", "rank"}
    assert "[cải cách hành chính]" in hits.iloc[0]["snippet"].lower()
    assert list(hits["rank"]) == list(range(1, len(hits) + 1))
    nd = Q.search(db, "ND-CP", limit=50)
    docs = {Path(d).name for d in nd["doc"]}
    assert "khac.txt" in docs and "bc-000.txt" in docs  # NĐ-CP and ND-CP both found
    assert any("[NĐ-CP]" in s for s in nd["snippet"])


def test_search_honours_diacritics_when_typed(small_index):
    _docs, db = small_index
    exact = Q.search(db, "NĐ-CP", limit=50)
    assert "khac.txt" not in {Path(d).name for d in exact["doc"]}  # written ND-CP there
    assert not exact.empty
    ban = Q.search(db, "bán", limit=50)
    assert {Path(d).name for d in ban["doc"]} == {"khac.txt"}
    assert all("[bán]" in s for s in ban["snippet"])
    # without marks "ban" matches bán, ban (ban hành) and Ban
    assert len(Q.search(db, "ban", limit=50)) > len(ban)


def test_search_ignores_tone_placement(small_index):
    _docs, db = small_index
    old = Q.search(db, "hiện đại hoá", limit=50)
    new = Q.search(db, "hiện đại hóa", limit=50)
    assert len(old) == len(new) == 4  # two reports write hoá, two hóa
    assert any("hoá" in s for s in new["snippet"]) and any("hóa" in s for s in old["snippet"])
    assert len(Q.search(db, "thủy lợi")) == 1  # written "thuỷ"


def test_search_hit_has_the_line_of_the_match(small_index):
    docs, db = small_index
    # "quy định tổ chức" sits on the third line of a paragraph wrapped over four lines
    hits = Q.search(db, "quy dinh to chuc cac co quan", limit=50)
    row = hits[hits["doc"].str.endswith("bc-000.txt")].iloc[0]
    lines = (docs / "bc-000.txt").read_text(encoding="utf-8").split("\n")
    assert "quy định tổ chức" in lines[row["line"] - 1]
    assert row["page"] is None or row["page"] != row["page"]  # text input has no pages


def test_search_syntax_prefix_phrase_exclude(small_index):
    _docs, db = small_index
    assert len(Q.search(db, "BC0002")) == 1
    assert len(Q.search(db, "bc000*")) == 4
    assert len(Q.search(db, '"cai cach hanh chinh"', limit=50)) >= 4
    assert Q.search(db, '"hanh chinh cai cach"').empty
    with_khac = Q.search(db, "chinh phu", limit=50)
    without = Q.search(db, "chinh phu -quyet", limit=50)
    assert len(without) < len(with_khac)
    assert Q.search(db, "").empty
    # a query matching more paragraphs than max_ranked is ranked among the newest only, and says so
    capped = Q.search(db, "chinh phu", limit=3, max_ranked=2)
    assert capped.attrs["capped"] and len(capped) == 2
    assert not Q.search(db, "chinh phu", limit=3).attrs["capped"]


# --------------------------------------------------------------------------- cites


@pytest.mark.parametrize("typed", [
    "107/2020/NĐ-CP", "107/2020/ND-CP", "nd 107/2020", "Nghị định 107/2020", "107 / 2020 / nđ-cp",
    "nghi dinh so 107/2020/nd-cp",
])
def test_cites_accepts_messy_input(small_index, typed):
    _docs, db = small_index
    df = Q.cites(db, typed)
    assert {"doc", "page", "line", "quote", "date"} <= set(df.columns)
    names = {Path(d).name for d in df["doc"]}
    assert names == {"bc-000.txt", "bc-001.txt", "bc-002.txt", "bc-003.txt", "khac.txt"}
    row = df[df["doc"].str.endswith("bc-001.txt")].iloc[0]
    assert row["line"] == 9 and row["date"] == "2020-09-14"
    assert "107/2020/NĐ-CP" in row["quote"]


@pytest.mark.parametrize("typed", ["QĐ 1149 BNV", "qd 1149/bnv", "1149/QĐ-BNV", "Quyết định 1149 của Bộ Nội vụ"])
def test_cites_administrative_numbers(small_index, typed):
    _docs, db = small_index
    df = Q.cites(db, typed)
    assert len(df) == 4 and set(df["key"]) == {"1149/QĐ-BNV"}
    assert set(df["line"]) == {13}


def test_cites_unknown_or_wrong_key_is_empty(small_index):
    _docs, db = small_index
    assert Q.cites(db, "108/2020/NĐ-CP").empty
    assert Q.cites(db, "nd 107/2019").empty
    assert Q.cites(db, "QĐ 1149 BTC").empty
    assert Q.cites(db, "hello").empty


# --------------------------------------------------------------------------- aggregates


def test_refs_most_cited_and_filters(small_index):
    _docs, db = small_index
    df = Q.refs(db)
    top = df.iloc[0]
    assert top["key"] == "107/2020/NĐ-CP" and top["documents"] == 5
    assert Q.refs(db, type_code="ND")["key"].tolist()[:1] == ["107/2020/NĐ-CP"]
    assert set(Q.refs(db, issuer="BNV")["key"]) == {"1149/QĐ-BNV"}
    assert set(Q.refs(db, issuer="Bộ Nội vụ")["key"]) == {"1149/QĐ-BNV"}
    assert set(Q.refs(db, year=2014)["key"]) == {"24/2014/NĐ-CP"}
    khac = Q.refs(db, cited_by="khac")
    assert set(khac["key"]) == {"107/2020/NĐ-CP", "02/NQ-CP"}
    assert set(Q.refs(db, cited_by="*/bc-00?.txt")["key"]) >= {"1149/QĐ-BNV"}


def test_cross_date_conflicts(tmp_path: Path):
    docs = tmp_path / "d"
    write_reports(docs, 3)
    (docs / "sai.txt").write_text(make_report(7, date_107="15/9/2020"), encoding="utf-8")
    # 02/NQ-CP of 2022 and of 2026 are two resolutions: no conflict
    (docs / "nq-a.txt").write_text(make_report(8, extra="Nghị quyết số 02/NQ-CP ngày 10/01/2022 của Chính phủ."),
                                   encoding="utf-8")
    (docs / "nq-b.txt").write_text(make_report(9, extra="Nghị quyết số 02/NQ-CP ngày 08/01/2023 của Chính phủ."),
                                   encoding="utf-8")
    db = tmp_path / "c.db"
    index_paths([docs], db, workers=1, progress=False)
    df = Q.cross_date_conflicts(db)
    assert set(df["key"]) == {"107/2020/NĐ-CP"}
    odd = df[df["date"] == "2020-09-15"]
    assert len(odd) == 1 and odd.iloc[0]["doc"].endswith("sai.txt")
    assert set(df["majority_date"]) == {"2020-09-14"}
    assert odd.iloc[0]["line"] == 9


def test_findings_and_output_formats(tmp_path: Path):
    p = tmp_path / "late.txt"
    # cites a resolution dated after the report itself (REF003)
    p.write_text(make_report(1, extra="Nghị quyết số 02/NQ-CP ngày 10/01/2025 của Chính phủ."), encoding="utf-8")
    db = tmp_path / "f.db"
    s = index_paths([p], db, workers=1, progress=False)
    assert s.findings.get("error", 0) >= 1
    df = Q.findings(db, severity="error")
    assert "REF003" in set(df["rule"])
    row = df[df["rule"] == "REF003"].iloc[0]
    assert row["line"] == 15 and "02/NQ-CP" in row["quote"]
    assert Q.findings(db, rule="ref003").shape[0] == df[df["rule"] == "REF003"].shape[0]
    buf = io.StringIO()
    Q.write_frame(df, "jsonl", buf)
    first = json.loads(buf.getvalue().splitlines()[0])
    assert first["rule"] and first["doc"].endswith("late.txt")
    buf = io.StringIO()
    Q.write_frame(df, "csv", buf)
    assert buf.getvalue().startswith("doc,page,line,rule")
    buf = io.StringIO()
    Q.write_frame(df.iloc[0:0], "table", buf)
    assert buf.getvalue() == "(no rows)\n"
    Q.write_frame(df, "xlsx", tmp_path / "f.xlsx")
    assert (tmp_path / "f.xlsx").stat().st_size > 0
    with pytest.raises(ValueError):
        Q.write_frame(df, "xlsx", buf)
    pytest.importorskip("pyarrow")
    Q.write_frame(df, "parquet", tmp_path / "f.parquet")
    back = __import__("pandas").read_parquet(tmp_path / "f.parquet")
    assert list(back["rule"]) == list(df["rule"])


def test_documents_listing(small_index):
    _docs, db = small_index
    df = Q.documents(db)
    assert len(df) == 5 and set(df["status"]) == {"ok"}
    row = df[df["doc"].str.endswith("bc-002.txt")].iloc[0]
    assert row["number"] == "102/BC-UBND" and row["doc_type"] == "Báo cáo"

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

from extract.core.text import fold, fold_key, has_diacritics
from extract.index import queries as Q
from extract.index.indexer import index_paths
from extract.index.store import SCHEMA_VERSION, Store, StoreError, parse_query

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
        assert n == len({v for v, _ in __import__("extract.index.store", fromlist=["x"]).MIGRATIONS})
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


def _exact_bm25(st: Store, match: str) -> dict[int, float]:
    return dict(st.execute("SELECT rowid, bm25(fulltext) FROM fulltext WHERE fulltext MATCH ?", (match,)).fetchall())


BM25_QUERIES = ["cai cach hanh chinh", "ND-CP", "hiện đại hoá", "bc000*", '"nghi dinh so"', "chinh phu OR quyet",
                "Ủy ban nhân dân", "nd cp -quyet", "so so"]


@pytest.mark.parametrize("text", BM25_QUERIES)
def test_bm25_computed_here_is_fts5s(small_index, text):
    """The ranking of a query whose words are all common is computed in Python: the
    very bm25 FTS5 computes, given the same match counts."""
    from extract.index.store import _fts5_match

    _docs, db = small_index
    with Store(db, readonly=True) as st:
        plan = parse_query(text)
        exact = _exact_bm25(st, plan.match)
        assert exact, text
        col = "folded" if plan.folded else "text"
        counts = {p: st._phrase_count(_fts5_match([[p]], [], col)) for g in plan.groups for p in g}
        here = dict(st._bm25_here(plan, list(exact), counts))
        assert here.keys() == exact.keys()
        for pid, score in exact.items():
            assert here[pid] == pytest.approx(score, rel=1e-9, abs=1e-12), (text, pid)


def test_search_ranking_paths_agree(small_index, monkeypatch):
    """Rare words: FTS5's bm25; common ones: bm25 computed here; both rank as FTS5's
    bm25 over every match does (for one phrase the IDF, estimated or not, is only a
    factor), and both cap alike."""
    _docs, db = small_index
    for text in ["ND-CP", "hanh chinh", '"cai cach hanh chinh"', "bc000*"]:
        exact = Q.search(db, text, limit=50, max_ranked=None)
        for rare, here in ((10**6, 1000), (1, 1000)):  # every phrase rare; every phrase common
            monkeypatch.setattr(Store, "rare_phrase", rare)
            monkeypatch.setattr(Store, "ranked_here", here)
            got = Q.search(db, text, limit=50)
            assert not got.attrs["capped"]
            assert list(got["doc"]) == list(exact["doc"]) and list(got["line"]) == list(exact["line"]), (text, rare)
            assert list(got["snippet"]) == list(exact["snippet"])
    # common words ranked here among the newest ranked_here matches, and that is said
    monkeypatch.setattr(Store, "rare_phrase", 1)
    monkeypatch.setattr(Store, "ranked_here", 2)
    capped = Q.search(db, "chinh phu", limit=5)
    assert capped.attrs["capped"] and len(capped) == 2
    # one rare word and common ones: the paragraphs matching all of them, ranked by the rare one
    monkeypatch.setattr(Store, "rare_phrase", 4)
    monkeypatch.setattr(Store, "ranked_here", 1000)
    mixed = Q.search(db, "BC0002 cong tac", limit=50)
    assert len(mixed) == 1 and "[BC0002" in mixed.iloc[0]["snippet"]
    assert Q.search(db, "BC0002 -cong", limit=50).empty
    assert len(Q.search(db, "bc0002 OR bc0003 hanh chinh", limit=50)) == 2


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


# --------------------------------------------------------------------------- figures across reports


def figure_report(prov: str, year: int, body: str | None = None, *, tthc: int, hoso: str, rate: str,
                  day: int = 10) -> str:
    """A report of one body (``UBND tỉnh PROV``, or ``BODY`` under it) about ``year``,
    stating three figures: procedures reviewed, files received, on-time rate."""
    head = f"ỦY BAN NHÂN DÂN\nTỈNH {prov.upper()}\n" + (f"{body.upper()}\n" if body else "")
    return (
        f"{head}Số: {day}/BC-UBND\n{prov}, ngày {day} tháng 12 năm {year}\n\nBÁO CÁO\n"
        f"Kết quả công tác cải cách hành chính năm {year}\n\n"
        f"1. Số thủ tục hành chính được rà soát là {tthc} thủ tục.\n"
        f"2. Tổng số hồ sơ tiếp nhận trong năm là {hoso} hồ sơ; tỷ lệ giải quyết đúng hạn đạt {rate} %.\n"
        "Nơi nhận:\n- Bộ Nội vụ;\n- Lưu: VT.\n"
    )


def write_figure_corpus(docs: Path) -> None:
    """Lâm Đồng reports 2024 twice, with a different number of procedures (the
    conflict) but the same files and rate (95,5 and 95,50 are one rate as written);
    Cà Mau twice, agreeing (the control pair); Lâm Đồng 2023 and Cà Mau 2024 with
    other numbers again (another year, another body: no conflict)."""
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "ld-2024-a.txt").write_text(figure_report("Lâm Đồng", 2024, tthc=120, hoso="1.234", rate="95,5"),
                                        encoding="utf-8")
    (docs / "ld-2024-b.txt").write_text(figure_report("Lâm Đồng", 2024, tthc=112, hoso="1.234", rate="95,50",
                                                      day=20), encoding="utf-8")
    (docs / "ld-2023.txt").write_text(figure_report("Lâm Đồng", 2023, tthc=90, hoso="999", rate="90"),
                                      encoding="utf-8")
    (docs / "cm-2024-a.txt").write_text(figure_report("Cà Mau", 2024, tthc=75, hoso="2.000", rate="88,2"),
                                        encoding="utf-8")
    (docs / "cm-2024-b.txt").write_text(figure_report("Cà Mau", 2024, tthc=75, hoso="2.000", rate="88,2", day=21),
                                        encoding="utf-8")
    # a department of Lâm Đồng is another body than the province's People's Committee
    (docs / "ld-snv-2024.txt").write_text(figure_report("Lâm Đồng", 2024, "Sở Nội vụ", tthc=7, hoso="50",
                                                        rate="100"), encoding="utf-8")


@pytest.fixture
def figure_index(tmp_path: Path) -> Path:
    docs = tmp_path / "figs"
    write_figure_corpus(docs)
    db = tmp_path / "figs.db"
    s = index_paths([docs], db, workers=1, progress=False)
    assert s.indexed == 6 and s.failed == 0
    return db


def test_documents_store_their_report_period(figure_index: Path):
    with Store(figure_index, readonly=True) as st:
        rows = {Path(p).name: (a, b) for p, a, b in st.execute(
            "SELECT path, period_start, period_end FROM documents")}
    assert rows["ld-2024-a.txt"] == ("2024-01-01", "2024-12-31")
    assert rows["ld-2023.txt"] == ("2023-01-01", "2023-12-31")


def test_figures_across_reports_with_filters(figure_index: Path):
    df = Q.figures(figure_index, label="so thu tuc hanh chinh duoc ra soat")
    assert len(df) == 6 and (df["match"] >= 80).all()
    assert {"doc", "page", "line", "label", "value", "unit", "period", "quote", "issuer"} <= set(df.columns)
    ld = Q.figures(figure_index, label="số thủ tục được rà soát", period=2024, issuer="lam dong")
    assert sorted(ld["value"]) == ["112", "120", "7"]
    assert set(ld["period"]) == {"2024-01-01/2024-12-31"}
    assert sorted(Q.figures(figure_index, unit="ho so", period="2023")["value"]) == ["999"]
    assert set(Q.figures(figure_index, unit="%")["unit"]) == {"%"}
    assert Q.figures(figure_index, period="2024-01-01/2024-12-31").shape[0] == 15
    assert Q.figures(figure_index, period="2020..2023").shape[0] == 3
    assert Q.figures(figure_index, label="kinh phí chi thường xuyên").empty


def test_figure_conflicts_same_body_same_period(figure_index: Path):
    df = Q.figure_conflicts(figure_index)
    assert list(df.columns) == ["group", "issuer", "period", "unit", "group_label", "value", "documents",
                                "majority_value", "doc", "page", "line", "label", "quote"]
    # only the number of procedures of Lâm Đồng in 2024: not the agreeing figures, not
    # Cà Mau's control pair, not another year, not the department
    assert set(df["group"]) == {1}
    assert sorted(Path(d).name for d in df["doc"]) == ["ld-2024-a.txt", "ld-2024-b.txt"]
    assert sorted(df["value"]) == ["112", "120"] and set(df["unit"]) == {"thủ tục"}
    assert set(df["period"]) == {"2024-01-01/2024-12-31"} and set(df["line"]) == {9}
    assert set(df["quote"]) == {"120 thủ tục", "112 thủ tục"}
    assert df.iloc[0]["group_label"] == "Số thủ tục hành chính được rà soát"
    # filters, and a threshold no two labels reach
    assert len(Q.figure_conflicts(figure_index, label="thu tuc hanh chinh duoc ra soat", period=2024)) == 2
    assert Q.figure_conflicts(figure_index, label="ho so tiep nhan").empty
    assert Q.figure_conflicts(figure_index, period=2023).empty
    assert Q.figure_conflicts(figure_index, unit="hồ sơ").empty
    assert len(Q.figure_conflicts(figure_index, issuer="Lâm Đồng")) == 2


def test_figure_conflicts_rounding_and_majority(tmp_path: Path):
    docs = tmp_path / "r"
    docs.mkdir()
    for i, (tthc, rate) in enumerate([(120, "95,5"), (120, "95,46"), (120, "95,5"), (121, "96")]):
        (docs / f"r{i}.txt").write_text(figure_report("Cà Mau", 2025, tthc=tthc, hoso="10", rate=rate, day=i + 1),
                                        encoding="utf-8")
    db = tmp_path / "r.db"
    index_paths([docs], db, workers=1, progress=False)
    df = Q.figure_conflicts(db)
    by_unit = {u: g for u, g in df.groupby("unit")}
    # 95,46 rounds to 95,5 (agrees); 96 (written without decimals: 95,5 … 96,5) meets 95,5 too
    assert "%" not in by_unit
    tthc = by_unit["thủ tục"]
    assert set(tthc["majority_value"]) == {"120"}
    assert tthc[tthc["value"] == "121"].iloc[0]["documents"] == 1
    assert tthc[tthc["value"] == "120"].iloc[0]["documents"] == 3


def test_figures_cli_and_index_json(tmp_path: Path, capsys):
    from extract.cli import main

    docs = tmp_path / "figs"
    write_figure_corpus(docs)
    db = str(tmp_path / "cli.db")
    assert main(["index", str(docs), "--db", db, "--workers", "1", "-q", "--format", "json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["indexed"] == 6 and summary["files"] == 6 and summary["figures"] >= 18
    assert summary["stages"] == ["references", "figures", "statements", "checks"] and summary["db"] == db
    assert main(["index", str(docs), "--db", db, "-q"]) == 0
    assert "6 unchanged" in capsys.readouterr().out
    assert main(["figures", "--db", db, "--label", "so ho so tiep nhan", "--period", "2024", "-f", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert sorted(r["value"] for r in rows) == ["1234", "1234", "2000", "2000", "50"]
    assert main(["figures", "--db", db, "--conflicts", "--format", "jsonl"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert sorted(r["value"] for r in rows) == ["112", "120"] and {r["line"] for r in rows} == {9}
    assert main(["figures", "--db", db, "--conflicts", "--threshold", "100", "--unit", "%"]) == 0
    assert capsys.readouterr().out == "(no rows)\n"


def test_v1_index_is_migrated_and_gets_periods(tmp_path: Path):
    """An index written before the report period was stored is upgraded in place; its
    documents' periods then come from their stored titles."""
    docs = tmp_path / "figs"
    write_figure_corpus(docs)
    db = tmp_path / "v1.db"
    index_paths([docs], db, workers=1, progress=False)
    con = sqlite3.connect(db)  # back to what schema v1 wrote
    con.execute("ALTER TABLE documents DROP COLUMN period_start")
    con.execute("ALTER TABLE documents DROP COLUMN period_end")
    con.execute("DELETE FROM schema_version WHERE version > 1")
    con.commit()
    con.close()
    with pytest.raises(StoreError, match="older"):
        Store(db, readonly=True)
    with Store(db) as st:
        assert st.schema_version() == SCHEMA_VERSION
        assert st.execute("SELECT COUNT(*) FROM documents WHERE period_start IS NULL").fetchone()[0] == 6
    assert sorted(Q.figure_conflicts(db)["value"]) == ["112", "120"]
    assert sorted(Q.figures(db, period=2023)["value"]) == ["90", "90", "999"]

"""The fast paths of the reading layer give what the plain ones gave (issue #10: speed,
with the output unchanged)."""
from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.core import text as text_forms
from extract.ingest import legacy, quality
from extract.ingest.pdf_source import CharBoxes

# --------------------------------------------------------------------- quality.assess


def _assess_plain(text: str, limit: int = 1500) -> quality.TextQuality:
    """The measure token by token, with no cache (as it was written first)."""
    words = good = toned = 0
    for m in re.finditer(r"\S+", text):
        w = quality._WORD.match(m.group(0))
        if not w:
            continue
        word = w.group("w")
        if not any(c.isalpha() for c in word):
            continue
        words += 1
        low = word.lower()
        if quality._SYLLABLE.match(low) or quality._CODE.match(word):
            good += 1
        if any(c in quality._TONED for c in low):
            toned += 1
        if words >= limit:
            break
    if not words:
        return quality.TextQuality(0, 0.0, 0.0)
    return quality.TextQuality(words, good / words, toned / words)


_PIECES = ["người", "Nghị", "định", "107/2020/NĐ-CP", "1.889", "(a)", "“xã”", "Cdn", "c*", "LuQt", "12", "-",
           "ı", "Ðà", "ư", " ", "  ", "\n", "\t", "\u00a0", "\u2003", "\x1c", "\x85", "\r\n", "."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=4), max_size=60), st.integers(min_value=1, max_value=12))
def test_assess_matches_the_plain_measure(pieces: list[str], limit: int) -> None:
    text = "".join(pieces)
    assert quality.assess(text, limit) == _assess_plain(text, limit)
    assert quality.assess(text) == _assess_plain(text)


def test_assess_limit_over_many_chunks() -> None:
    text = " 12 ".join(["Báo cáo kết quả thực hiện"] * 2000)  # numbers are tokens, not words
    for limit in (1, 7, 1500, 5000):
        assert quality.assess(text, limit) == _assess_plain(text, limit)


# --------------------------------------------------------------- legacy.detect_scores


def _scores_plain(text: str) -> dict[str, int]:
    """The votes token by token, with no cache (as they were written first)."""
    sets = legacy._charsets()
    votes = {"tcvn3": 0, "vni": 0, "unicode": 0}
    seen = 0
    for token in text.split():
        if token.isascii():
            continue
        seen += 1
        if seen > legacy._MAX_TOKENS:
            break
        chars = set(token)
        if chars & sets["viet_beyond"]:
            votes["unicode"] += 1
            continue
        if chars & sets["tcvn3_strong"] and legacy._valid_reading(token, "tcvn3"):
            votes["tcvn3"] += 1
        if (chars & sets["vni_strong"] or legacy._VNI_PAIR.search(token)) and legacy._valid_reading(token, "vni"):
            votes["vni"] += 1
    return votes


_LEGACY_PIECES = ["B¸o", "c¸o", "vÒ", "t×nh", "h×nh", "Uû", "nh©n", "QUYÕT", "§ÞNH", "Baùo", "caùo", "Ngöôøi",
                  "daân", "COÄNG", "HOAØ", "quân", "Báo", "café", "Müller", "©", "2024", " ", "\n", "\u00a0"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LEGACY_PIECES) | st.text(max_size=3), max_size=40))
def test_detect_scores_match_the_plain_votes(pieces: list[str]) -> None:
    text = " ".join(pieces)
    assert legacy.detect_scores(text) == _scores_plain(text)
    assert legacy.detect_scores(text) == _scores_plain(text)  # now from the cache


def test_detect_scores_stop_after_max_tokens(monkeypatch) -> None:
    monkeypatch.setattr(legacy, "_MAX_TOKENS", 5)
    text = " ".join(["người"] * 4 + ["B¸o"] * 10)
    assert legacy.detect_scores(text) == _scores_plain(text) == {"tcvn3": 1, "vni": 0, "unicode": 4}


# --------------------------------------------------------------- text.tone_normalize

_OLD_STYLE_PLAIN = re.compile(r"(?<![qQ])(?:" + "|".join(sorted(text_forms._TONE_SWAP)) + r")(?![^\W\d_])")


def _tone_plain(s: str) -> str:
    return _OLD_STYLE_PLAIN.sub(lambda m: text_forms._TONE_SWAP[m.group(0)], s)


_TONE_PIECES = [*sorted(text_forms._TONE_SWAP), "q", "Q", "h", "th", "u", "o", "a", "y", "1", " ", "\n", "ý", "á",
                "quý", "hoá", "thuỷ", "Hoà", "QUÝ", "khoẻ"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TONE_PIECES) | st.text(max_size=2), max_size=30))
def test_tone_normalize_matches_the_plain_pattern(pieces: list[str]) -> None:
    s = "".join(pieces)
    assert text_forms.tone_normalize(s) == _tone_plain(s)


# --------------------------------------------------------------- pdfium calls

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_char_boxes_match_pypdfium2() -> None:
    """The reader's per-character calls (plain ctypes types) give what pypdfium2's own
    helpers and typed bindings give, for every character of a project PDF."""
    pdfium = pytest.importorskip("pypdfium2")
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(CORPUS / "bc-231-ubnd-anlac-cchc-2025.pdf"))
    try:
        page = pdf[0]
        tp = page.get_textpage()
        pg = CharBoxes(tp)
        n = tp.count_chars()
        assert n > 100
        x, y = ctypes.c_double(), ctypes.c_double()
        for i in range(n):
            l, b, r, t = tp.get_charbox(i)
            assert pg.box(i) == (l, b, r, t)
            assert (pg.left(i), pg.right(i)) == (l, r)
            assert pg.size(i) == raw.FPDFText_GetFontSize(tp.raw, i)
            raw.FPDFText_GetCharOrigin(tp.raw, i, x, y)
            assert pg.origin_y(i) == y.value
            if i:
                assert pg.gap(i - 1, i) == l - tp.get_charbox(i - 1)[2]
        tp.close()
        page.close()
    finally:
        pdf.close()


def testwalk_page_count_every_path_object() -> None:
    """The table finder's walk over page objects (plain ctypes types) sees the objects
    pypdfium2's typed bindings see."""
    pdfium = pytest.importorskip("pypdfium2")
    import pypdfium2.raw as raw

    from extract.ingest.pdf_tables import walk_page

    pdf = pdfium.PdfDocument(str(CORPUS / "bc-231-ubnd-anlac-cchc-2025.pdf"))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            n = raw.FPDFPage_CountObjects(page.raw)
            paths = sum(1 for k in range(n)
                        if raw.FPDFPageObj_GetType(raw.FPDFPage_GetObject(page.raw, k)) == raw.FPDF_PAGEOBJ_PATH)
            assert walk_page(page.raw)[2] == paths
            page.close()
    finally:
        pdf.close()


def test_page_paths_walks_a_page_once_for_charts_and_tables() -> None:
    """The reader's chart finder and the table finder share one walk per page: kept in
    the source when the page is released, the same as a fresh walk, walked again after a
    pin (the page's content changed) or with other settings."""
    pytest.importorskip("pypdfium2")
    from extract.ingest.pdf_charts import RULE
    from extract.ingest.pdf_source import PdfSettings, PdfSource
    from extract.ingest.pdf_tables import page_paths, walk_page

    source = PdfSource(CORPUS / "bc-231-ubnd-anlac-cchc-2025.pdf")
    try:
        for pno in range(len(source)):
            fresh = walk_page(source.page(pno).raw, source.settings, RULE)
            pp = page_paths(source, pno, thin=RULE)
            assert pp == fresh and pp.shapes is not None
            source.release([pno])
            assert page_paths(source, pno) is pp  # a table finder's call: no new walk, no page load
            assert pno not in source.loaded()
            plain = walk_page(source.page(pno).raw, source.settings)
            assert (plain.hs, plain.vs, plain.paths, plain.shapes) == (pp.hs, pp.vs, pp.paths, None)
        other = page_paths(source, 0, PdfSettings(min_edge=50.0))
        assert other.paths == page_paths(source, 0).paths and len(other.hs) <= len(page_paths(source, 0).hs)
        first = page_paths(source, 0, thin=RULE)
        source.pin(0)
        assert page_paths(source, 0, thin=RULE) is not first
    finally:
        source.close()


# --------------------------------------------------------------------- figure masks

_MASK_PIECES = ["1", "2", "0", "9", "19", "20", "2024", "12", ":", ")", "(", "+84", "+", "/", " / ", "I", "V",
                "IV", "-", "–", " ", "\t", "\n", ";", ".", ",", ": ", ". ", "Đ", "a", "Kết", "x", "@", "_", "ạ",
                "Thôn", "thôn", "nông ", "Nông ", "Liên", "Điều", "Khu", "%", "3"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_MASK_PIECES) | st.text(max_size=3), max_size=50))
def test_fast_exclusion_forms_match_as_written(pieces: list[str]) -> None:
    """Each exclusion pattern the figure scanner runs in a faster form finds exactly the
    spans of the pattern as written; so does the e-mail search from its "@"."""
    from extract.find import figures

    text = "".join(pieces)
    for plain, fast in figures._FAST_FORMS.items():
        assert [m.span() for m in re.finditer(fast, text)] == [m.span() for m in re.finditer(plain, text)], plain
    email = re.compile(figures._EMAIL)
    assert list(figures._at_matches(email, text)) == [m.span() for m in email.finditer(text)]


def test_fast_exclusion_forms_on_the_corpus() -> None:
    from extract.find import figures

    email = re.compile(figures._EMAIL)
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    texts.append("Liên hệ: a.b+c@x.gov.vn, @ sai, d@e, 1-f@g.h.i@j.k; ĐT: (0263) 3.822.123, +84 912 345 678")
    assert texts
    for text in texts:
        for plain, fast in figures._FAST_FORMS.items():
            assert [m.span() for m in re.finditer(fast, text)] == [m.span() for m in re.finditer(plain, text)]
        assert list(figures._at_matches(email, text)) == [m.span() for m in email.finditer(text)]
    assert all(p in [x.pattern.removeprefix(f"(?<![{figures._L}])") for x in figures._exclusion_res()]
               for p in figures._FAST_FORMS.values())  # each fast form is one the scanner runs


# --------------------------------------------------------------------- table cells


def _locate_plain(tables, x: float, y: float):
    """The cell a point falls in, searched every time (as the locator was first written)."""
    import bisect

    for t in tables:
        x0, y0, x1, y1 = t.bbox
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        c = min(max(bisect.bisect_right(t.xs, x) - 1, 0), t.n_cols - 1)
        r = min(max(bisect.bisect_right([-v for v in t.ys], -y) - 1, 0), t.n_rows - 1)
        return next(cell for cell in t.cells if cell.row <= r < cell.row + cell.rowspan
                    and cell.col <= c < cell.col + cell.colspan)
    return None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4), st.integers(1, 4), st.booleans()), min_size=1,
                max_size=3),
       st.lists(st.tuples(st.floats(-10, 330), st.floats(-10, 330)), max_size=80))
def test_cell_locator_gives_the_searched_cell(specs, points) -> None:
    """The table finder's cell locator, which gives its last answer again while a point
    stays in the same cell's range, answers as a search of every table does — tables
    apart, touching or overlapping, merged cells included."""
    from extract.ingest.pdf_tables import PdfCell, PdfTable, _locator

    tables = []
    for k, (shift, nr, nc, merge) in enumerate(specs):
        x0, top = 20.0 * shift + 7 * k, 300.0 - 40 * shift
        xs = [x0 + 25 * i for i in range(nc + 1)]
        ys = [top - 15 * i for i in range(nr + 1)]
        cells = []
        for r in range(nr):
            for c in range(nc):
                if merge and nc > 1 and c == 1:
                    continue  # merged into column 0
                span = 2 if merge and nc > 1 and c == 0 else 1
                cells.append(PdfCell(r, c, 1, span))
        tables.append(PdfTable(1, (xs[0], ys[-1], xs[-1], ys[0]), xs, ys, cells))
    loc = _locator(tables)
    for x, y in points + sorted(points, key=lambda p: (round(p[1] / 15), p[0])):  # then along rows
        assert loc(x, y) is _locate_plain(tables, x, y)


def _fill_plain(textpage, text: str, tables) -> None:
    """Cell text placed character by character wherever a line crosses cells (as the
    table finder first did it)."""
    from extract.ingest.pdf_source import CharBoxes, numbered_lines
    from extract.ingest.pdf_tables import _locator

    if not textpage.count_chars() or len(text) != textpage.count_chars():
        return
    pg = CharBoxes(textpage)
    loc = _locator(tables)

    def cell_of(i: int):
        left, bottom, right, top = pg.box(i)
        return loc((left + right) / 2, (bottom + top) / 2), left, top

    for lineno, start, line in numbered_lines(text):
        lead = start + len(line) - len(line.lstrip())
        tail = start + len(line.rstrip()) - 1
        (first, fl, ft), (last, _, _) = cell_of(lead), cell_of(tail)
        if first is None and last is None:
            continue
        if first is last:
            first.pieces.append((lineno, line.strip(), fl, ft))
            continue
        run_cell, run, run_box = None, [], (0.0, 0.0)
        for i in range(lead, tail + 1):
            if text[i].isspace():
                if run:
                    run.append(text[i])
                continue
            cell, left, top = cell_of(i)
            if cell is not run_cell:
                if run_cell is not None and "".join(run).strip():
                    run_cell.pieces.append((lineno, "".join(run).strip(), *run_box))
                run_cell, run, run_box = cell, [], (left, top)
            run.append(text[i])
        if run_cell is not None and "".join(run).strip():
            run_cell.pieces.append((lineno, "".join(run).strip(), *run_box))


def test_cell_text_word_by_word_as_character_by_character() -> None:
    """The table finder places a line that crosses cells word by word (a word with its
    first and last characters in one cell goes there whole): the cells' pieces are those
    of placing every character, on every ruled page of the project PDFs."""
    import copy

    pytest.importorskip("pypdfium2")
    from extract.ingest.pdf_source import PdfSource
    from extract.ingest.pdf_tables import _fill, _grids, _merge, page_paths

    pages = crossing = 0
    for path in sorted(CORPUS.glob("*.pdf")):
        source = PdfSource(path)
        try:
            for pno in range(len(source)):
                hs, vs = page_paths(source, pno)[:2]
                hs, vs = _merge(list(hs)), _merge(list(vs))
                tables = _grids(hs, vs, pno + 1) if len(hs) >= 2 and len(vs) >= 2 else []
                if not tables:
                    continue
                plain = copy.deepcopy(tables)
                _fill(source.textpage(pno), source.text(pno), tables)
                _fill_plain(source.textpage(pno), source.text(pno), plain)
                got = [c.pieces for t in tables for c in t.cells]
                assert got == [c.pieces for t in plain for c in t.cells], (path.name, pno)
                pages += 1
                lines = [p[0] for t in tables for c in t.cells for p in c.pieces]
                crossing += len(lines) - len(set(lines))  # lines split between cells
        finally:
            source.close()
    assert pages >= 2 and crossing >= 10


def _cells_plain(xs, ys, gh, gv, page, snap=3.0):
    """A ruled grid's cells by a union-find over every grid cell (as first written)."""
    from extract.ingest.pdf_tables import PdfCell, PdfTable, _covered, _find

    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))
    at_x = [[e for e in gv if abs(e[0] - pos) <= snap] for pos in xs]
    at_y = [[e for e in gh if abs(e[0] - pos) <= snap] for pos in ys]
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(at_x[c + 1], ys[r + 1], ys[r]):
                a, b = _find(parent, r * nc + c), _find(parent, r * nc + c + 1)
                if a != b:
                    parent[a] = b
            if r + 1 < nr and not _covered(at_y[r + 1], xs[c], xs[c + 1]):
                a, b = _find(parent, r * nc + c), _find(parent, (r + 1) * nc + c)
                if a != b:
                    parent[a] = b
    spans: dict[int, list[int]] = {}
    for r in range(nr):
        for c in range(nc):
            root = _find(parent, r * nc + c)
            s = spans.get(root)
            if s is None:
                spans[root] = [r, c, r, c]
            else:
                s[1], s[2], s[3] = min(s[1], c), r, max(s[3], c)
    cells = [PdfCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r1 + 1], xs[c1 + 1], ys[r0]))
             for r0, c0, r1, c1 in spans.values()]
    if len(cells) < 2:
        return None
    cells.sort(key=lambda c: (c.row, c.col))
    return PdfTable(page, (xs[0], ys[-1], xs[-1], ys[0]), xs, ys, cells)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 6), st.integers(1, 6), st.data())
def test_grid_cells_as_one_union_find_over_every_cell(nr: int, nc: int, data) -> None:
    """The table finder's cells of a ruled grid (rules near each grid line found by
    bisection; the union-find only over grid cells joined to a neighbour) are those of a
    union-find over every grid cell: same spans, same order, merged and L-shaped groups
    and rules a little off their grid line included."""
    from extract.ingest.pdf_tables import _cells

    xs = [10.0 + 20 * i for i in range(nc + 1)]
    ys = [300.0 - 15 * i for i in range(nr + 1)]
    off = st.sampled_from([0.0, 0.4, -1.5, 2.9, 3.0, 3.5])
    gv = sorted([x + data.draw(off), ys[r + 1], ys[r]] for x in xs for r in range(nr) if data.draw(st.booleans()))
    gh = sorted([y + data.draw(off), xs[c], xs[c + 1]] for y in ys for c in range(nc) if data.draw(st.booleans()))
    got, plain = _cells(xs, ys, gh, gv, 1), _cells_plain(xs, ys, gh, gv, 1)
    assert (got is None) == (plain is None)
    if got is not None and plain is not None:
        assert [(c.row, c.col, c.rowspan, c.colspan, c.bbox) for c in got.cells] == \
            [(c.row, c.col, c.rowspan, c.colspan, c.bbox) for c in plain.cells]


def test_scan_without_labels_finds_the_same_numbers() -> None:
    """``scan_figures(labels=False)`` (the cell check asks only which numbers are
    figures) finds the same figures at the same places, with no label."""
    from extract.find.figures import scan_figures

    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    assert texts
    for text in texts:
        full, bare = scan_figures(text), scan_figures(text, labels=False)
        assert [(f.start, f.end, f.number_start, f.raw, f.value, f.kind) for f in bare] == \
            [(f.start, f.end, f.number_start, f.raw, f.value, f.kind) for f in full]
        assert all(f.label is None for f in bare)


# --------------------------------------------------------------------- gc_paused

def test_gc_paused_holds_the_collector_off_and_restores_it() -> None:
    import gc

    from extract.core import limits

    assert gc.isenabled()
    seen: list[bool] = []

    @limits.without_gc
    def stage() -> int:
        seen.append(gc.isenabled())
        with limits.gc_paused():  # nested: still off inside, and left off for the outer one
            seen.append(gc.isenabled())
        seen.append(gc.isenabled())
        raise ValueError("a stage that fails")

    with pytest.raises(ValueError):
        stage()
    assert seen == [False, False, False]
    assert gc.isenabled()  # back on, even after an exception
    gc.disable()  # a caller that turned it off itself keeps it off
    try:
        with limits.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_reading_and_checking_leave_the_collector_on(tmp_path: Path) -> None:
    import gc

    from extract import read
    from extract.checks import check_document

    p = tmp_path / "bc.txt"
    p.write_text("Tổng số 10 hồ sơ, trong đó 4 hồ sơ đúng hạn và 5 hồ sơ trễ hạn.\n", encoding="utf-8")
    report = check_document(read(p))
    assert gc.isenabled()
    assert report.statements_found >= 1


# --------------------------------------------------------------------- context.name_number

def _name_pieces() -> list[str]:
    from extract.find import context

    heads = context._vocab()["name_heads"]
    words = list(heads["forms"]) + list(heads.get("bare") or [])
    return (words + [w.upper() for w in words] + [w.title() for w in words]
            + ["Hòa", "Bình", "Đông", "TCT", "ABCDEF", "đạt", "có", "cấp", "(", ":", "3", "1.2", "ſ", "K", "İ"])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_name_pieces()),
                          st.sampled_from([" ", "  ", "\n", "\t", "\u00a0", "", "-"])), max_size=8))
def test_name_prefilter_never_hides_a_match(parts: list[tuple[str, str]]) -> None:
    """The cheap test before the name pattern's search only skips windows where the
    search finds nothing."""
    from extract.find import context

    window = "".join(w + sep for w, sep in parts)[-60:]
    if context._name_re().search(window) is not None:
        assert context._may_end_name(window)


def test_name_prefilter_keeps_the_examples() -> None:
    from extract.find import context

    for before in ("xã Hòa Bình ", "Khu phố ", "khu phố\n", "Bưu điện Trung tâm ", "thôn TCT "):
        assert context._may_end_name(before) and context._name_re().search(before), before
    for before in ("cấp xã ", "đạt", "có ", ""):
        assert not context._name_re().search(before)

#!/usr/bin/env python3
"""Write baocao's synthetic corpus: small Vietnamese administrative documents
(PDF, DOCX, TXT) with gold annotations known by construction.

Every document and its gold file come from ONE spec (the ``DOCS`` list below).
Body text is written with a tiny inline markup, rendered once into plain text
plus annotations:

    {R:Nghị định số 107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ|basis}
                        a reference (text|relation); number, year, codes,
                        date and issuer are parsed from the text
    {F:424 biểu mẫu}    a figure; value and unit parsed (Vietnamese digits:
                        "." thousands, "," decimals); {F:352|352|biểu mẫu}
                        gives value and unit explicitly
    {D:15/11/2025}      a date in the body (also "ngày 5 tháng 11 năm 2025")
    {N:1}               a footnote marker after the preceding word

Output is deterministic: fixed creation dates, fixed zip timestamps, no
randomness, so re-running gives byte-identical files.

    python scripts/make_corpus.py [OUT_DIR]     (default: <project>/corpus)
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path

FONT_DIR = "/usr/share/fonts/truetype/dejavu"
FONT_REG = f"{FONT_DIR}/DejaVuSerif.ttf"
FONT_BOLD = f"{FONT_DIR}/DejaVuSerif-Bold.ttf"
FIXED_DT = dt.datetime(2025, 12, 12, 9, 0, 0, tzinfo=dt.UTC)
ZIP_DT = (2025, 12, 12, 9, 0, 0)

# --------------------------------------------------------------------------
# markup
# --------------------------------------------------------------------------
MARK = re.compile(r"\{([RFDN]):([^{}]*)\}")
NUM = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?\s*(.*)$")
REF = re.compile(
    r"^(?P<type>.+?) (?:số )?(?P<num>\d[\w./-]*?[\w])"
    r"(?: ngày (?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4}))?"
    r"(?: của (?P<issuer>.+))?$"
)
DATE_SLASH = re.compile(r"^(?:ngày )?(\d{1,2})/(\d{1,2})/(\d{4})$")
DATE_WORDS = re.compile(r"^ngày (\d{1,2}) tháng (\d{1,2}) năm (\d{4})$")


def parse_number(text: str):
    m = NUM.match(text)
    assert m, text
    whole = int(m.group(1).replace(".", ""))
    if m.group(2):
        return float(f"{whole}.{m.group(2)}"), m.group(3).strip()
    return whole, m.group(3).strip()


def parse_date(text: str) -> str:
    m = DATE_SLASH.match(text) or DATE_WORDS.match(text)
    assert m, text
    d, mo, y = (int(g) for g in m.groups())
    return dt.date(y, mo, d).isoformat()


TYPE_CODES = {"NĐ", "TT", "TTLT", "NQ", "QĐ", "CT", "QC", "QyĐ", "TC", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA",
              "BC", "BB", "TTr", "HĐ", "CĐ", "KL", "GM", "CV"}


def parse_ref(text: str, relation: str) -> dict:
    m = REF.match(text)
    assert m, text
    number = m.group("num")
    year = type_code = issuer_code = None
    parts = number.split("/")
    if len(parts) == 3:  # 107/2020/NĐ-CP; a law: 64/2025/QH15 (issuer only)
        year = int(parts[1])
        type_code, _, issuer_code = parts[2].rpartition("-")
    elif len(parts) == 2 and "-" in parts[0]:  # 83-KL/TW
        type_code = parts[0].split("-", 1)[1]
        issuer_code = parts[1]
    elif len(parts) == 2:  # 1149/QĐ-BNV; a công văn has no type code: 6412/BNV-CCHC
        head, _, tail = parts[1].partition("-")
        if head in TYPE_CODES:
            type_code, issuer_code = head, tail
        else:
            issuer_code = head
    if issuer_code and re.fullmatch(r"QH\d+", issuer_code):
        issuer_code = "QH"  # the National Assembly; the digits are its term
    date = None
    if m.group("d"):
        date = dt.date(int(m.group("y")), int(m.group("m")), int(m.group("d"))).isoformat()
        if year is None:
            year = int(m.group("y"))
    doc_type, name = m.group("type"), None
    if doc_type.startswith("Luật "):  # "Luật Ban hành văn bản QPPL số 64/2025/QH15"
        doc_type, name = "Luật", doc_type[5:]
    return {
        "text": text,
        "name": name,
        "key": f"{doc_type} {number}",
        "doc_type": doc_type,
        "number": number,
        "year": year,
        "type_code": type_code or None,
        "issuer_code": issuer_code or None,
        "date": date,
        "issuer": m.group("issuer"),
        "relation": relation,
    }


def render(template: str, where: str = "body"):
    """Markup -> (plain text, footnote marker offsets {id: offset}, annotations)."""
    out, pos, markers = [], 0, {}
    refs, figs, dates = [], [], []
    length = 0
    for m in MARK.finditer(template):
        chunk = template[pos:m.start()]
        out.append(chunk)
        length += len(chunk)
        kind, body = m.group(1), m.group(2)
        if kind == "N":
            markers[body] = length
        else:
            fields = body.split("|")
            text = fields[0]
            out.append(text)
            length += len(text)
            if kind == "R":
                r = parse_ref(text, fields[1] if len(fields) > 1 else "cites")
                r["where"] = where
                r["offset"] = length - len(text)
                refs.append(r)
            elif kind == "F":
                if len(fields) == 3:
                    value = float(fields[1]) if "." in fields[1] else int(fields[1])
                    unit = fields[2] or None
                else:
                    value, unit = parse_number(text)
                figs.append({"text": text, "value": value, "unit": unit or None,
                             "offset": length - len(text)})
            else:
                dates.append({"text": text, "date": parse_date(text), "offset": length - len(text)})
        pos = m.end()
    out.append(template[pos:])
    plain = "".join(out)
    assert "{" not in plain and "}" not in plain, plain
    return plain, markers, {"references": refs, "figures": figs, "dates": dates}


def after_word(plain: str, offset: int) -> str:
    return plain[:offset].split()[-1].strip(",;:.")


# --------------------------------------------------------------------------
# line wrapping (shared by PDF and TXT writers)
# --------------------------------------------------------------------------
HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")


def words_with_markers(plain: str, markers: dict) -> list[dict]:
    """Split on spaces; a footnote marker is attached to the word it follows."""
    words = []
    for m in re.finditer(r"\S+", plain):
        w = {"text": m.group(), "fn": None}
        for fid, off in markers.items():
            if m.start() < off <= m.end():
                w["fn"] = fid
                w["fn_at"] = off - m.start()
        words.append(w)
    assert all(any(w["fn"] == f for w in words) for f in markers), markers
    return words


def wrap(words: list[dict], width: float, measure, first_indent: float = 0.0):
    """Greedy wrap.  A word that does not fit is broken after an inner hyphen
    when its head fits (as Word does with "106/2020/NĐ-" | "CP").  Returns a list
    of lines (lists of words) and the list of words broken at a hyphen."""
    lines, cur, cur_w, breaks = [], [], 0.0, []
    avail = width - first_indent
    queue = list(words)
    while queue:
        w = queue.pop(0)
        ww = measure(w)
        sep = measure({"text": " ", "fn": None}) if cur else 0.0
        if cur_w + sep + ww <= avail:
            cur.append(w)
            cur_w += sep + ww
            continue
        # try a hyphen break inside the word
        split = None
        for hm in reversed(list(HYPHEN_IN_WORD.finditer(w["text"]))):
            head = {"text": w["text"][:hm.end()], "fn": None}
            if cur_w + sep + measure(head) <= avail:
                split = hm.end()
                break
        if split is not None and cur:
            cur.append({"text": w["text"][:split], "fn": None, "hyphen_break": True})
            breaks.append(w["text"])
            rest = {"text": w["text"][split:], "fn": w["fn"]}
            if w.get("fn_at"):
                rest["fn_at"] = w["fn_at"] - split
            queue.insert(0, rest)
        else:
            if not cur:  # a word longer than the line: put it alone
                cur.append(w)
            else:
                queue.insert(0, w)
        lines.append(cur)
        cur, cur_w, avail = [], 0.0, width
    if cur:
        lines.append(cur)
    return lines, breaks


# --------------------------------------------------------------------------
# the documents (ONE spec: writers and gold both read from here)
# --------------------------------------------------------------------------
STAMP_ANLAC = {
    "lines": [
        "Ký bởi: Ủy ban nhân dân tỉnh An Lạc",
        "Email: ubnd@anlac.gov.vn",
        "Cơ quan: Tỉnh An Lạc",
        "Thời gian ký: 12.12.2025 09:15:20 +07:00",
    ],
    "signed_by": "Ủy ban nhân dân tỉnh An Lạc",
    "signed_at": "2025-12-12T09:15:20+07:00",
}

DOCS: list[dict] = []

# 1. PDF, multi-page report of a provincial People's Committee -------------
DOCS.append({
    "name": "bc-231-ubnd-anlac-cchc-2025",
    "format": "pdf",
    "exercises": [
        "two-column header (issuer without parent)", "multi-page: running header + page "
        "numbers at the bottom of pages 2+", "legal code broken after its hyphen at a line end",
        "superscript footnote markers + footnotes above a rule", "parts statements (one "
        "inconsistent: 8 + 5 vs 12)", "percentage 90,90 %", "fpdf2 table with Tổng cộng row",
        "signature block KT. CHỦ TỊCH / PHÓ CHỦ TỊCH", "e-signature stamp block",
    ],
    "header": {
        "left": ["ỦY BAN NHÂN DÂN", "TỈNH AN LẠC"],
        "issuer": "ỦY BAN NHÂN DÂN TỈNH AN LẠC", "parent_issuer": None,
        "number": "231/BC-UBND", "place": "An Lạc", "date": (12, 12, 2025),
    },
    "doc_type": "BÁO CÁO",
    "doc_type_name": "Báo cáo",
    "title": ["Kết quả công tác cải cách hành chính năm 2025",
              "và nhiệm vụ trọng tâm năm 2026"],
    "recipients": ["Bộ Nội vụ"],
    "running_header": "UBND tỉnh An Lạc - Báo cáo kết quả CCHC năm 2025",
    "page_number_pos": "bottom",
    "body": [
        "Thực hiện {R:Công văn số 6412/BNV-CCHC ngày 03/11/2025 của Bộ Nội vụ|implements} về "
        "việc hướng dẫn chế độ báo cáo cải cách hành chính (CCHC) định kỳ; căn cứ {R:Nghị quyết "
        "số 76/NQ-CP ngày 15/7/2021 của Chính phủ|basis} ban hành Chương trình tổng thể cải cách "
        "hành chính nhà nước giai đoạn 2021 - 2030, Ủy ban nhân dân (UBND) tỉnh An Lạc báo cáo "
        "kết quả thực hiện như sau:",
        "# I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
        "Ngay từ đầu năm, UBND tỉnh đã ban hành Kế hoạch CCHC năm 2025 với {F:7 nội dung}, "
        "{F:28 mục tiêu} và {F:55 nhiệm vụ} cụ thể, giao trách nhiệm chủ trì, phối hợp cho từng "
        "sở, ban, ngành và UBND các huyện, thị xã. Đến thời điểm báo cáo đã hoàn thành {F:50 "
        "nhiệm vụ}, các nhiệm vụ còn lại đang được triển khai theo tiến độ.",
        "Việc rà soát, sắp xếp tổ chức bộ máy được thực hiện theo {R:Nghị định số "
        "107/2020/NĐ-CP ngày 14/9/2020 của Chính phủ|basis} sửa đổi, bổ sung một số điều của "
        "{R:Nghị định số 24/2014/NĐ-CP|cites} quy định tổ chức các cơ quan chuyên môn thuộc Ủy "
        "ban nhân dân tỉnh, thành phố trực thuộc Trung ương và tinh thần {R:Kết luận số "
        "83-KL/TW|cites} của Bộ Chính trị. Công tác kiểm tra văn bản QPPL{N:1} được duy trì "
        "thường xuyên, không phát sinh văn bản trái pháp luật.",
        "# II. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
        "# 1. Cải cách thủ tục hành chính",
        "Trong năm, UBND tỉnh đã rà soát {F:424 biểu mẫu}, trong đó: giữ nguyên {F:352|352|biểu "
        "mẫu}; sửa đổi {F:72|72|biểu mẫu}. Tổng số hồ sơ tiếp nhận tại Trung tâm Phục vụ hành "
        "chính công là {F:1.000 hồ sơ}, đã giải quyết đúng hạn {F:909 hồ sơ}, đạt {F:90,90 %}; "
        "số hồ sơ còn lại được giải quyết trước ngày {D:15/12/2025}.",
        "# 2. Cải cách tổ chức bộ máy",
        "Toàn tỉnh có {F:12 đơn vị} được đánh giá mức độ hoàn thành nhiệm vụ, trong đó: "
        "{F:8 đơn vị} xếp loại tốt, {F:5 đơn vị} xếp loại khá. Việc quản lý biên chế thực "
        "hiện theo {R:Quyết định số 1149/QĐ-BNV ngày 30/12/2020 của Bộ Nội vụ|basis} và "
        "hướng dẫn của Bộ Nội vụ{N:2}.",
        "# 3. Kết quả chấm điểm theo lĩnh vực",
        {"table": {
            "widths": [15, 95, 55],
            "header": ["STT", "Lĩnh vực", "Số nhiệm vụ"],
            "rows": [["1", "Cải cách thể chế", "14"],
                     ["2", "Cải cách thủ tục hành chính", "18"],
                     ["3", "Cải cách tổ chức bộ máy", "9"],
                     ["4", "Chính quyền điện tử, chính quyền số", "14"]],
            "total_label": "Tổng cộng",
        }},
        "# III. NHIỆM VỤ TRỌNG TÂM NĂM 2026",
        "Tiếp tục triển khai thực hiện nghiêm {R:Nghị định số 106/2020/NĐ-CP ngày 10/9/2020 của Chính "
        "phủ|basis} về vị trí việc làm và số lượng người làm việc trong đơn vị sự nghiệp công "
        "lập; hoàn thành số hóa hồ sơ, kết quả giải quyết thủ tục hành chính trước ngày "
        "{D:30/6/2026}; nâng tỷ lệ hồ sơ trực tuyến toàn trình lên {F:60 %}.",
        "UBND tỉnh An Lạc báo cáo Bộ Nội vụ tổng hợp, theo dõi./.",
    ],
    "footnotes": {
        "1": "Quy phạm pháp luật; kiểm tra theo {R:Nghị định số 34/2016/NĐ-CP ngày "
             "14/5/2016 của Chính phủ|basis}.",
        "2": "{R:Công văn số 2150/BNV-TCBC ngày 20/5/2025 của Bộ Nội vụ|cites} về quản lý "
             "biên chế năm 2025.",
    },
    "statements": [
        {"kind": "parts", "whole": "424 biểu mẫu", "parts": ["giữ nguyên 352", "sửa đổi 72"],
         "consistent": True},
        {"kind": "ratio", "whole": "1.000 hồ sơ", "parts": ["909 hồ sơ"], "percent": "90,90 %",
         "consistent": True},
        {"kind": "parts", "whole": "12 đơn vị", "parts": ["8 đơn vị", "5 đơn vị"],
         "consistent": False},
        {"kind": "progress", "whole": "55 nhiệm vụ", "parts": ["50 nhiệm vụ"],
         "consistent": True},
    ],
    "distribution": ["Bộ Nội vụ;", "Thường trực Tỉnh ủy;", "Thường trực HĐND tỉnh;",
                     "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, NC."],
    "signer": {"authority": "KT.", "on_behalf": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH",
               "name": "Trần Văn Minh"},
    "stamp": STAMP_ANLAC,
})

# 2. PDF, draft tờ trình of a department: blank number, blank day ----------
DOCS.append({
    "name": "ttr-snv-binhson-du-thao",
    "format": "pdf",
    "exercises": [
        "draft: blank number 'Số:      /TTr-SNV' and blank day (date null)",
        "parent + issuer header (UBND TỈNH BÌNH SƠN / SỞ NỘI VỤ)", "Kính gửi",
        "hyphen-broken code", "superscript footnote after QPPL", "page number at top of page 2",
        "signer GIÁM ĐỐC without KT.", "no e-signature (draft)",
    ],
    "header": {
        "left": ["UBND TỈNH BÌNH SƠN", "SỞ NỘI VỤ"],
        "issuer": "SỞ NỘI VỤ", "parent_issuer": "UBND TỈNH BÌNH SƠN",
        "number": "/TTr-SNV", "place": "Bình Sơn", "date": (None, 12, 2025),
    },
    "doc_type": "TỜ TRÌNH",
    "doc_type_name": "Tờ trình",
    "title": ["Về việc đề nghị ban hành Quyết định công bố danh mục",
              "văn bản quy phạm pháp luật hết hiệu lực năm 2025"],
    "recipients": ["Ủy ban nhân dân tỉnh"],
    "running_header": None,
    "page_number_pos": "top",
    "body": [
        "Căn cứ {R:Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15|basis}; căn cứ "
        "{R:Nghị định số 78/2025/NĐ-CP ngày 01/4/2025 của Chính phủ|basis} quy định chi tiết "
        "một số điều và biện pháp để tổ chức, hướng dẫn thi hành Luật Ban hành văn bản quy "
        "phạm pháp luật; thực hiện {R:Kết luận số 83-KL/TW|implements} của Bộ Chính trị,",
        "Sở Nội vụ đã chủ trì, phối hợp với các sở, ngành rà soát hệ thống văn bản QPPL{N:1} "
        "do Hội đồng nhân dân, Ủy ban nhân dân tỉnh ban hành trong lĩnh vực nội vụ. Kết quả: "
        "đã rà soát {F:46 văn bản}, trong đó: còn hiệu lực {F:31|31|văn bản}; hết hiệu lực "
        "toàn bộ {F:12|12|văn bản}; hết hiệu lực một phần {F:3|3|văn bản}.",
        "Các văn bản hết hiệu lực chủ yếu do được thay thế bởi văn bản mới ban hành theo "
        "{R:Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ|cites} về công tác văn "
        "thư và thay thế {R:Thông tư số 01/2011/TT-BNV|cites} đã hết hiệu lực kể từ ngày "
        "{D:05/3/2020}.",
        "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, ban hành Quyết định công bố danh "
        "mục văn bản quy phạm pháp luật hết hiệu lực toàn bộ và một phần năm 2025 (có dự thảo "
        "Quyết định kèm theo)./.",
    ],
    "footnotes": {
        "1": "Văn bản quy phạm pháp luật (QPPL) theo danh mục tại Phụ lục kèm theo.",
    },
    "statements": [
        {"kind": "parts", "whole": "46 văn bản",
         "parts": ["còn hiệu lực 31", "hết hiệu lực toàn bộ 12", "hết hiệu lực một phần 3"],
         "consistent": True},
    ],
    "distribution": ["Như trên;", "Giám đốc Sở;", "Lưu: VT, VP."],
    "signer": {"authority": None, "on_behalf": None, "position": "GIÁM ĐỐC",
               "name": "Lê Thị Thu Hà"},
    "stamp": None,
    "pad_to_two_pages": True,
})

# 3. PDF, công văn of an Office with V/v and several recipients -----------
DOCS.append({
    "name": "cv-1582-vp-hoaphong",
    "format": "pdf",
    "exercises": [
        "công văn: 'V/v …' under the number in the left column", "Kính gửi with a list",
        "signer KT. CHÁNH VĂN PHÒNG", "e-signature stamp", "dates in body",
    ],
    "header": {
        "left": ["UBND TỈNH HÒA PHONG", "VĂN PHÒNG"],
        "issuer": "VĂN PHÒNG", "parent_issuer": "UBND TỈNH HÒA PHONG",
        "number": "1582/VP-KSTT", "place": "Hòa Phong", "date": (5, 11, 2025),
    },
    "doc_type": None,
    "doc_type_name": "Công văn",
    "title": ["V/v triển khai đánh giá mức độ hài lòng", "của người dân năm 2025"],
    "recipients": ["Các sở, ban, ngành tỉnh", "UBND các xã, phường"],
    "running_header": None,
    "page_number_pos": None,
    "body": [
        "Thực hiện {R:Quyết định số 2082/QĐ-UBND ngày 20/10/2025 của Chủ tịch UBND "
        "tỉnh|implements} về việc ban hành Bộ tiêu chí đánh giá mức độ hài lòng của người dân, "
        "tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước, Văn phòng UBND tỉnh đề "
        "nghị các cơ quan, đơn vị, địa phương:",
        "1. Tổ chức khảo sát tối thiểu {F:30 phiếu} đối với mỗi lĩnh vực thủ tục hành chính "
        "có phát sinh hồ sơ; hoàn thành trước ngày {D:25/11/2025}.",
        "2. Tổng hợp kết quả theo mẫu tại {R:Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của "
        "Văn phòng Chính phủ|basis} hướng dẫn thi hành {R:Nghị định số 61/2018/NĐ-CP|cites} về "
        "thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính; gửi "
        "về Văn phòng UBND tỉnh trước {D:ngày 01 tháng 12 năm 2025}.",
        "Đề nghị các cơ quan, đơn vị, địa phương quan tâm, phối hợp thực hiện./.",
    ],
    "footnotes": {},
    "statements": [],
    "distribution": ["Như trên;", "Chủ tịch UBND tỉnh (b/c);", "Lưu: VT, KSTT."],
    "signer": {"authority": "KT.", "on_behalf": "CHÁNH VĂN PHÒNG",
               "position": "PHÓ CHÁNH VĂN PHÒNG", "name": "Nguyễn Quốc Bảo"},
    "stamp": {
        "lines": ["Ký bởi: Văn phòng Ủy ban nhân dân tỉnh Hòa Phong",
                  "Email: vpubnd@hoaphong.gov.vn", "Cơ quan: Tỉnh Hòa Phong",
                  "Thời gian ký: 05.11.2025 16:42:07 +07:00"],
        "signed_by": "Văn phòng Ủy ban nhân dân tỉnh Hòa Phong",
        "signed_at": "2025-11-05T16:42:07+07:00",
    },
})

# 4. PDF, quyết định with Điều, consistent table ---------------------------
DOCS.append({
    "name": "qd-2215-ubnd-anlac-kinh-phi",
    "format": "pdf",
    "exercises": [
        "quyết định: authority line + 'Căn cứ …;' paragraphs + 'QUYẾT ĐỊNH:' + Điều",
        "table with Tổng cộng row that adds up", "figures with thousands separator",
        "signature KT. CHỦ TỊCH + stamp",
    ],
    "header": {
        "left": ["ỦY BAN NHÂN DÂN", "TỈNH AN LẠC"],
        "issuer": "ỦY BAN NHÂN DÂN TỈNH AN LẠC", "parent_issuer": None,
        "number": "2215/QĐ-UBND", "place": "An Lạc", "date": (12, 12, 2025),
    },
    "doc_type": "QUYẾT ĐỊNH",
    "doc_type_name": "Quyết định",
    "title": ["Về việc phân bổ kinh phí thực hiện nhiệm vụ",
              "chuyển đổi số năm 2026"],
    "authority_line": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN LẠC",
    "recipients": [],
    "running_header": None,
    "page_number_pos": "top",
    "body": [
        "Căn cứ {R:Luật Tổ chức chính quyền địa phương số 72/2025/QH15|basis};",
        "Căn cứ {R:Nghị định số 45/2025/NĐ-CP ngày 28/02/2025 của Chính phủ|basis} quy định "
        "tổ chức các cơ quan chuyên môn thuộc Ủy ban nhân dân tỉnh, thành phố trực thuộc "
        "Trung ương;",
        "Theo đề nghị của Giám đốc Sở Tài chính tại {R:Tờ trình số 518/TTr-STC ngày "
        "02/12/2025|cites}.",
        "#C QUYẾT ĐỊNH:",
        "Điều 1. Phân bổ {F:3.150 triệu đồng} cho các cơ quan thực hiện nhiệm vụ chuyển đổi "
        "số năm 2026, chi tiết như sau:",
        {"table": {
            "widths": [15, 100, 50],
            "header": ["STT", "Cơ quan", "Kinh phí (triệu đồng)"],
            "rows": [["1", "Sở Khoa học và Công nghệ", "1.200"],
                     ["2", "Văn phòng UBND tỉnh", "850"],
                     ["3", "Sở Nội vụ", "620"],
                     ["4", "Sở Tư pháp", "480"]],
            "total_label": "Tổng cộng",
        }},
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc Sở Tài chính và thủ trưởng các cơ quan "
        "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
    ],
    "footnotes": {},
    "statements": [
        {"kind": "table_total", "whole": "3.150",
         "parts": ["1.200", "850", "620", "480"], "consistent": True},
    ],
    "distribution": ["Như Điều 3;", "Chủ tịch, các PCT UBND tỉnh;", "Lưu: VT, KGVX."],
    "signer": {"authority": "KT.", "on_behalf": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH",
               "name": "Phạm Thị Lan"},
    "stamp": {**STAMP_ANLAC, "lines": STAMP_ANLAC["lines"][:3]
              + ["Thời gian ký: 12.12.2025 14:03:51 +07:00"],
              "signed_at": "2025-12-12T14:03:51+07:00"},
})

# 5. DOCX, kế hoạch with table + real footnote ------------------------------
DOCS.append({
    "name": "kh-snv-anlac-2026",
    "format": "docx",
    "exercises": [
        "DOCX header as a borderless 2-column table", "real Word footnote (footnotes.xml "
        "injected)", "python-docx table with Tổng cộng row", "PAGE field in header (pages 2+)",
        "signature block in a 2-column table",
    ],
    "header": {
        "left": ["UBND TỈNH AN LẠC", "SỞ NỘI VỤ"],
        "issuer": "SỞ NỘI VỤ", "parent_issuer": "UBND TỈNH AN LẠC",
        "number": "95/KH-SNV", "place": "An Lạc", "date": (8, 12, 2025),
    },
    "doc_type": "KẾ HOẠCH",
    "doc_type_name": "Kế hoạch",
    "title": ["Kiểm tra công tác cải cách hành chính năm 2026"],
    "recipients": [],
    "body": [
        "Thực hiện {R:Quyết định số 1912/QĐ-UBND ngày 25/11/2025 của UBND tỉnh|implements} ban "
        "hành Kế hoạch CCHC năm 2026, Sở Nội vụ xây dựng Kế hoạch kiểm tra công tác CCHC năm "
        "2026 như sau:",
        "# I. MỤC ĐÍCH, YÊU CẦU",
        "Đánh giá việc thực hiện nhiệm vụ CCHC theo {R:Nghị quyết số 76/NQ-CP ngày 15/7/2021 "
        "của Chính phủ|basis}; kịp thời chấn chỉnh những tồn tại, hạn chế trong thực hiện "
        "chỉ số CCHC{N:1}.",
        "# II. ĐỐI TƯỢNG, THỜI GIAN KIỂM TRA",
        "Năm 2026 kiểm tra {F:20 cơ quan, đơn vị}, trong đó: {F:8 sở, ngành} và {F:12 xã, "
        "phường}; thời gian từ ngày {D:01/3/2026} đến ngày {D:30/10/2026}.",
        {"table": {
            "widths": [15, 100, 50],
            "header": ["STT", "Đối tượng", "Số đơn vị"],
            "rows": [["1", "Sở, ban, ngành", "8"], ["2", "Xã, phường", "12"]],
            "total_label": "Tổng cộng",
        }},
        "# III. TỔ CHỨC THỰC HIỆN",
        "Giao Phòng Cải cách hành chính chủ trì, tham mưu thành lập Đoàn kiểm tra; kinh phí "
        "thực hiện từ nguồn ngân sách đã giao năm 2026./.",
    ],
    "footnotes": {
        "1": "Chỉ số CCHC (PAR INDEX) do Bộ Nội vụ công bố theo {R:Quyết định số "
             "876/QĐ-BNV ngày 10/11/2022 của Bộ Nội vụ|cites}.",
    },
    "statements": [
        {"kind": "parts", "whole": "20 cơ quan, đơn vị", "parts": ["8 sở, ngành", "12 xã, phường"],
         "consistent": True},
        {"kind": "table_total", "whole": "20", "parts": ["8", "12"], "consistent": True},
    ],
    "distribution": ["UBND tỉnh (b/c);", "Các cơ quan, đơn vị được kiểm tra;", "Lưu: VT, CCHC."],
    "signer": {"authority": "KT.", "on_behalf": "GIÁM ĐỐC", "position": "PHÓ GIÁM ĐỐC",
               "name": "Đỗ Minh Khang"},
    "stamp": None,
    "page_field": True,
})

# 6. DOCX, báo cáo with an inconsistent sum and a ratio ----------------------
DOCS.append({
    "name": "bc-stp-binhson-tthc",
    "format": "docx",
    "exercises": [
        "DOCX báo cáo with Kính gửi", "inconsistent parts (20 + 17 vs 36)", "ratio with "
        "percentage", "real footnote after a word", "signature GIÁM ĐỐC without KT.",
    ],
    "header": {
        "left": ["UBND TỈNH BÌNH SƠN", "SỞ TƯ PHÁP"],
        "issuer": "SỞ TƯ PHÁP", "parent_issuer": "UBND TỈNH BÌNH SƠN",
        "number": "412/BC-STP", "place": "Bình Sơn", "date": (20, 11, 2025),
    },
    "doc_type": "BÁO CÁO",
    "doc_type_name": "Báo cáo",
    "title": ["Tình hình kiểm soát thủ tục hành chính quý IV năm 2025"],
    "recipients": ["Ủy ban nhân dân tỉnh"],
    "body": [
        "Thực hiện {R:Thông tư số 01/2020/TT-VPCP ngày 21/10/2020 của Văn phòng Chính "
        "phủ|implements} quy định chế độ báo cáo định kỳ, Sở Tư pháp báo cáo như sau:",
        "Trong kỳ, Sở đã tiếp nhận {F:36 hồ sơ}, trong đó: trực tuyến {F:20|20|hồ sơ}; trực "
        "tiếp {F:17|17|hồ sơ}. Đã giải quyết {F:19 hồ sơ} trên tổng số {F:20 hồ sơ} trực "
        "tuyến, đạt {F:95 %}.",
        "Việc công bố thủ tục hành chính thực hiện theo {R:Nghị định số 63/2010/NĐ-CP ngày "
        "08/6/2010 của Chính phủ|basis}, được sửa đổi bởi {R:Nghị định số "
        "92/2017/NĐ-CP|cites}; đã công bố {F:5 thủ tục} mới ban hành{N:1}.",
        "Sở Tư pháp báo cáo Ủy ban nhân dân tỉnh./.",
    ],
    "footnotes": {
        "1": "Tại {R:Quyết định số 1760/QĐ-UBND ngày 10/10/2025 của Chủ tịch UBND tỉnh|cites}.",
    },
    "statements": [
        {"kind": "parts", "whole": "36 hồ sơ", "parts": ["trực tuyến 20", "trực tiếp 17"],
         "consistent": False},
        {"kind": "ratio", "whole": "20 hồ sơ", "parts": ["19 hồ sơ"], "percent": "95 %",
         "consistent": True},
    ],
    "distribution": ["Như trên;", "Cục Kiểm soát TTHC (b/c);", "Lưu: VT."],
    "signer": {"authority": None, "on_behalf": None, "position": "GIÁM ĐỐC",
               "name": "Vũ Hoàng Nam"},
    "stamp": None,
})

# 7. DOCX, tờ trình of a provincial committee to the People's Council -------
DOCS.append({
    "name": "ttr-ubnd-hoaphong-bien-che",
    "format": "docx",
    "exercises": [
        "DOCX tờ trình, TM. + KT. signer", "Kính gửi", "Party document reference "
        "(Kết luận số 83-KL/TW)", "parts statement that adds up",
    ],
    "header": {
        "left": ["ỦY BAN NHÂN DÂN", "TỈNH HÒA PHONG"],
        "issuer": "ỦY BAN NHÂN DÂN TỈNH HÒA PHONG", "parent_issuer": None,
        "number": "307/TTr-UBND", "place": "Hòa Phong", "date": (1, 12, 2025),
    },
    "doc_type": "TỜ TRÌNH",
    "doc_type_name": "Tờ trình",
    "title": ["Về việc giao biên chế công chức năm 2026"],
    "recipients": ["Hội đồng nhân dân tỉnh Hòa Phong"],
    "body": [
        "Căn cứ {R:Nghị định số 62/2020/NĐ-CP ngày 01/6/2020 của Chính phủ|basis} về vị trí "
        "việc làm và biên chế công chức; thực hiện {R:Kết luận số 83-KL/TW|implements} của "
        "Bộ Chính trị và {R:Quyết định số 1149/QĐ-BNV ngày 30/12/2020 của Bộ Nội vụ|cites},",
        "UBND tỉnh trình HĐND tỉnh giao {F:1.845 biên chế} công chức năm 2026, trong đó: cơ "
        "quan chuyên môn thuộc UBND tỉnh {F:1.120|1120|biên chế}; UBND cấp xã {F:725|725|biên "
        "chế}.",
        "Ủy ban nhân dân tỉnh kính trình Hội đồng nhân dân tỉnh xem xét, quyết định./.",
    ],
    "footnotes": {},
    "statements": [
        {"kind": "parts", "whole": "1.845 biên chế",
         "parts": ["cơ quan chuyên môn thuộc UBND tỉnh 1.120", "UBND cấp xã 725"],
         "consistent": True},
    ],
    "distribution": ["Như trên;", "Bộ Nội vụ;", "Lưu: VT, NC."],
    "signer": {"authority": "KT.", "for_body": "ỦY BAN NHÂN DÂN", "on_behalf": "CHỦ TỊCH",
               "position": "PHÓ CHỦ TỊCH", "name": "Hoàng Văn Sơn"},
    "signer_lines": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    "stamp": None,
})

# 8. TXT, as extracted from a signed PDF -------------------------------------
DOCS.append({
    "name": "bc-188-ubnd-hoaphong-extracted",
    "format": "txt",
    "exercises": [
        "plain text as extracted from a PDF: wrapped lines with trailing spaces, blank lines "
        "inside paragraphs", "URL lines at a page bottom", "bare page number line",
        "e-signature stamp lines ending 'đã ký lên văn bản này!'", "hyphen-broken code",
    ],
    "header": {
        "left": ["ỦY BAN NHÂN DÂN", "TỈNH HÒA PHONG"],
        "issuer": "ỦY BAN NHÂN DÂN TỈNH HÒA PHONG", "parent_issuer": None,
        "number": "188/BC-UBND", "place": "Hòa Phong", "date": (18, 9, 2025),
    },
    "doc_type": "BÁO CÁO",
    "doc_type_name": "Báo cáo",
    "title": ["Kết quả thực hiện Đề án 06 chín tháng đầu năm 2025"],
    "recipients": [],
    "body": [
        "Thực hiện {R:Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính "
        "phủ|implements} phê duyệt Đề án phát triển ứng dụng dữ liệu về dân cư, định danh và "
        "xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn 2022 - 2025, tầm nhìn đến "
        "năm 2030 (Đề án 06), UBND tỉnh Hòa Phong báo cáo kết quả như sau:",
        "# 1. Về cung cấp dịch vụ công trực tuyến",
        "Toàn tỉnh đã cung cấp {F:1.256 dịch vụ công trực tuyến}, trong đó: toàn trình "
        "{F:742|742|dịch vụ công trực tuyến}; một phần {F:514|514|dịch vụ công trực tuyến}. "
        "Tỷ lệ hồ sơ nộp trực tuyến đạt {F:68,5 %}, tăng so với cùng kỳ năm trước.",
        "# 2. Về làm sạch dữ liệu",
        "Thực hiện nhiệm vụ đã được giao theo quy định tại {R:Nghị định số 69/2024/NĐ-CP ngày "
        "25/6/2024 của Chính phủ|basis} quy định "
        "về định danh và xác thực điện tử, các xã, phường đã rà soát, làm sạch {F:48.320 hồ sơ} "
        "hộ tịch; kết quả được đăng tải trên cổng thông tin của tỉnh.",
        "UBND tỉnh Hòa Phong báo cáo Ban Chỉ đạo Đề án 06 của Chính phủ theo dõi, tổng "
        "hợp./.",
    ],
    "footnotes": {},
    "statements": [
        {"kind": "parts", "whole": "1.256 dịch vụ công trực tuyến",
         "parts": ["toàn trình 742", "một phần 514"], "consistent": True},
    ],
    "distribution": ["Ban Chỉ đạo Đề án 06 của Chính phủ;", "Thường trực Tỉnh ủy;",
                     "Lưu: VT, KSTT."],
    "signer": {"authority": "KT.", "on_behalf": "CHỦ TỊCH", "position": "PHÓ CHỦ TỊCH",
               "name": "Đinh Công Tuấn"},
    "stamp": {
        "lines": ["\t\tBAN CƠ YẾU CHÍNH PHỦ - ĐT: 0243.0000000; Email: ca@example.gov.vn",
                  "\t2025-09-18T10:05:31+0700",
                  "\tPHIÊN BẢN THỬ NGHIỆM",
                  "\tỦY BAN NHÂN DÂN TỈNH HÒA PHONG<hoaphong@example.gov.vn> đã ký lên văn bản "
                  "này!"],
        "signed_by": "ỦY BAN NHÂN DÂN TỈNH HÒA PHONG",
        "signed_at": "2025-09-18T10:05:31+07:00",
    },
    "urls": ["http://truyenhinh.hoaphong.example.vn/media.html?view=10426"],
})


# --------------------------------------------------------------------------
# helpers shared by the writers
# --------------------------------------------------------------------------
def date_line(doc) -> str:
    d, m, y = doc["header"]["date"]
    day = f"{d:02d}" if d else "     "
    return f"{doc['header']['place']}, ngày {day} tháng {m} năm {y}"


def number_line(doc) -> str:
    num = doc["header"]["number"]
    return f"Số:      {num}" if num.startswith("/") else f"Số: {num}"


def signer_lines(doc) -> list[str]:
    if "signer_lines" in doc:
        return doc["signer_lines"]
    s = doc["signer"]
    out = []
    if s["authority"]:
        out.append(f"{s['authority']} {s['on_behalf']}")
    out.append(s["position"])
    return out


def table_rows(tbl) -> list[list[str]]:
    """Header, rows, and the Tổng cộng row (sum of the last column)."""
    total = sum(parse_number(r[-1])[0] for r in tbl["rows"])
    total_s = f"{total:,}".replace(",", ".")
    pad = [""] * (len(tbl["header"]) - 3)
    return [tbl["header"], *tbl["rows"], ["", tbl["total_label"], *pad, total_s]]


def rendered_body(doc):
    """[(kind, payload)] with kind in para|heading|table, payload rendered."""
    out = []
    for item in doc["body"]:
        if isinstance(item, dict):
            out.append(("table", table_rows(item["table"]), item["table"]))
        elif item.startswith("# "):
            out.append(("heading", render(item[2:]), None))
        elif item.startswith("#C "):
            out.append(("heading", render(item[3:]), "center"))
        else:
            out.append(("para", render(item), None))
    return out


# --------------------------------------------------------------------------
# PDF writer
# --------------------------------------------------------------------------
class PdfWriter:
    L, R, TOP, BOTTOM = 30.0, 195.0, 20.0, 277.0
    BODY, LH = 13, 6.6
    FN_SIZE, FN_LH = 10, 4.6

    def __init__(self, doc):
        from fpdf import FPDF

        self.doc = doc
        pdf = FPDF(format="A4", unit="mm")
        pdf.set_creation_date(FIXED_DT)
        pdf.set_compression(True)
        pdf.set_auto_page_break(False)
        pdf.set_margins(self.L, self.TOP, 210 - self.R)
        pdf.add_font("S", "", FONT_REG)
        pdf.add_font("S", "B", FONT_BOLD)
        pdf.set_title(doc["doc_type_name"] + " " + doc["header"]["number"])
        pdf.set_author("baocao synthetic corpus")
        pdf.set_creator("baocao scripts/make_corpus.py")
        pdf.set_producer("fpdf2")
        self.pdf = pdf
        self.page_fns: list[tuple[str, str]] = []
        self.fn_reserve = 0.0
        self.removed_pages: list[str] = []
        self.running: list[str] = []
        self.hyphen_breaks: list[str] = []
        self.new_page()

    # -- pages ------------------------------------------------------------
    def new_page(self):
        pdf = self.pdf
        if pdf.page:
            self.flush_footnotes()
        pdf.add_page()
        self.y = self.TOP
        self.fn_reserve = 0.0
        n = pdf.page
        if n >= 2:
            if self.doc.get("running_header"):
                pdf.set_font("S", "", 9)
                pdf.set_xy(self.L, 10)
                pdf.cell(self.R - self.L, 4, self.doc["running_header"], align="R")
                pdf.line(self.L, 15, self.R, 15)
                self.running.append(self.doc["running_header"])
            pos = self.doc.get("page_number_pos")
            if pos:
                pdf.set_font("S", "", 12)
                pdf.set_xy(self.L, 284 if pos == "bottom" else 10)
                pdf.cell(self.R - self.L, 5, str(n), align="C")
                self.removed_pages.append(str(n))
            if pos == "top" or self.doc.get("running_header"):
                self.y = self.TOP + 2

    def fn_height(self, fid):
        text = self.fn_text(fid)
        lines, _ = self.wrap_fn(text)
        return len(lines) * self.FN_LH

    def fn_text(self, fid):
        return render(self.doc["footnotes"][fid], "footnote")[0]

    def wrap_fn(self, text):
        pdf = self.pdf

        def measure(w):
            pdf.set_font("S", "", self.FN_SIZE)
            return pdf.get_string_width(w["text"])
        return wrap(words_with_markers(text, {}), self.R - self.L, measure, first_indent=4)

    def flush_footnotes(self):
        if not self.page_fns:
            return
        pdf = self.pdf
        y = self.BOTTOM - self.fn_reserve
        pdf.line(self.L, y, self.L + 50, y)
        y += 1.2
        for fid in self.page_fns:
            lines, _ = self.wrap_fn(self.fn_text(fid))
            pdf.set_font("S", "", 7)
            pdf.text(self.L, y + 2.6, fid)
            for i, line in enumerate(lines):
                pdf.set_font("S", "", self.FN_SIZE)
                pdf.text(self.L + (4 if i == 0 else 0), y + 3.6,
                         " ".join(w["text"] for w in line))
                y += self.FN_LH
        self.page_fns = []

    # -- text -------------------------------------------------------------
    def centered(self, text, size, bold=False, x0=None, x1=None, lh=None):
        pdf = self.pdf
        x0 = self.L if x0 is None else x0
        x1 = self.R if x1 is None else x1
        pdf.set_font("S", "B" if bold else "", size)
        w = pdf.get_string_width(text)
        pdf.text((x0 + x1 - w) / 2, self.y + size * 0.3528, text)
        self.y += lh or size * 0.3528 * 1.45
        return (x0 + x1 - w) / 2, w

    def measure_word(self, w, bold=False):
        pdf = self.pdf
        pdf.set_font("S", "B" if bold else "", self.BODY)
        width = pdf.get_string_width(w["text"])
        if w.get("fn"):
            pdf.set_font("S", "", 8)
            width += pdf.get_string_width(w["fn"]) + 0.2
        return width

    def paragraph(self, plain, markers, bold=False, indent=12.7, align="J"):
        pdf = self.pdf
        words = words_with_markers(plain, markers)
        lines, breaks = wrap(words, self.R - self.L, lambda w: self.measure_word(w, bold), indent)
        self.hyphen_breaks += breaks
        for i, line in enumerate(lines):
            fids = [w["fn"] for w in line if w.get("fn")]
            need = sum(self.fn_height(f) for f in fids) + (3 if fids and not self.page_fns else 0)
            if self.y + self.LH > self.BOTTOM - self.fn_reserve - need - 1:
                self.new_page()
                need = sum(self.fn_height(f) for f in fids) + (3 if fids else 0)
            self.fn_reserve += need
            self.page_fns += fids
            x0 = self.L + (indent if i == 0 else 0)
            widths = [self.measure_word(w, bold) for w in line]
            last = i == len(lines) - 1
            space = self.measure_word({"text": " "}, bold)
            gap = space
            if align == "J" and not last and len(line) > 1:
                gap = (self.R - x0 - sum(widths)) / (len(line) - 1)
            base = self.y + self.BODY * 0.3528
            x = x0
            for w, ww in zip(line, widths):
                pdf.set_font("S", "B" if bold else "", self.BODY)
                if w.get("fn"):
                    at = w.get("fn_at", len(w["text"]))
                    head, tail = w["text"][:at], w["text"][at:]
                    pdf.text(x, base, head)
                    tw = pdf.get_string_width(head)
                    pdf.set_font("S", "", 8)
                    pdf.text(x + tw + 0.2, base - 2.2, w["fn"])
                    mw = pdf.get_string_width(w["fn"]) + 0.2
                    if tail:
                        pdf.set_font("S", "B" if bold else "", self.BODY)
                        pdf.text(x + tw + mw + 0.1, base, tail)
                else:
                    pdf.text(x, base, w["text"])
                x += ww + gap
            self.y += self.LH
        self.y += 1.2

    def table(self, rows, spec):
        pdf = self.pdf
        pdf.set_font("S", "", 11)
        est = 0.0
        for r in rows:
            est += max(len(pdf.multi_cell(w - 2, 5, c, dry_run=True, output="LINES"))
                       for w, c in zip(spec["widths"], r)) * 5.4 + 2
        if self.y + est > self.BOTTOM - self.fn_reserve:
            self.new_page()
        pdf.set_xy(self.L, self.y)
        from fpdf.fonts import FontFace
        with pdf.table(col_widths=spec["widths"], width=self.R - self.L, line_height=5.4,
                       text_align=("CENTER", "LEFT", "RIGHT"), align="LEFT",
                       headings_style=FontFace(emphasis="BOLD")) as t:
            for k, r in enumerate(rows):
                row = t.row()
                for c in r:
                    if k == len(rows) - 1:
                        row.cell(c, style=FontFace(emphasis="BOLD"))
                    else:
                        row.cell(c)
        self.y = pdf.get_y() + 3

    # -- whole document ---------------------------------------------------
    def build(self) -> bytes:
        doc, pdf = self.doc, self.pdf
        h = doc["header"]
        mid = 85.0
        top = self.y
        # left column
        self.y = top
        self.centered(h["left"][0], 12.5, bold=h["parent_issuer"] is None, x0=18, x1=mid)
        x, w = self.centered(h["left"][1], 12.5, bold=True, x0=18, x1=mid)
        pdf.line(x + w * 0.3, self.y - 0.2, x + w * 0.7, self.y - 0.2)
        self.y += 2
        self.centered(number_line(doc), 13, x0=18, x1=mid)
        if doc["doc_type"] is None:  # công văn: V/v under the number
            for t in doc["title"]:
                self.centered(t, 11, x0=18, x1=mid, lh=5)
        left_end = self.y
        # right column
        self.y = top
        self.centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, x0=mid, x1=self.R + 5)
        x, w = self.centered("Độc lập - Tự do - Hạnh phúc", 13, bold=True, x0=mid, x1=self.R + 5)
        pdf.line(x, self.y - 0.2, x + w, self.y - 0.2)
        self.y += 2
        self.centered(date_line(doc), 13, x0=mid, x1=self.R + 5)
        self.y = max(self.y, left_end) + 6
        if doc["doc_type"]:
            self.centered(doc["doc_type"], 14, bold=True)
            for t in doc["title"]:
                self.centered(t, 14, bold=True)
            pdf.line(92, self.y + 1.6, 133, self.y + 1.6)
            self.y += 5
        if doc.get("authority_line"):
            self.centered(doc["authority_line"], 14, bold=True)
            self.y += 3
        if doc["recipients"]:
            pdf.set_font("S", "", 14)
            if len(doc["recipients"]) == 1:
                self.centered("Kính gửi: " + doc["recipients"][0], 14)
            else:
                kw = pdf.get_string_width("Kính gửi: ")
                x0 = 70
                pdf.text(x0, self.y + 5, "Kính gửi:")
                for r in doc["recipients"]:
                    pdf.text(x0 + kw, self.y + 5, f"- {r};")
                    self.y += 7
            self.y += 4
        for kind, payload, spec in rendered_body(doc):
            if kind == "table":
                self.table(payload, spec)
            elif kind == "heading" and spec == "center":
                self.y += 1
                self.centered(payload[0], self.BODY, bold=True)
                self.y += 1
            elif kind == "heading":
                self.paragraph(payload[0], payload[1], bold=True, indent=12.7)
            else:
                self.paragraph(payload[0], payload[1])
        if doc.get("pad_to_two_pages") and pdf.page == 1:
            self.y = self.BOTTOM  # push signature block to page 2
        self.signature()
        self.flush_footnotes()
        return bytes(pdf.output())

    def signature(self):
        pdf, doc = self.pdf, self.doc
        dist = doc["distribution"]
        sig = signer_lines(doc)
        need = max(6 + 5 * len(dist), 7 * len(sig) + 40)
        if self.y + need > self.BOTTOM - self.fn_reserve:
            self.new_page()
        top = self.y + 2
        pdf.set_font("S", "B", 12)
        pdf.text(self.L, top + 4, "Nơi nhận:")
        yy = top + 4
        pdf.set_font("S", "", 11)
        for d in dist:
            yy += 5
            pdf.text(self.L, yy, "- " + d)
        self.y = top
        for s in sig:
            self.centered(s, 13, bold=True, x0=110, x1=self.R)
        if doc.get("stamp"):
            pdf.set_font("S", "", 7)
            lines = doc["stamp"]["lines"]
            sy = self.y + 3
            pdf.set_draw_color(200, 0, 0)
            pdf.rect(117, sy, 72, 3.4 * len(lines) + 2)
            pdf.set_draw_color(0, 0, 0)
            for i, ln in enumerate(lines):
                pdf.text(119, sy + 3.4 * (i + 1), ln)
        self.y += 26
        self.centered(doc["signer"]["name"], 13, bold=True, x0=110, x1=self.R)
        self.y = max(self.y, yy + 4)


# --------------------------------------------------------------------------
# DOCX writer
# --------------------------------------------------------------------------
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"


def xml_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def build_docx(doc) -> bytes:
    import docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.left_margin, sec.right_margin = Mm(30), Mm(15)
    sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
    st = d.styles["Normal"]
    st.font.name = "Times New Roman"
    st.font.size = Pt(14)
    cp = d.core_properties
    cp.author = "baocao synthetic corpus"
    cp.last_modified_by = "baocao synthetic corpus"
    cp.title = doc["doc_type_name"] + " " + doc["header"]["number"]
    cp.created = cp.modified = cp.last_printed = FIXED_DT.replace(tzinfo=None)
    cp.revision = 1
    cp.comments = ""

    def para(container, text="", bold=False, align=None, size=None, indent=False):
        p = container.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Mm(12.7)
        if text:
            r = p.add_run(text)
            r.bold = bold
            if size:
                r.font.size = Pt(size)
        return p

    C, J = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    h = doc["header"]
    ht = d.add_table(rows=1, cols=2)
    ht.alignment = WD_TABLE_ALIGNMENT.CENTER
    lc, rc = ht.rows[0].cells
    lc.width, rc.width = Mm(70), Mm(100)
    lc.paragraphs[0].alignment = C
    r = lc.paragraphs[0].add_run(h["left"][0])
    r.bold = h["parent_issuer"] is None
    r.font.size = Pt(13)
    para(lc, h["left"][1], bold=True, align=C, size=13)
    para(lc, number_line(doc), align=C, size=13)
    rc.paragraphs[0].alignment = C
    r = rc.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    r.bold = True
    r.font.size = Pt(12)
    para(rc, "Độc lập - Tự do - Hạnh phúc", bold=True, align=C, size=13)
    p = para(rc, align=C)
    r = p.add_run(date_line(doc))
    r.italic = True
    para(d)
    para(d, doc["doc_type"], bold=True, align=C)
    for t in doc["title"]:
        para(d, t, bold=True, align=C)
    if doc["recipients"]:
        para(d, "Kính gửi: " + "; ".join(doc["recipients"]) + ".", align=C)
    fn_ids = []
    for kind, payload, spec in rendered_body(doc):
        if kind == "table":
            t = d.add_table(rows=0, cols=len(spec["widths"]))
            t.style = "Table Grid"
            for k, row in enumerate(payload):
                cells = t.add_row().cells
                for c, text, w in zip(cells, row, spec["widths"]):
                    c.width = Mm(w)
                    rr = c.paragraphs[0].add_run(text)
                    rr.bold = k in (0, len(payload) - 1)
            continue
        plain, markers = payload[0], payload[1]
        p = para(d, bold=False, align=J, indent=kind == "para")
        cuts = sorted((off, fid) for fid, off in markers.items())
        pos = 0
        for off, fid in cuts + [(len(plain), None)]:
            rr = p.add_run(plain[pos:off])
            rr.bold = kind == "heading"
            pos = off
            if fid is not None:
                ref = OxmlElement("w:r")
                rpr = OxmlElement("w:rPr")
                va = OxmlElement("w:vertAlign")
                va.set(qn("w:val"), "superscript")
                rpr.append(va)
                ref.append(rpr)
                fr = OxmlElement("w:footnoteReference")
                fr.set(qn("w:id"), fid)
                ref.append(fr)
                p._p.append(ref)
                fn_ids.append(fid)
    # signature block
    para(d)
    sig = d.add_table(rows=1, cols=2)
    lc, rc = sig.rows[0].cells
    r = lc.paragraphs[0].add_run("Nơi nhận:")
    r.bold, r.italic = True, True
    r.font.size = Pt(12)
    for x in doc["distribution"]:
        para(lc, "- " + x, size=11)
    rc.paragraphs[0].alignment = C
    sl = signer_lines(doc)
    r = rc.paragraphs[0].add_run(sl[0])
    r.bold = True
    for s in sl[1:]:
        para(rc, s, bold=True, align=C)
    for _ in range(3):
        para(rc)
    para(rc, doc["signer"]["name"], bold=True, align=C)
    if doc.get("page_field"):
        sec.different_first_page_header_footer = True
        hp = sec.header.paragraphs[0]
        hp.alignment = C
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        fr = OxmlElement("w:r")
        ft = OxmlElement("w:t")
        ft.text = "2"
        fr.append(ft)
        fld.append(fr)
        hp._p.append(fld)
    buf = io.BytesIO()
    d.save(buf)
    return normalise_zip(buf.getvalue(), doc, fn_ids)


def footnotes_xml(doc, fn_ids) -> bytes:
    parts = [
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        '<w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for fid in fn_ids:
        text = render(doc["footnotes"][fid], "footnote")[0]
        parts.append(
            f'<w:footnote w:id="{fid}"><w:p><w:pPr><w:jc w:val="both"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/><w:sz w:val="20"/></w:rPr>'
            '<w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve"> {xml_escape(text)}'
            '</w:t></w:r></w:p></w:footnote>')
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def normalise_zip(data: bytes, doc, fn_ids) -> bytes:
    """Rewrite the package with fixed timestamps; inject footnotes.xml if needed."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    files = {n: zin.read(n) for n in zin.namelist()}
    order = zin.namelist()
    if fn_ids:
        files["word/footnotes.xml"] = footnotes_xml(doc, fn_ids)
        order.append("word/footnotes.xml")
        rels = files["word/_rels/document.xml.rels"].decode("utf-8")
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdFootnotes1" Type="{FOOTNOTES_REL}" Target="footnotes.xml"/>'
            "</Relationships>")
        files["word/_rels/document.xml.rels"] = rels.encode("utf-8")
        ct = files["[Content_Types].xml"].decode("utf-8")
        ct = ct.replace("</Types>", f'<Override PartName="/word/footnotes.xml" '
                        f'ContentType="{FOOTNOTES_CT}"/></Types>')
        files["[Content_Types].xml"] = ct.encode("utf-8")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for n in order:
            zi = zipfile.ZipInfo(n, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            zout.writestr(zi, files[n], compresslevel=9)
    return out.getvalue()


# --------------------------------------------------------------------------
# TXT writer (text as a PDF extractor would give it)
# --------------------------------------------------------------------------
def build_txt(doc) -> tuple[bytes, list[str]]:
    h = doc["header"]
    out = [" " + h["left"][0] + "\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
           " " + h["left"][1] + "\t\tĐộc lập - Tự do - Hạnh phúc",
           f"{number_line(doc)}\t\t{date_line(doc)}", "", " " + doc["doc_type"],
           *doc["title"], ""]
    breaks_all = []
    measure = lambda w: len(w["text"])  # noqa: E731
    paras = rendered_body(doc)
    for n, (kind, payload, _) in enumerate(paras):
        plain = payload[0]
        if kind == "heading":
            out.append(plain)
            continue
        lines, breaks = wrap(words_with_markers(plain, {}), 78, measure, first_indent=4)
        breaks_all += breaks
        texts = [" ".join(w["text"] for w in ln) + ("" if ln[-1].get("hyphen_break") else " ")
                 for ln in lines]
        texts = [t.replace("- ", "-") if t.endswith("- ") else t for t in texts]
        texts[-1] = texts[-1].rstrip()
        if len(texts) > 1 and n % 2 == 0:  # extractor artefact: blank line after line 1
            texts.insert(1, "")
        out += texts
        out.append("")
        if n == 4:  # page bottom: URL lines (twice, as the seed shows) then page number
            out += doc["urls"] + doc["urls"] + ["2"]
    out += ["Nơi nhận:"] + ["- " + x for x in doc["distribution"]]
    out += [""] + ["  " + s for s in signer_lines(doc)] + ["", doc["signer"]["name"], "", ""]
    out += doc["stamp"]["lines"] + ["", ""]
    return ("\n".join(out) + "\n").encode("utf-8"), breaks_all


# --------------------------------------------------------------------------
# gold
# --------------------------------------------------------------------------
def gold_for(doc, data: bytes, layout: dict) -> dict:
    h = doc["header"]
    d, m, y = h["date"]
    body_pars, refs, figs, dates, fns = [], [], [], [], []
    tables = []
    for kind, payload, _ in rendered_body(doc):
        if kind == "table":
            tables.append(payload)
            continue
        plain, markers, ann = payload
        body_pars.append(plain)
        for lst, key in ((refs, "references"), (figs, "figures"), (dates, "dates")):
            for a in ann[key]:
                a["paragraph"] = len(body_pars) - 1
                assert plain[a["offset"]:a["offset"] + len(a["text"])] == a["text"]
                lst.append(a)
        for fid, off in markers.items():
            ftext, fmarks, fann = render(doc["footnotes"][fid], "footnote")
            fns.append({"id": fid, "text": ftext, "after_word": after_word(plain, off),
                        "paragraph": len(body_pars) - 1, "anchor": off})
            for a in fann["references"]:
                a["footnote"] = fid
                refs.append(a)
    body_all = "\n".join(body_pars)
    for s in doc["statements"]:
        for piece in [s["whole"], *s["parts"], *([s["percent"]] if "percent" in s else [])]:
            hay = body_all if s["kind"] != "table_total" else json.dumps(tables, ensure_ascii=False)
            assert piece in hay, (doc["name"], piece)
    stamp = doc.get("stamp")
    removed = {
        "page_numbers": layout.get("page_numbers", []),
        "running_headers": layout.get("running_headers", []),
        "stamps": ["\n".join(ln.strip("\t") for ln in stamp["lines"])] if stamp
        and doc["format"] != "docx" else [],
        "urls": layout.get("urls", []),
    }
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "format": doc["format"],
        "exercises": doc["exercises"],
        "document": {
            "doc_type": doc["doc_type_name"],
            "number": h["number"],
            "issuer": h["issuer"],
            "parent_issuer": h["parent_issuer"],
            "place": h["place"],
            "date": dt.date(y, m, d).isoformat() if d else None,
            "title": " ".join(doc["title"]),
            "signer": doc["signer"],
            "recipients": doc["recipients"],
            "distribution": doc["distribution"],
            "signed_by": [stamp["signed_by"]] if stamp else [],
            "signed_at": [stamp["signed_at"]] if stamp else [],
        },
        "body_paragraphs": body_pars,
        "footnotes": fns,
        "references": refs,
        "figures": figs,
        "dates": dates,
        "statements": doc["statements"],
        "tables": tables,
        "removed": removed,
        "layout": {k: v for k, v in layout.items()
                   if k not in ("page_numbers", "running_headers", "urls")},
    }


def build(doc) -> tuple[bytes, dict]:
    if doc["format"] == "pdf":
        w = PdfWriter(doc)
        data = w.build()
        layout = {"pages": w.pdf.pages_count, "page_numbers": w.removed_pages,
                  "running_headers": w.running, "hyphen_breaks": w.hyphen_breaks}
    elif doc["format"] == "docx":
        data = build_docx(doc)
        layout = {}
    else:
        data, breaks = build_txt(doc)
        layout = {"page_numbers": ["2"], "urls": doc["urls"] * 2, "hyphen_breaks": breaks}
    return data, layout


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out_dir = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "corpus"
    out_dir.mkdir(parents=True, exist_ok=True)
    for doc in DOCS:
        data, layout = build(doc)
        ext = {"pdf": ".pdf", "docx": ".docx", "txt": ".txt"}[doc["format"]]
        (out_dir / (doc["name"] + ext)).write_bytes(data)
        gold = gold_for(doc, data, layout)
        (out_dir / (doc["name"] + ".gold.json")).write_text(
            json.dumps(gold, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"{doc['name']}{ext}: {len(data)} bytes", layout.get("pages", ""),
              "hyphen breaks:", layout.get("hyphen_breaks", "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

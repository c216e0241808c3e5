"""Write corpus/headers/: small documents of our own whose header and signature blocks
take the shapes the conventions allow but the tuning corpus lacks, each with its gold
(type, number, date, issuer, signer) in ``<name>.gold.json``.

    .venv/bin/python scripts/make_header_corpus.py            # writes into corpus/headers/
    .venv/bin/python scripts/make_header_corpus.py /tmp/out   # anywhere else

Shapes from Nghị định 30/2020/NĐ-CP, Phụ lục I (issuer block of one to four lines, under
its parent or not, with or without commas; "Số: …/…"; place and date; type and title, or
"V/v" for a công văn; signer block with or without TM./KT./TL./TUQ./Q.; "Nơi nhận:"), from
the Party's own layout (Hướng dẫn 36-HD/VPTW: "Số 12-BC/HU" without a colon, "*" under
the issuer, "T/M"), and from statistical reporting forms ("Biểu số 02-TQ", "Đơn vị báo
cáo: …", the "Người lập biểu / Kế toán trưởng / Thủ trưởng đơn vị" row), written as text
a PDF extractor gives (columns joined by tabs, or one column after the other), as DOCX
(header in a table or in paragraphs), as XLSX (one cell per line, merged title rows), and
as the Word 97 (.doc) and Excel 97 (.xls) files older offices still send.  All names,
bodies, numbers and dates are invented (provinces Vân Lâm, Nam Sơn Nguyên; district Hạ Lộc;
…).

The output is byte-identical on every run (fixed zip timestamps and document properties).
A .doc is the DOCX converted by LibreOffice (``soffice``), an .xls is written by ``xlwt``
(``pip install xlwt``); both only when the document's source changed since the committed
file was written (``source_sha256`` in its gold), so writing the set again, as the tests
do, needs neither.
``baocao eval --kinds headers`` scores this set as the ``own`` split.
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import io
import json
import re
import sys
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus" / "headers"
ZIP_DT = (2026, 1, 1, 0, 0, 0)
FIXED = _dt.datetime(2026, 1, 1, 0, 0, 0)

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
BODY = [
    "Thực hiện chỉ đạo của cấp trên, đơn vị đã triển khai các nhiệm vụ được giao trong kỳ.",
    "Tổng số hồ sơ tiếp nhận là 128 hồ sơ, trong đó giải quyết đúng hạn 120 hồ sơ, đạt 93,75 %.",
    "Kinh phí thực hiện là 1.250 triệu đồng, đã giải ngân 980 triệu đồng.",
    "Đơn vị tiếp tục theo dõi, đôn đốc và báo cáo kết quả theo quy định.",
]
RECIPIENTS = ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
SHEET = "<sheet>"  # an XLSX row (SHEET, name) starts a new sheet

# Each document: name, format, its lines (a tuple is a row of cells: two header columns
# in text and DOCX, the cells of one row in XLSX; None leaves a cell empty), gold, shape.
DOCS: list[dict[str, Any]] = [
    {"name": "bc-45-snnmt-vanlam", "format": "txt", "shape": "two columns joined by tabs; parent and body",
     "lines": [("ỦY BAN NHÂN DÂN TỈNH VÂN LÂM", MOTTO[0]), ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", MOTTO[1]),
               ("Số: 45/BC-SNNMT", "Vân Lâm, ngày 14 tháng 3 năm 2026"), "", "BÁO CÁO",
               "Kết quả sản xuất vụ Đông Xuân năm 2026", "", *BODY, "", ("Nơi nhận:", "KT. GIÁM ĐỐC"),
               ("- Như trên;", "PHÓ GIÁM ĐỐC"), "- Lưu: VT, KH.", "", "Lê Thị Hồng Nhung"],
     "gold": {"type": "Báo cáo", "number": "45/BC-SNNMT", "date": "2026-03-14",
              "issuer": "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "signer": "Lê Thị Hồng Nhung"}},
    {"name": "cv-212-bqlda-haloc", "format": "txt",
     "shape": "issuer on three lines without comma under its parent; công văn with a V/v of two lines; head signs in own name",
     "lines": [("UBND HUYỆN HẠ LỘC", MOTTO[0]), ("BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ", MOTTO[1]),
               "XÂY DỰNG KHU VỰC", ("Số: 212/BQLDA-KH", "Hạ Lộc, ngày 09 tháng 10 năm 2025"),
               "V/v đề nghị bố trí vốn thực hiện", "dự án đường liên xã năm 2026", "",
               "Kính gửi: Ủy ban nhân dân huyện Hạ Lộc.", "", *BODY, "", *RECIPIENTS, "GIÁM ĐỐC", "",
               "Đoàn Văn Khẩn"],
     "gold": {"type": "Công văn", "number": "212/BQLDA-KH", "date": "2025-10-09",
              "issuer": "BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ XÂY DỰNG KHU VỰC", "signer": "Đoàn Văn Khẩn"}},
    {"name": "tb-31-cqldd-four-lines", "format": "txt",
     "shape": "issuer on four lines, a line opening with VÀ, under a ministry; column after column",
     "lines": ["BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "CỤC QUẢN LÝ ĐÊ ĐIỀU", "VÀ PHÒNG, CHỐNG", "THIÊN TAI",
               "Số: 31/TB-CĐĐ", MOTTO[0], MOTTO[1], "Hà Nội, ngày 22 tháng 7 năm 2025", "", "THÔNG BÁO",
               "Lịch trực phòng, chống thiên tai tháng 8 năm 2025", "", *BODY, "", *RECIPIENTS, "TL. CỤC TRƯỞNG",
               "CHÁNH VĂN PHÒNG", "", "Tạ Minh Quang"],
     "gold": {"type": "Thông báo", "number": "31/TB-CĐĐ", "date": "2025-07-22",
              "issuer": "CỤC QUẢN LÝ ĐÊ ĐIỀU VÀ PHÒNG, CHỐNG THIÊN TAI", "signer": "Tạ Minh Quang"}},
    {"name": "kh-18-ubnd-motto-first", "format": "txt",
     "shape": "the right column extracted first (motto, place-date), the issuer after; TM./CHỦ TỊCH",
     "lines": [MOTTO[0], MOTTO[1], "Hòa Bắc, ngày 05 tháng 01 năm 2026", "ỦY BAN NHÂN DÂN", "XÃ HÒA BẮC",
               "Số: 18/KH-UBND", "", "KẾ HOẠCH", "Chuyển đổi số trên địa bàn xã năm 2026", "", *BODY, "",
               *RECIPIENTS, "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "Hà Văn Sáu"],
     "gold": {"type": "Kế hoạch", "number": "18/KH-UBND", "date": "2026-01-05",
              "issuer": "ỦY BAN NHÂN DÂN XÃ HÒA BẮC", "signer": "Hà Văn Sáu"}},
    {"name": "tb-88-ubnd-date-left", "format": "txt",
     "shape": "the place-date line on the issuer's side, before the motto; rules under the blocks",
     "lines": ["ỦY BAN NHÂN DÂN", "XÃ THẠCH NGUYÊN", "_______", "Số: 88/TB-UBND",
               "Thạch Nguyên, ngày 02 tháng 02 năm 2026", MOTTO[0], MOTTO[1], "_________________", "",
               "THÔNG BÁO", "Kết luận của Chủ tịch UBND xã tại cuộc họp giao ban tháng 01", "", *BODY, "",
               *RECIPIENTS, "TL. CHỦ TỊCH", "VĂN PHÒNG", "", "Chu Thị Lan"],
     "gold": {"type": "Thông báo", "number": "88/TB-UBND", "date": "2026-02-02",
              "issuer": "ỦY BAN NHÂN DÂN XÃ THẠCH NGUYÊN", "signer": "Chu Thị Lan"}},
    {"name": "qd-215-ubnd-spaced", "format": "txt",
     "shape": "blanks inside the number and the date ('Số : 215 / QĐ - UBND', 'ngày  7  tháng  11')",
     "lines": [("ỦY BAN NHÂN DÂN", MOTTO[0]), ("HUYỆN HẠ LỘC", MOTTO[1]),
               ("Số : 215 / QĐ - UBND", "Hạ Lộc ,  ngày  7  tháng  11  năm  2025"), "", "QUYẾT ĐỊNH",
               "Về việc phê duyệt danh sách hộ nghèo năm 2025", "",
               "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN HẠ LỘC", "", "Căn cứ Luật Tổ chức chính quyền địa phương;",
               "QUYẾT ĐỊNH:", "Điều 1. Phê duyệt danh sách gồm 312 hộ nghèo.", "Điều 2. Quyết định có hiệu lực.",
               "", *RECIPIENTS, "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Khúc Văn Thành"],
     "gold": {"type": "Quyết định", "number": "215/QĐ-UBND", "date": "2025-11-07",
              "issuer": "ỦY BAN NHÂN DÂN HUYỆN HẠ LỘC", "signer": "Khúc Văn Thành"}},
    {"name": "cv-76-phongyte-numeric-date", "format": "txt",
     "shape": "place and date written in figures ('Hạ Lộc, ngày 03/12/2025'); signer with (Đã ký)",
     "lines": [("UBND HUYỆN HẠ LỘC", MOTTO[0]), ("PHÒNG Y TẾ", MOTTO[1]),
               ("Số: 76/PYT", "Hạ Lộc, ngày 03/12/2025"), "V/v tăng cường phòng chống sốt xuất huyết", "",
               "Kính gửi: Trạm Y tế các xã.", "", *BODY, "", *RECIPIENTS, "TRƯỞNG PHÒNG", "(Đã ký)",
               "Mạc Thị Yến"],
     "gold": {"type": "Công văn", "number": "76/PYT", "date": "2025-12-03", "issuer": "PHÒNG Y TẾ",
              "signer": "Mạc Thị Yến"}},
    {"name": "bc-127-huyenuy-party", "format": "txt",
     "shape": "a Party document: 'Số 127-BC/HU' without a colon, '*' under the issuer, T/M",
     "lines": [("ĐẢNG BỘ TỈNH VÂN LÂM", "ĐẢNG CỘNG SẢN VIỆT NAM"), "HUYỆN ỦY HẠ LỘC", "*",
               ("Số 127-BC/HU", "Hạ Lộc, ngày 20 tháng 12 năm 2025"), "", "BÁO CÁO",
               "Kết quả lãnh đạo thực hiện nhiệm vụ năm 2025", "", *BODY, "", ("Nơi nhận:", "T/M BAN THƯỜNG VỤ"),
               ("- Ban Thường vụ Tỉnh ủy,", "BÍ THƯ"), "- Lưu Văn phòng Huyện ủy.", "", "Nông Đức Hải"],
     "gold": {"type": "Báo cáo", "number": "127-BC/HU", "date": "2025-12-20", "issuer": "HUYỆN ỦY HẠ LỘC",
              "signer": "Nông Đức Hải"}},
    {"name": "ttr-92-stc-table", "format": "docx",
     "shape": "DOCX header in a two-column table; Kính gửi; (Đã ký) between position and name",
     "lines": [("UBND TỈNH NAM SƠN NGUYÊN\nSỞ TÀI CHÍNH", "\n".join(MOTTO)),
               ("Số: 92/TTr-STC", "Nam Sơn Nguyên, ngày 16 tháng 4 năm 2026"), "TỜ TRÌNH",
               "Về việc bổ sung dự toán chi thường xuyên năm 2026", "Kính gửi: Ủy ban nhân dân tỉnh.", *BODY,
               ("Nơi nhận:\n- Như trên;\n- Lưu: VT, QLNS.", "GIÁM ĐỐC\n(Đã ký)\n\nQuách Thị Thu Trang")],
     "gold": {"type": "Tờ trình", "number": "92/TTr-STC", "date": "2026-04-16", "issuer": "SỞ TÀI CHÍNH",
              "signer": "Quách Thị Thu Trang"}},
    {"name": "qd-1203-ubnd-paragraphs", "format": "docx",
     "shape": "DOCX header as paragraphs, the right column first; a quyết định signed by the chairman",
     "lines": [*MOTTO, "Vân Lâm, ngày 30 tháng 6 năm 2025", "ỦY BAN NHÂN DÂN", "TỈNH VÂN LÂM",
               "Số: 1203/QĐ-UBND", "QUYẾT ĐỊNH", "Về việc thành lập Tổ công tác chuyển đổi số",
               "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH VÂN LÂM", "Căn cứ Luật Tổ chức chính quyền địa phương;",
               "QUYẾT ĐỊNH:", "Điều 1. Thành lập Tổ công tác gồm 9 thành viên.", "Điều 2. Tổ công tác tự giải thể.",
               *RECIPIENTS, "CHỦ TỊCH", "Lò Văn Phấn"],
     "gold": {"type": "Quyết định", "number": "1203/QĐ-UBND", "date": "2025-06-30",
              "issuer": "ỦY BAN NHÂN DÂN TỈNH VÂN LÂM", "signer": "Lò Văn Phấn"}},
    {"name": "kh-40-cdc-comma", "format": "docx",
     "shape": "DOCX table; issuer on two lines ending with a comma, under its parent",
     "lines": [("SỞ Y TẾ VÂN LÂM\nTRUNG TÂM KIỂM SOÁT BỆNH TẬT,\nAN TOÀN THỰC PHẨM", "\n".join(MOTTO)),
               ("Số: 40/KH-KSBT", "Vân Lâm, ngày 11 tháng 5 năm 2026"), "KẾ HOẠCH",
               "Giám sát an toàn thực phẩm Tết Trung thu năm 2026", *BODY,
               ("Nơi nhận:\n- Sở Y tế;\n- Lưu: VT.", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nDiệp Thanh Tùng")],
     "gold": {"type": "Kế hoạch", "number": "40/KH-KSBT", "date": "2026-05-11",
              "issuer": "TRUNG TÂM KIỂM SOÁT BỆNH TẬT, AN TOÀN THỰC PHẨM", "signer": "Diệp Thanh Tùng"}},
    {"name": "bieu-02tq-cctk-haloc", "format": "xlsx",
     "shape": "statistical form: code top left (a template's code without a symbol: no number), reporting and receiving units top right, title, signature row of three",
     "lines": [("Biểu số 02-TQ", None, None, "Đơn vị báo cáo: Chi cục Thống kê huyện Hạ Lộc"),
               ("Ban hành kèm theo Thông tư số 99/2025/TT-BKH", None, None, "Đơn vị nhận báo cáo: Cục Thống kê tỉnh"),
               ("BÁO CÁO DIỆN TÍCH GIEO TRỒNG CÂY HẰNG NĂM",), ("Vụ Đông Xuân năm 2026",),
               ("STT", "Chỉ tiêu", "Đơn vị tính", "Diện tích"), (1, "Lúa", "ha", 1250), (2, "Ngô", "ha", 340),
               (None, "Tổng số", "ha", 1590), (),
               (None, None, None, "Hạ Lộc, ngày 25 tháng 3 năm 2026"),
               ("Người lập biểu", None, "Kế toán trưởng", "Thủ trưởng đơn vị"),
               ("Phí Thị Mơ", None, "Lã Văn Bền", "Vương Đình Khải")],
     "gold": {"type": "Biểu", "number": None, "date": "2026-03-25",
              "issuer": "Chi cục Thống kê huyện Hạ Lộc", "signer": "Vương Đình Khải"}},
    {"name": "tonghop-ubnd-xa-sheet", "format": "xlsx",
     "shape": "sheet with the issuer and motto in title rows, a TỔNG HỢP title (no type), (Ký, họ tên) hints",
     "lines": [("UBND HUYỆN HẠ LỘC", None, None, MOTTO[0]), ("UBND XÃ BẢN MÒN", None, None, MOTTO[1]),
               ("TỔNG HỢP SỐ LIỆU HỘ GIA ĐÌNH THAM GIA BẢO HIỂM Y TẾ NĂM 2025",),
               ("STT", "Thôn", "Số hộ", "Số người"), (1, "Thôn Nà Pục", 85, 402), (2, "Thôn Khuổi Lừa", 64, 297),
               (None, "Cộng", 149, 699), (),
               (None, None, None, "Bản Mòn, ngày 08 tháng 01 năm 2026"),
               ("NGƯỜI LẬP", None, None, "CHỦ TỊCH UBND XÃ"),
               ("(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"), (),
               ("Hứa Thị Nhàn", None, None, "Triệu Văn Pao")],
     "gold": {"type": None, "number": None, "date": "2026-01-08", "issuer": "UBND XÃ BẢN MÒN",
              "signer": "Triệu Văn Pao"}},
    {"name": "mau-03-phong-kt", "format": "xlsx",
     "shape": "form code 'Mẫu số 03/BC-TK' with a unit line 'Đơn vị: …' and a BIỂU TỔNG HỢP title",
     "lines": [("Mẫu số 03/BC-TK",), ("Đơn vị: Phòng Kinh tế huyện Hạ Lộc",),
               ("BIỂU TỔNG HỢP KẾT QUẢ THU HOẠCH",), ("Tháng 9 năm 2025",),
               ("TT", "Cây trồng", "Sản lượng (tấn)"), (1, "Lúa", 5400), (2, "Sắn", 2100), (),
               (None, None, "Hạ Lộc, ngày 02 tháng 10 năm 2025"),
               ("NGƯỜI LẬP BIỂU", None, "TRƯỞNG PHÒNG"), (), ("Giang Thị Hoa", None, "Tống Văn Lực")],
     "gold": {"type": "Biểu", "number": "03/BC-TK", "date": "2025-10-02",
              "issuer": "Phòng Kinh tế huyện Hạ Lộc", "signer": "Tống Văn Lực"}},
    {"name": "pl-02-ket-qua-sheet", "format": "xlsx",
     "shape": "an annex workbook: 'Phụ lục 02' over its title, the document it belongs to named below",
     "lines": [("Phụ lục 02",), ("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI NĂM 2025",),
               ("(Kèm theo Báo cáo số 301/BC-UBND ngày 15/12/2025 của UBND huyện Hạ Lộc)",),
               ("STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện"), (1, "Thu ngân sách (tỷ đồng)", 120, 131),
               (2, "Hộ nghèo giảm (%)", 2, 2.4)],
     "gold": {"type": "Phụ lục", "number": None, "date": None, "issuer": "UBND huyện Hạ Lộc", "signer": None}},
    {"name": "bc-nhanh-pkt-caps-roles", "format": "xlsx",
     "shape": "one-line title BÁO CÁO NHANH …, unit named in normal case, roles in capitals",
     "lines": [("UBND HUYỆN HẠ LỘC",), ("PHÒNG KINH TẾ VÀ HẠ TẦNG",),
               ("BÁO CÁO NHANH TÌNH HÌNH THIỆT HẠI DO MƯA LŨ",), ("STT", "Hạng mục", "Đơn vị", "Số lượng"),
               (1, "Nhà bị tốc mái", "cái", 23), (2, "Đường bị sạt lở", "m", 450), (),
               (None, None, "Hạ Lộc, ngày 18 tháng 9 năm 2025"),
               ("NGƯỜI TỔNG HỢP", None, "KT. TRƯỞNG PHÒNG"), (None, None, "PHÓ TRƯỞNG PHÒNG"), (),
               ("Lục Văn Tài", None, "Kiều Thị Ngân")],
     "gold": {"type": "Báo cáo", "number": None, "date": "2025-09-18", "issuer": "PHÒNG KINH TẾ VÀ HẠ TẦNG",
              "signer": "Kiều Thị Ngân"}},
    {"name": "kh-12-ubnd-ocr-noise", "format": "txt",
     "shape": "OCR-like noise: 'UỶ', specks before lines, 'Số:12/KH-UBND' run together, en dashes in the motto",
     "lines": ["| UỶ BAN NHÂN DÂN", "HUYỆN HẠ LỘC", "— ", "Số:12/KH-UBND", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
               "Độc lập – Tự do – Hạnh phúc", "Hạ Lộc, ngày 19 tháng 01 năm 2026", "", "KẾ HOẠCH",
               "Tổ chức Tết trồng cây năm 2026", "", *BODY, "", *RECIPIENTS, "TM. UỶ BAN NHÂN DÂN",
               "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Doãn Thị Mai"],
     "gold": {"type": "Kế hoạch", "number": "12/KH-UBND", "date": "2026-01-19",
              "issuer": "ỦY BAN NHÂN DÂN HUYỆN HẠ LỘC", "signer": "Doãn Thị Mai"}},
    {"name": "cv-310-ubnd-vv-left", "format": "txt",
     "shape": "V/v under the number in the left column beside the place-date; TM. / KT. / PHÓ CHỦ TỊCH",
     "lines": [("ỦY BAN NHÂN DÂN", MOTTO[0]), ("TỈNH VÂN LÂM", MOTTO[1]),
               ("Số: 310/UBND-KT", "Vân Lâm, ngày 27 tháng 8 năm 2025"), "V/v triển khai thu thập số liệu",
               "kinh tế cá thể năm 2025", "", "Kính gửi:", "- Sở Tài chính;", "- UBND các huyện.", "", *BODY, "",
               ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"), ("- Như trên;", "KT. CHỦ TỊCH"), ("- Lưu: VT.", "PHÓ CHỦ TỊCH"),
               "", ("", "Thân Văn Hưng")],
     "gold": {"type": "Công văn", "number": "310/UBND-KT", "date": "2025-08-27",
              "issuer": "ỦY BAN NHÂN DÂN TỈNH VÂN LÂM", "signer": "Thân Văn Hưng"}},
    {"name": "bc-55-bchqs-rank", "format": "txt",
     "shape": "a military parent whose head word is not a civil body's; a rank before the signer's name",
     "lines": [("QUÂN KHU 7", MOTTO[0]), ("BỘ CHỈ HUY QUÂN SỰ TỈNH VÂN LÂM", MOTTO[1]),
               ("Số: 55/BC-BCH", "Vân Lâm, ngày 10 tháng 6 năm 2025"), "", "BÁO CÁO",
               "Kết quả huấn luyện dân quân tự vệ 6 tháng đầu năm 2025", "", *BODY, "", *RECIPIENTS, "CHỈ HUY TRƯỞNG",
               "", "Đại tá Phạm Quốc Thịnh"],
     "gold": {"type": "Báo cáo", "number": "55/BC-BCH", "date": "2025-06-10",
              "issuer": "BỘ CHỈ HUY QUÂN SỰ TỈNH VÂN LÂM", "signer": "Phạm Quốc Thịnh"}},
    {"name": "tb-07-vp-tuq", "format": "txt",
     "shape": "TUQ. signature; issuer VĂN PHÒNG under UBND on two lines",
     "lines": [("UBND TỈNH VÂN LÂM", MOTTO[0]), ("VĂN PHÒNG", MOTTO[1]),
               ("Số: 07/TB-VP", "Vân Lâm, ngày 04 tháng 3 năm 2026"), "", "THÔNG BÁO",
               "Ý kiến chỉ đạo của Chủ tịch UBND tỉnh về công tác cải cách hành chính", "", *BODY, "",
               *RECIPIENTS, "TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG", "", "Võ Thị Kim Oanh"],
     "gold": {"type": "Thông báo", "number": "07/TB-VP", "date": "2026-03-04", "issuer": "VĂN PHÒNG",
              "signer": "Võ Thị Kim Oanh"}},
    {"name": "cv-1520-pcvl-company", "format": "txt",
     "shape": "a company under its corporation; Q. (acting) signer; the signer's name interleaved with recipients",
     "lines": [("TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM", MOTTO[0]), ("CÔNG TY ĐIỆN LỰC VÂN LÂM", MOTTO[1]),
               ("Số: 1520/PCVL-KD", "Vân Lâm, ngày 21 tháng 11 năm 2025"), "V/v lịch tạm ngừng cung cấp điện", "",
               "Kính gửi: UBND các huyện, thành phố.", "", *BODY, "", ("Nơi nhận:", "Q. GIÁM ĐỐC"),
               ("- Như trên;", ""), ("- Lưu: VT, KD.", "Tăng Minh Nhật")],
     "gold": {"type": "Công văn", "number": "1520/PCVL-KD", "date": "2025-11-21",
              "issuer": "CÔNG TY ĐIỆN LỰC VÂN LÂM", "signer": "Tăng Minh Nhật"}},
    {"name": "nq-14-hdnd-tinh", "format": "docx",
     "shape": "HỘI ĐỒNG NHÂN DÂN over TỈNH … on two lines (one body); nghị quyết signed by the chairman",
     "lines": [("HỘI ĐỒNG NHÂN DÂN\nTỈNH VÂN LÂM", "\n".join(MOTTO)),
               ("Số: 14/2025/NQ-HĐND", "Vân Lâm, ngày 12 tháng 12 năm 2025"), "NGHỊ QUYẾT",
               "Quy định mức chi hỗ trợ cán bộ không chuyên trách", "HỘI ĐỒNG NHÂN DÂN TỈNH VÂN LÂM",
               "KHÓA X, KỲ HỌP THỨ 21", "Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT NGHỊ:",
               "Điều 1. Mức chi hỗ trợ là 1,5 triệu đồng mỗi tháng.",
               ("Nơi nhận:\n- Thường trực HĐND tỉnh;\n- Lưu: VT.", "CHỦ TỊCH\n\nBạch Văn Chiến")],
     "gold": {"type": "Nghị quyết", "number": "14/2025/NQ-HĐND", "date": "2025-12-12",
              "issuer": "HỘI ĐỒNG NHÂN DÂN TỈNH VÂN LÂM", "signer": "Bạch Văn Chiến"}},
    {"name": "bc-45-ubnd-xa-docx-right-first", "format": "docx",
     "shape": "DOCX table whose first row holds the motto left and the issuer right",
     "lines": [("\n".join(MOTTO), "ỦY BAN NHÂN DÂN\nXÃ NGỌC HÀ"),
               ("Ngọc Hà, ngày 29 tháng 9 năm 2025", "Số: 45/BC-UBND"), "BÁO CÁO",
               "Tình hình thực hiện dự toán ngân sách 9 tháng năm 2025", *BODY,
               ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nTrịnh Văn Đồng", "Nơi nhận:\n- UBND huyện;\n- Lưu: VT.")],
     "gold": {"type": "Báo cáo", "number": "45/BC-UBND", "date": "2025-09-29",
              "issuer": "ỦY BAN NHÂN DÂN XÃ NGỌC HÀ", "signer": "Trịnh Văn Đồng"}},
    {"name": "kh-66-ubnd-one-line-title", "format": "txt",
     "shape": "type and title on one line in capitals; the day written without a leading zero",
     "lines": [("UBND HUYỆN HẠ LỘC", MOTTO[0]), ("", MOTTO[1]), ("Số: 66/KH-UBND", "Hạ Lộc, ngày 3 tháng 4 năm 2026"),
               "", "KẾ HOẠCH TRIỂN KHAI THÁNG THANH NIÊN NĂM 2026", "", *BODY, "", *RECIPIENTS, "KT. CHỦ TỊCH",
               "PHÓ CHỦ TỊCH", "", "Lương Thị Duyên"],
     "gold": {"type": "Kế hoạch", "number": "66/KH-UBND", "date": "2026-04-03",
              "issuer": "UBND HUYỆN HẠ LỘC", "signer": "Lương Thị Duyên"}},
    {"name": "gm-19-truong-thcs", "format": "txt",
     "shape": "a school under its office; a giấy mời; signer position in normal case ('Hiệu trưởng')",
     "lines": [("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO HẠ LỘC", MOTTO[0]), ("TRƯỜNG THCS NGỌC LÂM", MOTTO[1]),
               ("Số: 19/GM-THCS", "Ngọc Lâm, ngày 15 tháng 8 năm 2025"), "", "GIẤY MỜI",
               "Dự lễ khai giảng năm học 2025 - 2026", "", *BODY, "", "Hiệu trưởng", "", "Đàm Thị Xuân"],
     "gold": {"type": "Giấy mời", "number": "19/GM-THCS", "date": "2025-08-15", "issuer": "TRƯỜNG THCS NGỌC LÂM",
              "signer": "Đàm Thị Xuân"}},
    {"name": "bc-08-ban-dan-toc-normal-case-sig", "format": "txt",
     "shape": "signing authority and position in normal case ('KT. Trưởng ban' / 'Phó Trưởng ban')",
     "lines": [("UBND TỈNH VÂN LÂM", MOTTO[0]), ("BAN DÂN TỘC", MOTTO[1]),
               ("Số: 08/BC-BDT", "Vân Lâm, ngày 06 tháng 02 năm 2026"), "", "BÁO CÁO",
               "Kết quả thực hiện chính sách dân tộc năm 2025", "", *BODY, "", *RECIPIENTS, "KT. Trưởng ban",
               "Phó Trưởng ban", "", "Lý Thị Sâm"],
     "gold": {"type": "Báo cáo", "number": "08/BC-BDT", "date": "2026-02-06", "issuer": "BAN DÂN TỘC",
              "signer": "Lý Thị Sâm"}},
    {"name": "bm-01-hoi-nong-dan-unit-labels", "format": "txt",
     "shape": "a form with 'Đơn vị báo cáo:' and 'Đơn vị nhận báo cáo:' on their own lines and a code 'Biểu số 01/HND'",
     "lines": ["Biểu số 01/HND", "Đơn vị báo cáo: Hội Nông dân huyện Hạ Lộc",
               "Đơn vị nhận báo cáo: Hội Nông dân tỉnh Vân Lâm", "", "BÁO CÁO SỐ LƯỢNG HỘI VIÊN",
               "Quý III năm 2025", "", "STT\tĐơn vị\tSố hội viên", "1\tXã Ngọc Hà\t512", "2\tXã Hòa Bắc\t430", "",
               "Hạ Lộc, ngày 30 tháng 9 năm 2025", "Người lập biểu\tThủ trưởng đơn vị", "",
               "Hoàng Thị Yên\tTô Văn Kiên"],
     "gold": {"type": "Biểu", "number": "01/HND", "date": "2025-09-30", "issuer": "Hội Nông dân huyện Hạ Lộc",
              "signer": "Tô Văn Kiên"}},
    {"name": "cv-301-bhxh-abbrev", "format": "txt",
     "shape": "the issuer under its parent written with an abbreviation ('BHXH TỈNH VÂN LÂM'); KT./PHÓ GIÁM ĐỐC",
     "lines": [("BẢO HIỂM XÃ HỘI VIỆT NAM", MOTTO[0]), ("BHXH TỈNH VÂN LÂM", MOTTO[1]),
               ("Số: 301/BHXH-KHTC", "Vân Lâm, ngày 17 tháng 02 năm 2026"),
               "V/v đối chiếu số liệu thu bảo hiểm xã hội năm 2025", "", "Kính gửi: Các đơn vị sử dụng lao động.", "",
               *BODY, "", *RECIPIENTS, "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "", "Hồ Thị Bảo Ngọc"],
     "gold": {"type": "Công văn", "number": "301/BHXH-KHTC", "date": "2026-02-17", "issuer": "BHXH TỈNH VÂN LÂM",
              "signer": "Hồ Thị Bảo Ngọc"}},
    {"name": "tb-15-khoa-kinh-te", "format": "docx",
     "shape": "a faculty under its university (KHOA); an academic title before the signer's name",
     "lines": [("TRƯỜNG ĐẠI HỌC VÂN LÂM\nKHOA KINH TẾ", "\n".join(MOTTO)),
               ("Số: 15/TB-KKT", "Vân Lâm, ngày 08 tháng 9 năm 2025"), "THÔNG BÁO",
               "Lịch bảo vệ khóa luận tốt nghiệp đợt 2 năm 2025", *BODY,
               ("Nơi nhận:\n- Sinh viên khóa 2021;\n- Lưu: VP Khoa.", "TRƯỞNG KHOA\n\nTS. Ngô Thị Hạnh")],
     "gold": {"type": "Thông báo", "number": "15/TB-KKT", "date": "2025-09-08", "issuer": "KHOA KINH TẾ",
              "signer": "Ngô Thị Hạnh"}},
    {"name": "pl-1-danh-muc-normal-case", "format": "docx",
     "shape": "an annex opening in normal case ('Phụ lục 1: Danh mục …') with the act it belongs to, then its table",
     "lines": ["Phụ lục 1: Danh mục thủ tục hành chính được cắt giảm thời gian giải quyết",
               "(Kèm theo Quyết định số 77/QĐ-UBND ngày 12/01/2026 của UBND tỉnh Vân Lâm)",
               ("STT", "Tên thủ tục"), ("1", "Cấp giấy phép xây dựng"), ("2", "Đăng ký hộ kinh doanh")],
     "gold": {"type": "Phụ lục", "number": None, "date": None, "issuer": "UBND tỉnh Vân Lâm", "signer": None}},
    {"name": "pl-2a-caps-ordinal", "format": "txt",
     "shape": "an annex whose ordinal has a letter after a hyphen ('PHỤ LỤC II-A') over its title",
     "lines": ["PHỤ LỤC II-A", "TỔNG HỢP KINH PHÍ THỰC HIỆN CHƯƠNG TRÌNH NĂM 2026", "", "STT\tNội dung\tKinh phí",
               "1\tĐào tạo\t250", "2\tTruyền thông\t120"],
     "gold": {"type": "Phụ lục", "number": None, "date": None, "issuer": None, "signer": None}},
    {"name": "bieu-tram-yte-date-alone", "format": "xlsx",
     "shape": "a sheet with a unit line in capitals and a date without a place by its signatures",
     "lines": [("ĐƠN VỊ: TRẠM Y TẾ XÃ NGỌC HÀ",), ("BÁO CÁO TIÊM CHỦNG MỞ RỘNG THÁNG 02 NĂM 2026",),
               ("STT", "Vắc xin", "Số mũi"), (1, "Viêm gan B", 48), (2, "Sởi", 35), (),
               (None, None, "Ngày 27 tháng 02 năm 2026"), ("Người lập biểu", None, "Trưởng trạm"), (),
               ("Lưu Thị Tươi", None, "Đinh Văn Quý")],
     "gold": {"type": "Báo cáo", "number": None, "date": "2026-02-27", "issuer": "TRẠM Y TẾ XÃ NGỌC HÀ",
              "signer": "Đinh Văn Quý"}},
    {"name": "kh-09-ttptqd-plain-words", "format": "txt",
     "shape": "issuer lines opening with a head word used as a plain word ('QUỸ ĐẤT', 'PHÒNG, CHỐNG')",
     "lines": [("UBND TỈNH VÂN LÂM", MOTTO[0]), ("TRUNG TÂM PHÁT TRIỂN", MOTTO[1]), "QUỸ ĐẤT",
               ("Số: 09/KH-TTPTQĐ", "Vân Lâm, ngày 13 tháng 01 năm 2026"), "", "KẾ HOẠCH",
               "Đấu giá quyền sử dụng đất năm 2026", "", *BODY, "", *RECIPIENTS, "GIÁM ĐỐC", "", "Cao Minh Trí"],
     "gold": {"type": "Kế hoạch", "number": "09/KH-TTPTQĐ", "date": "2026-01-13",
              "issuer": "TRUNG TÂM PHÁT TRIỂN QUỸ ĐẤT", "signer": "Cao Minh Trí"}},
    {"name": "bc-22-bch-pctt-no-parent", "format": "txt",
     "shape": "a board named on three lines without a parent, its second line opening with 'PHÒNG, CHỐNG'",
     "lines": [("BAN CHỈ HUY", MOTTO[0]), ("PHÒNG, CHỐNG THIÊN TAI VÀ", MOTTO[1]), "TÌM KIẾM CỨU NẠN HUYỆN HẠ LỘC",
               ("Số: 22/BC-BCH", "Hạ Lộc, ngày 30 tháng 10 năm 2025"), "", "BÁO CÁO",
               "Thiệt hại do bão số 5 gây ra", "", *BODY, "", *RECIPIENTS, "KT. TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "",
               "Lâm Văn Tường"],
     "gold": {"type": "Báo cáo", "number": "22/BC-BCH", "date": "2025-10-30",
              "issuer": "BAN CHỈ HUY PHÒNG, CHỐNG THIÊN TAI VÀ TÌM KIẾM CỨU NẠN HUYỆN HẠ LỘC", "signer": "Lâm Văn Tường"}},

    {"name": "bieu-001h-cuc-thong-ke-cells", "format": "xlsx",
     "shape": "a statistical form whose labels and values stand in separate cells ('Đơn vị báo cáo:' | 'Cục Thống kê …'); a title naming no type; three signers",
     "lines": [("Biểu số: 001.H/BCC-XDĐT", None, None, "Đơn vị báo cáo:", "Cục Thống kê tỉnh Vân Lâm"),
               ("Ban hành theo Quyết định số 58/QĐ-TCTK", None, None, "Đơn vị nhận báo cáo:", "Tổng cục Thống kê"),
               ("Ngày nhận báo cáo: ngày 12 tháng 4 năm 2026",), ("VỐN ĐẦU TƯ THỰC HIỆN TOÀN XÃ HỘI",),
               ("Quý I năm 2026",), ("STT", "Nguồn vốn", "Thực hiện (tỷ đồng)"), (1, "Vốn nhà nước", 1520),
               (2, "Vốn ngoài nhà nước", 2310), (None, "Tổng số", 3830), (),
               (None, None, None, None, "Vân Lâm, ngày 10 tháng 4 năm 2026"),
               ("Người lập biểu", None, "Người kiểm tra biểu", None, "Cục trưởng"), (),
               ("Thái Thị Hằng", None, "Nghiêm Văn Đạt", None, "Mai Xuân Trường")],
     "gold": {"type": "Biểu", "number": "001.H/BCC-XDĐT", "date": "2026-04-10", "issuer": "Cục Thống kê tỉnh Vân Lâm",
              "signer": "Mai Xuân Trường"}},
    {"name": "bieu-so-03-phong-gd", "format": "xlsx",
     "shape": "'BIỂU SỐ 03' alone over a title, the issuer in title rows beside the motto",
     "lines": [("UBND HUYỆN HẠ LỘC", None, None, MOTTO[0]), ("PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", None, None, MOTTO[1]),
               ("BIỂU SỐ 03",), ("KẾT QUẢ PHỔ CẬP GIÁO DỤC TIỂU HỌC NĂM 2025",),
               ("STT", "Xã", "Tỷ lệ (%)"), (1, "Ngọc Hà", 99.2), (2, "Hòa Bắc", 98.7), (),
               (None, None, "Hạ Lộc, ngày 20 tháng 12 năm 2025"), (None, None, "TRƯỞNG PHÒNG"), (),
               (None, None, "Vi Thị Hoài")],
     "gold": {"type": "Biểu", "number": None, "date": "2025-12-20", "issuer": "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
              "signer": "Vi Thị Hoài"}},

    {"name": "qd-88-letter-spaced-type", "format": "txt",
     "shape": "a type line with its letters spaced out ('Q U Y Ế T  Đ Ị N H'), as expanded character spacing is extracted",
     "lines": [("ỦY BAN NHÂN DÂN", MOTTO[0]), ("XÃ NGỌC HÀ", MOTTO[1]), ("Số: 88/QĐ-UBND", "Ngọc Hà, ngày 16 tháng 5 năm 2026"),
               "", "Q U Y Ế T  Đ Ị N H", "Về việc thành lập Ban tổ chức Lễ hội truyền thống năm 2026", "",
               "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ NGỌC HÀ", "", "Căn cứ Luật Tổ chức chính quyền địa phương;", "QUYẾT ĐỊNH:",
               "Điều 1. Thành lập Ban tổ chức gồm 11 thành viên.", "", *RECIPIENTS, "CHỦ TỊCH", "", "Nông Thị Lành"],
     "gold": {"type": "Quyết định", "number": "88/QĐ-UBND", "date": "2026-05-16",
              "issuer": "ỦY BAN NHÂN DÂN XÃ NGỌC HÀ", "signer": "Nông Thị Lành"}},
    {"name": "bb-04-hdtdkt-one-line", "format": "docx",
     "shape": "a biên bản titled on one line in capitals (BIÊN BẢN HỌP …); the secretary and the chair sign side by side",
     "lines": [("UBND HUYỆN HẠ LỘC\nHỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "\n".join(MOTTO)),
               ("Số: 04/BB-HĐTĐKT", "Hạ Lộc, ngày 19 tháng 12 năm 2025"),
               "BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG HUYỆN NĂM 2025", *BODY,
               ("THƯ KÝ", "CHỦ TỊCH HỘI ĐỒNG"), ("Ông Thị Quyên", "Trịnh Văn Lâm")],
     "gold": {"type": "Biên bản", "number": "04/BB-HĐTĐKT", "date": "2025-12-19",
              "issuer": "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG", "signer": "Trịnh Văn Lâm"}},
    {"name": "cv-514-sxd-no-vv", "format": "txt",
     "shape": "a công văn without its V/v line: a number whose symbol has no type code, and Kính gửi",
     "lines": [("UBND TỈNH VÂN LÂM", MOTTO[0]), ("SỞ XÂY DỰNG", MOTTO[1]),
               ("Số: 514/SXD-QLXD", "Vân Lâm, ngày 24 tháng 6 năm 2025"), "",
               "Kính gửi: Ủy ban nhân dân các huyện, thành phố.", "", *BODY, "", *RECIPIENTS, "KT. GIÁM ĐỐC",
               "PHÓ GIÁM ĐỐC", "", "Tôn Thất Bảo"],
     "gold": {"type": "Công văn", "number": "514/SXD-QLXD", "date": "2025-06-24", "issuer": "SỞ XÂY DỰNG",
              "signer": "Tôn Thất Bảo"}},

    {"name": "tb-27-ttyt-caps-name", "format": "docx",
     "shape": "the signer's name printed in capitals with '(đã ký)' after it; a rule typed after the issuer's name",
     "lines": [("SỞ Y TẾ VÂN LÂM\nTRUNG TÂM Y TẾ HUYỆN HẠ LỘC ________", "\n".join(MOTTO)),
               ("Số: 27/TB-TTYT", "Hạ Lộc, ngày 02 tháng 11 năm 2025"), "THÔNG BÁO",
               "Lịch khám sức khỏe định kỳ cho người cao tuổi năm 2025", *BODY,
               ("Nơi nhận:\n- Trạm Y tế các xã;\n- Lưu: VT.", "GIÁM ĐỐC\n\nLƯƠNG VĂN KHẢI (đã ký)")],
     "gold": {"type": "Thông báo", "number": "27/TB-TTYT", "date": "2025-11-02", "issuer": "TRUNG TÂM Y TẾ HUYỆN HẠ LỘC",
              "signer": "Lương Văn Khải"}},

    {"name": "bc-xa-hoabac-normal-case-title", "format": "xlsx",
     "shape": "a sheet whose title row is in normal case ('Báo cáo tình hình thu, chi …') under the issuer's row",
     "lines": [("UBND XÃ HÒA BẮC", None, None, MOTTO[0]), (None, None, None, MOTTO[1]),
               ("Báo cáo tình hình thu, chi ngân sách xã 6 tháng đầu năm 2025",),
               ("STT", "Nội dung", "Dự toán", "Thực hiện"), (1, "Thu ngân sách", 4200, 2350),
               (2, "Chi ngân sách", 4200, 1980), (), (None, None, None, "Hòa Bắc, ngày 05 tháng 7 năm 2025"),
               ("KẾ TOÁN", None, None, "CHỦ TỊCH"), (), ("Tạ Thị Bông", None, None, "Hà Văn Sáu")],
     "gold": {"type": "Báo cáo", "number": None, "date": "2025-07-05", "issuer": "UBND XÃ HÒA BẮC",
              "signer": "Hà Văn Sáu"}},

    {"name": "bc-hoabac-two-sheets", "format": "xlsx",
     "shape": "a workbook whose first sheet is dated and signed, a long second sheet after it",
     "lines": [("UBND HUYỆN HẠ LỘC", None, None, MOTTO[0]), ("UBND XÃ HÒA BẮC", None, None, MOTTO[1]),
               ("BÁO CÁO KẾT QUẢ RÀ SOÁT HỘ NGHÈO NĂM 2025",), ("STT", "Chỉ tiêu", "Số hộ"),
               (1, "Hộ nghèo", 46), (2, "Hộ cận nghèo", 71), (), (None, None, "Hòa Bắc, ngày 28 tháng 11 năm 2025"),
               ("NGƯỜI LẬP BIỂU", None, "CHỦ TỊCH"), (), ("Ma Thị Dung", None, "Hà Văn Sáu"),
               (SHEET, "Chi tiet"), ("DANH SÁCH HỘ NGHÈO THEO THÔN",), ("STT", "Thôn", "Chủ hộ", "Số khẩu"),
               *[(k, f"Thôn {k % 6 + 1}", f"Hộ số {k}", 3 + k % 4) for k in range(1, 47)]],
     "gold": {"type": "Báo cáo", "number": None, "date": "2025-11-28", "issuer": "UBND XÃ HÒA BẮC",
              "signer": "Hà Văn Sáu"}},

    {"name": "mau-b01dn-cty-accounting", "format": "xlsx",
     "shape": "an accounting form: 'Mẫu số B 01 - DN' beside the reporting unit and its address; 'Lập, ngày …'; three signers",
     "lines": [("Đơn vị báo cáo: Công ty TNHH Thương mại Vân Lâm", None, None, "Mẫu số B 01 - DN"),
               ("Địa chỉ: số 12 đường Trần Phú, thành phố Vân Lâm", None, None, "(Ban hành theo Thông tư số 200/2014/TT-BTC)"),
               ("BẢNG CÂN ĐỐI KẾ TOÁN",), ("Tại ngày 31 tháng 12 năm 2025",), ("Chỉ tiêu", "Mã số", "Số cuối năm"),
               ("Tài sản ngắn hạn", 100, 5230), ("Tài sản dài hạn", 200, 8710), ("Tổng cộng tài sản", 270, 13940), (),
               (None, None, "Lập, ngày 20 tháng 01 năm 2026"), ("Người lập biểu", "Kế toán trưởng", "Giám đốc"),
               ("(Ký, họ tên)", "(Ký, họ tên)", "(Ký, họ tên, đóng dấu)"), (),
               ("Đỗ Thị Thoa", "Lê Văn Chính", "Phùng Quang Vinh")],
     "gold": {"type": "Biểu", "number": None, "date": "2026-01-20", "issuer": "Công ty TNHH Thương mại Vân Lâm",
              "signer": "Phùng Quang Vinh"}},

    {"name": "tb-61-pgd-motto-variants", "format": "txt",
     "shape": "the motto in capitals and the national name cut before VIỆT NAM (a narrow right column), column after column",
     "lines": ["UBND HUYỆN HẠ LỘC", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO", "Số: 61/TB-PGDĐT", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA",
               "VIỆT NAM", "ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "Hạ Lộc, ngày 11 tháng 3 năm 2026", "", "THÔNG BÁO",
               "Kế hoạch tổ chức Hội khỏe Phù Đổng cấp huyện", "", *BODY, "", *RECIPIENTS, "TRƯỞNG PHÒNG", "",
               "Lò Thị Xuyến"],
     "gold": {"type": "Thông báo", "number": "61/TB-PGDĐT", "date": "2026-03-11", "issuer": "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO",
              "signer": "Lò Thị Xuyến"}},
    {"name": "cv-17-nhnn-vietnam-issuer", "format": "docx",
     "shape": "an issuer whose name ends with VIỆT NAM on its own line (never taken for the national name)",
     "lines": [("NGÂN HÀNG NHÀ NƯỚC\nVIỆT NAM", "\n".join(MOTTO)), ("Số: 17/NHNN-TD", "Hà Nội, ngày 09 tháng 01 năm 2026"),
               "V/v báo cáo dư nợ tín dụng nông nghiệp", "Kính gửi: Ngân hàng Nhà nước chi nhánh các tỉnh.", *BODY,
               ("Nơi nhận:\n- Như trên;\n- Lưu: VP, TD.", "TL. THỐNG ĐỐC\nVỤ TRƯỞNG VỤ TÍN DỤNG\n\nKhổng Văn Định")],
     "gold": {"type": "Công văn", "number": "17/NHNN-TD", "date": "2026-01-09", "issuer": "NGÂN HÀNG NHÀ NƯỚC VIỆT NAM",
              "signer": "Khổng Văn Định"}},

    {"name": "bc-du-thao-dotted-blanks", "format": "txt",
     "shape": "a draft: number and date left as dotted blanks ('Số: ……/BC-UBND', 'ngày ….. tháng ….. năm 2026'), DỰ THẢO above the type",
     "lines": [("ỦY BAN NHÂN DÂN", MOTTO[0]), ("HUYỆN HẠ LỘC", MOTTO[1]),
               ("Số: ……/BC-UBND", "Hạ Lộc, ngày ….. tháng ….. năm 2026"), "", "DỰ THẢO", "BÁO CÁO",
               "Tổng kết công tác dân vận chính quyền năm 2025", "", *BODY, "", *RECIPIENTS, "TM. ỦY BAN NHÂN DÂN",
               "CHỦ TỊCH", "", "Đàm Văn Hiếu"],
     "gold": {"type": "Báo cáo", "number": None, "date": None, "issuer": "ỦY BAN NHÂN DÂN HUYỆN HẠ LỘC",
              "signer": "Đàm Văn Hiếu"}},

    {"name": "bc-31-ban-kt-xh-hdnd", "format": "txt",
     "shape": "a council's committee: HĐND on two lines then BAN KINH TẾ - XÃ HỘI; its number run into the issuer's line",
     "lines": ["HỘI ĐỒNG NHÂN DÂN", "HUYỆN HẠ LỘC", "BAN KINH TẾ - XÃ HỘI Số: 31/BC-KTXH", MOTTO[0], MOTTO[1],
               "Hạ Lộc, ngày 14 tháng 7 năm 2025", "", "BÁO CÁO", "Thẩm tra tình hình kinh tế - xã hội 6 tháng đầu năm 2025",
               "", *BODY, "", *RECIPIENTS, "TM. BAN KINH TẾ - XÃ HỘI", "TRƯỞNG BAN", "", "Phùng Thị Thắm"],
     "gold": {"type": "Báo cáo", "number": "31/BC-KTXH", "date": "2025-07-14", "issuer": "BAN KINH TẾ - XÃ HỘI",
              "signer": "Phùng Thị Thắm"}},
    {"name": "tb-44-chi-cuc-thue-three-names", "format": "txt",
     "shape": "three levels (CỤC, CHI CỤC, then the rest of the district names on a third line)",
     "lines": [("CỤC THUẾ TỈNH VÂN LÂM", MOTTO[0]), ("CHI CỤC THUẾ KHU VỰC", MOTTO[1]), "HẠ LỘC - NGỌC HÀ",
               ("Số: 44/TB-CCT", "Hạ Lộc, ngày 21 tháng 4 năm 2025"), "", "THÔNG BÁO",
               "Về việc nộp hồ sơ khai thuế quý I năm 2025", "", *BODY, "", *RECIPIENTS, "KT. CHI CỤC TRƯỞNG",
               "PHÓ CHI CỤC TRƯỞNG", "", "Lã Thị Hường"],
     "gold": {"type": "Thông báo", "number": "44/TB-CCT", "date": "2025-04-21",
              "issuer": "CHI CỤC THUẾ KHU VỰC HẠ LỘC - NGỌC HÀ", "signer": "Lã Thị Hường"}},

    {"name": "bieu-05-code-right-of-title", "format": "xlsx",
     "shape": "a sheet whose title is in A1 and its form code to the right of it (read after the title)",
     "lines": [("BÁO CÁO TÌNH HÌNH SỬ DỤNG ĐẤT NÔNG NGHIỆP NĂM 2025", None, None, None, "Biểu số 05/BC-TK"),
               ("Đơn vị báo cáo: Phòng Nông nghiệp và Môi trường huyện Hạ Lộc",),
               ("STT", "Loại đất", "Diện tích (ha)"), (1, "Đất trồng lúa", 2150), (2, "Đất rừng sản xuất", 8340), (),
               (None, None, "Hạ Lộc, ngày 15 tháng 01 năm 2026"), ("Người lập biểu", None, "Trưởng phòng"), (),
               ("Triệu Thị Sen", None, "Kiều Văn Nam")],
     "gold": {"type": "Biểu", "number": "05/BC-TK", "date": "2026-01-15",
              "issuer": "Phòng Nông nghiệp và Môi trường huyện Hạ Lộc", "signer": "Kiều Văn Nam"}},

    # ---- forms, spreadsheets and Word 97-era shapes (session 6)
    {"name": "bieu-b02bcqt-bv-chu-quan", "format": "xlsx",
     "shape": "an accounting form: 'Cơ quan chủ quản: …' over 'Đơn vị: …' top left, the form code and its act top right, a title merged across the columns, three roles with hints and blank rows before the names",
     "merge": ["A5:G5", "A6:G6"],
     "lines": [("Cơ quan chủ quản: Sở Y tế tỉnh Vân Lâm", None, None, None, None, None, "Mẫu số B02/BCQT"),
               ("Đơn vị: Bệnh viện Đa khoa huyện Hạ Lộc", None, None, None, None, None,
                "(Ban hành kèm theo Thông tư số 107/2017/TT-BTC)"),
               ("Mã chương: 423",), (),
               ("BÁO CÁO CHI TIẾT CHI TỪ NGUỒN NGÂN SÁCH NHÀ NƯỚC",), ("Quý III năm 2024",),
               (None, None, None, None, None, None, "Đơn vị tính: đồng"),
               ("STT", "Nội dung", "Mã số", "Dự toán", "Thực hiện", "Còn lại", "Ghi chú"),
               (1, "Chi thường xuyên", "01", 5200, 3900, 1300, None), (2, "Chi không thường xuyên", "02", 800, 450, 350, None),
               (None, "Cộng", None, 6000, 4350, 1650, None), (),
               (None, None, None, None, None, None, "Hạ Lộc, ngày 08 tháng 10 năm 2024"),
               ("Người lập biểu", None, None, "Kế toán trưởng", None, None, "Giám đốc"),
               ("(Ký, họ tên)", None, None, "(Ký, họ tên)", None, None, "(Ký, họ tên, đóng dấu)"), (), (),
               ("Đinh Thị Lụa", None, None, "Hầu Văn Pháo", None, None, "Sùng Thị Mỷ")],
     "gold": {"type": "Biểu", "number": "B02/BCQT", "date": "2024-10-08", "issuer": "Bệnh viện Đa khoa huyện Hạ Lộc",
              "signer": "Sùng Thị Mỷ"}},
    {"name": "bc-415-buudien-two-row-title", "format": "xlsx",
     "shape": "a sheet set out like a letter: issuer under its corporation and the number on the left, motto and place-date on the right, 'BÁO CÁO' and its title on two merged rows, KT. signer at the far right",
     "merge": ["A1:C1", "A2:C2", "A5:F5", "A6:F6"],
     "lines": [("TỔNG CÔNG TY BƯU ĐIỆN VIỆT NAM", None, None, None, MOTTO[0]),
               ("BƯU ĐIỆN TỈNH NAM SƠN NGUYÊN", None, None, None, MOTTO[1]),
               ("Số: 415/BC-BĐNSN", None, None, None, "Nam Sơn Nguyên, ngày 05 tháng 10 năm 2024"), (),
               ("BÁO CÁO",), ("KẾT QUẢ SẢN XUẤT KINH DOANH THÁNG 9 NĂM 2024",), (),
               ("STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"), (1, "Doanh thu bưu chính", 1200, 1260, 105),
               (2, "Doanh thu tài chính", 800, 760, 95), (),
               (None, None, None, None, "KT. GIÁM ĐỐC"), (None, None, None, None, "PHÓ GIÁM ĐỐC"), (), (),
               (None, None, None, None, "Văn Thị Ngọc Bích")],
     "gold": {"type": "Báo cáo", "number": "415/BC-BĐNSN", "date": "2024-10-05", "issuer": "BƯU ĐIỆN TỈNH NAM SƠN NGUYÊN",
              "signer": "Văn Thị Ngọc Bích"}},
    {"name": "bieu-03-tkyt-labels-above-values", "format": "xlsx",
     "shape": "a statistical form whose labels stand in one row and their values in the row below, in the same column ('Đơn vị báo cáo:' over the unit, 'Đơn vị nhận báo cáo:' over the receiver); 'Kỳ báo cáo: Quý III/2024'",
     "lines": [("Biểu số: 03/TKYT", None, None, None, None, "Đơn vị báo cáo:"),
               ("Ban hành kèm theo Quyết định số 45/QĐ-SYT", None, None, None, None, "Trung tâm Y tế huyện Hạ Lộc"),
               (None, None, None, None, None, "Đơn vị nhận báo cáo:"), (None, None, None, None, None, "Sở Y tế tỉnh Vân Lâm"),
               ("BÁO CÁO HOẠT ĐỘNG KHÁM CHỮA BỆNH",), ("Kỳ báo cáo: Quý III/2024",),
               ("STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"),
               (1, "Lượt khám bệnh", "lượt", 12000, 12600, 105), (2, "Bệnh nhân nội trú", "người", 900, 810, 90), (),
               (None, None, None, None, None, "Hạ Lộc, ngày 12 tháng 10 năm 2024"),
               ("Người lập biểu", None, None, "Kế toán trưởng", None, "Giám đốc"), (),
               ("Khổng Thị Thơm", None, None, "Bế Văn Quang", None, "La Văn Đức")],
     "gold": {"type": "Biểu", "number": "03/TKYT", "date": "2024-10-12", "issuer": "Trung tâm Y tế huyện Hạ Lộc",
              "signer": "La Văn Đức"}},
    {"name": "bieu-01-tckh-code-top-right", "format": "xlsx",
     "shape": "issuer under its parent in the top-left cells and the form code in the top-right cell of the first row, read between the two issuer lines",
     "lines": [("UBND HUYỆN HẠ LỘC", None, None, None, None, "Biểu số 01/TCKH"),
               ("PHÒNG TÀI CHÍNH - KẾ HOẠCH", None, None, None, None, "Ngày nhận báo cáo: 15/10"), (),
               ("TỔNG HỢP THU NGÂN SÁCH XÃ",), ("9 tháng năm 2024",),
               ("STT", "Xã", "Dự toán", "Thực hiện", "Tỷ lệ (%)"), (1, "Ngọc Hà", 3000, 2400, 80), (2, "Hòa Bắc", 2500, 2250, 90),
               (), (None, None, None, None, "Hạ Lộc, ngày 10 tháng 10 năm 2024"), ("NGƯỜI LẬP", None, None, None, "TRƯỞNG PHÒNG"),
               (), ("Giáp Thị Nụ", None, None, None, "Ninh Văn Khoa")],
     "gold": {"type": "Biểu", "number": "01/TCKH", "date": "2024-10-10", "issuer": "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
              "signer": "Ninh Văn Khoa"}},
    {"name": "bieu-04-gd-unit-left-month-only", "format": "xlsx",
     "shape": "'Đơn vị: …' on the left and a template code without a symbol on the right; a month for its period and no date anywhere (the period is no date)",
     "merge": ["A3:F3"],
     "lines": [("Đơn vị: Trường Tiểu học Ngọc Hà", None, None, None, None, "Mẫu số 04-GD"), (),
               ("THỐNG KÊ SỐ LƯỢNG HỌC SINH ĐẦU NĂM HỌC",), ("Tháng 9 năm 2024",),
               ("STT", "Khối", "Số lớp", "Số học sinh", "Nữ", "Dân tộc"), (1, "Khối 1", 3, 96, 45, 30),
               (2, "Khối 2", 3, 101, 50, 28), (None, "Cộng", 6, 197, 95, 58), (),
               ("NGƯỜI LẬP BIỂU", None, None, None, "HIỆU TRƯỞNG"), (), ("Vi Thị Hoa", None, None, None, "Hoàng Văn Thụ")],
     "gold": {"type": "Biểu", "number": None, "date": None, "issuer": "Trường Tiểu học Ngọc Hà", "signer": "Hoàng Văn Thụ"}},
    {"name": "bieu-02nn-period-unsigned", "format": "xlsx",
     "shape": "a form filled in but not signed: roles and hints with no names under them, a reporting period ('Kỳ báo cáo: Quý III/2024') and no date",
     "lines": [("Biểu số 02/NN", None, None, None, "Đơn vị báo cáo: UBND xã Ngọc Hà"),
               (None, None, None, None, "Đơn vị nhận báo cáo: UBND huyện Hạ Lộc"),
               ("KẾT QUẢ SẢN XUẤT NÔNG NGHIỆP",), ("Kỳ báo cáo: Quý III/2024",),
               ("STT", "Cây trồng", "Diện tích (ha)", "Năng suất (tạ/ha)", "Sản lượng (tấn)"),
               (1, "Lúa", 420, 55, 2310), (2, "Ngô", 130, 40, 520), (),
               ("Người lập biểu", None, None, None, "Chủ tịch UBND xã"), ("(Ký, họ tên)", None, None, None, "(Ký tên, đóng dấu)")],
     "gold": {"type": "Biểu", "number": "02/NN", "date": None, "issuer": "UBND xã Ngọc Hà", "signer": None}},
    {"name": "ct-09-ubnd-spaces-between-columns", "format": "txt",
     "shape": "a Word 97-era text whose two header columns are set apart by runs of blanks, not tabs (as a .doc converter gives them); 'Số:   09 /2009/CT-UBND' with blanks; (Đã ký) over the name",
     "lines": ["UBND TỈNH VÂN LÂM              CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
               "        *                           Độc lập - Tự do - Hạnh phúc",
               "                                   ----------------------------",
               "Số:   09 /2009/CT-UBND           Vân Lâm, ngày 20 tháng 5 năm 2009", "", "CHỈ THỊ",
               "Về việc tăng cường ứng dụng khoa học và công nghệ cấp cơ sở", "", *BODY, "",
               "Nơi nhận:                                   TM. UỶ BAN NHÂN DÂN",
               "- Như trên;                                       CHỦ TỊCH", "- Lưu: VT.", "",
               "                                                   (Đã ký)", "",
               "                                               Ma Văn Thắng"],
     "gold": {"type": "Chỉ thị", "number": "09/2009/CT-UBND", "date": "2009-05-20", "issuer": "UBND TỈNH VÂN LÂM",
              "signer": "Ma Văn Thắng"}},
    {"name": "bc-132-docx-tab-stops", "format": "docx",
     "shape": "a DOCX header typed as paragraphs with tab stops between the two columns, the issuer's second line and the motto's second line on one paragraph",
     "lines": ["ỦY BAN NHÂN DÂN\t\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ NGỌC HÀ\t\tĐộc lập - Tự do - Hạnh phúc",
               "Số: 132 /BC-UBND\t\tNgọc Hà, ngày 04 tháng 10 năm 2024", "BÁO CÁO",
               "Kết quả thực hiện nhiệm vụ 9 tháng đầu năm 2024", *BODY, "Nơi nhận:\t\tTM. ỦY BAN NHÂN DÂN",
               "- UBND huyện;\t\tCHỦ TỊCH", "- Lưu: VT.", "\t\tÂu Văn Hùng"],
     "gold": {"type": "Báo cáo", "number": "132/BC-UBND", "date": "2024-10-04", "issuer": "ỦY BAN NHÂN DÂN XÃ NGỌC HÀ",
              "signer": "Âu Văn Hùng"}},
    {"name": "bieu-nnmt-issuer-one-cell", "format": "xlsx",
     "shape": "the issuer block and the motto each in one wrapped cell (a line break inside the cell), the number under the issuer, 'BÁO CÁO' and its title on two rows",
     "merge": ["A1:B1", "D1:F1"],
     "lines": [("UBND HUYỆN HẠ LỘC\nPHÒNG NÔNG NGHIỆP VÀ MÔI TRƯỜNG", None, None, "\n".join(MOTTO)),
               ("Số: 88/BC-NNMT", None, None, "Hạ Lộc, ngày 01 tháng 11 năm 2024"), (), ("BÁO CÁO",),
               ("TIẾN ĐỘ GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2024",),
               ("STT", "Dự án", "Kế hoạch vốn", "Đã giải ngân", "Tỷ lệ (%)"), (1, "Kênh mương Nà Pục", 2000, 1500, 75),
               (2, "Đường nội đồng", 1000, 900, 90), (), (None, None, None, "KT. TRƯỞNG PHÒNG"), (None, None, None, "PHÓ TRƯỞNG PHÒNG"),
               (), (None, None, None, "Lò Thị Bình")],
     "gold": {"type": "Báo cáo", "number": "88/BC-NNMT", "date": "2024-11-01", "issuer": "PHÒNG NÔNG NGHIỆP VÀ MÔI TRƯỜNG",
              "signer": "Lò Thị Bình"}},
    {"name": "bieu-cty-roles-one-line-txt", "format": "txt",
     "shape": "an accounting form as text: 'Đơn vị: …' and 'Địa chỉ: …' over the title, the form code on the right of the first line, the signature roles and the names each on one line set apart by blanks",
     "lines": ["Đơn vị: Công ty Cổ phần Cấp nước Vân Lâm                 Mẫu số B 02 - DN",
               "Địa chỉ: số 5 đường Lê Lợi, thành phố Vân Lâm", "", "BÁO CÁO KẾT QUẢ HOẠT ĐỘNG KINH DOANH",
               "Năm 2024", "", "Chỉ tiêu\tMã số\tNăm nay\tNăm trước", "Doanh thu\t01\t52.300\t48.100",
               "Lợi nhuận\t60\t4.200\t3.900", "", "                                              Lập, ngày 25 tháng 01 năm 2025",
               "Người lập biểu            Kế toán trưởng            Giám đốc",
               "(Ký, họ tên)              (Ký, họ tên)              (Ký, họ tên, đóng dấu)", "",
               "Trần Thị Mười             Lê Văn Một                Phan Thanh Hai"],
     "gold": {"type": "Biểu", "number": None, "date": "2025-01-25", "issuer": "Công ty Cổ phần Cấp nước Vân Lâm",
              "signer": "Phan Thanh Hai"}},
    {"name": "qd-15-ub-word97-tabs", "format": "doc",
     "shape": "a Word 97 (.doc) decision typed with tabs between the header columns, 'UỶ', a rule line, 'Số:   15 /2009/QĐ-UB' with blanks, the signature beside the recipients",
     "lines": ["UỶ BAN NHÂN DÂN\t\tCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "TỈNH VÂN LÂM\t\tĐộc lập - Tự do - Hạnh phúc",
               "-------\t\t---------------------", "Số:   15 /2009/QĐ-UB\t\tVân Lâm, ngày 08 tháng 4 năm 2009", "",
               "QUYẾT ĐỊNH", "Về việc ban hành Quy định quản lý đại lý dịch vụ Internet", "", "UỶ BAN NHÂN DÂN TỈNH VÂN LÂM",
               "Căn cứ Luật Tổ chức Hội đồng nhân dân và Uỷ ban nhân dân ngày 26/11/2003;", "QUYẾT ĐỊNH:",
               "Điều 1. Ban hành kèm theo Quyết định này Quy định quản lý đại lý dịch vụ Internet.",
               "Điều 2. Quyết định có hiệu lực sau 10 ngày kể từ ngày ký.", "", "Nơi nhận:\t\tTM. UỶ BAN NHÂN DÂN",
               "- Như Điều 3;\t\tKT. CHỦ TỊCH", "- Lưu VT.\t\tPHÓ CHỦ TỊCH", "", "\t\t(Đã ký)", "", "\t\tTrương Văn Mười"],
     "gold": {"type": "Quyết định", "number": "15/2009/QĐ-UB", "date": "2009-04-08", "issuer": "UỶ BAN NHÂN DÂN TỈNH VÂN LÂM",
              "signer": "Trương Văn Mười"}},
    {"name": "tb-20-stttt-word97-table", "format": "doc",
     "shape": "a Word 97 (.doc) notice with its header and signature in tables, the number with blanks ('Số: 20 /TB-STTTT'), (Đã ký) between position and name",
     "lines": [("UBND TỈNH NAM SƠN NGUYÊN\nSỞ THÔNG TIN VÀ TRUYỀN THÔNG\n______", "\n".join(MOTTO)),
               ("Số: 20 /TB-STTTT", "Nam Sơn Nguyên, ngày 17 tháng 3 năm 2011"), "THÔNG BÁO",
               "Về việc sử dụng chữ ký số trong trao đổi văn bản điện tử", *BODY,
               ("Nơi nhận:\n- Các sở, ban, ngành;\n- Lưu: VT.", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\n(Đã ký)\n\nPhan Văn Bảy")],
     "gold": {"type": "Thông báo", "number": "20/TB-STTTT", "date": "2011-03-17", "issuer": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
              "signer": "Phan Văn Bảy"}},
    {"name": "bieu-ton-quy-buucuc-xls", "format": "xls",
     "shape": "an Excel 97 (.xls) daily form: issuer on three lines top left, 'Biểu số: 05/TQ' top right, the date as a date cell after its label, roles and names of three signers",
     "merge": ["A4:F4"],
     "lines": [("TỔNG CÔNG TY BƯU ĐIỆN VIỆT NAM", None, None, None, None, "Biểu số: 05/TQ"),
               ("BƯU ĐIỆN TỈNH NAM SƠN NGUYÊN",), ("BƯU ĐIỆN HUYỆN HẠ LỘC",),
               ("BÁO CÁO TỒN QUỸ TIỀN MẶT CÁC BƯU CỤC",), (None, None, "Ngày:", _dt.datetime(2024, 1, 14)),
               ("STT", "Bưu cục", "Tồn đầu ngày", "Thu", "Chi", "Tồn cuối ngày"), (1, "Bưu cục Ngọc Hà", 120, 80, 60, 140),
               (2, "Bưu cục Hòa Bắc", 90, 40, 70, 60), (None, "Cộng", 210, 120, 130, 200), (),
               ("Người lập", None, "Kiểm soát", None, None, "Giám đốc"), (), ("Lành Thị Mai", None, "Chu Văn Tiến", None, None, "Đường Văn Hải")],
     "gold": {"type": "Biểu", "number": "05/TQ", "date": "2024-01-14", "issuer": "BƯU ĐIỆN HUYỆN HẠ LỘC",
              "signer": "Đường Văn Hải"}},
    {"name": "bc-nhanh-xls-unit-below", "format": "xls",
     "shape": "an Excel 97 (.xls) quick report: a one-line title in capitals, the month under it, the unit named on a label line, no date and no signature",
     "merge": ["A1:E1", "A2:E2"],
     "lines": [("BÁO CÁO NHANH KẾT QUẢ KINH DOANH",), ("Tháng 9 năm 2024",), ("Đơn vị: Bưu điện huyện Hạ Lộc",),
               ("STT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "So sánh (%)"), (1, "Doanh thu", 500, 520, 104),
               (2, "Sản lượng bưu gửi", 3000, 2850, 95)],
     "gold": {"type": "Báo cáo", "number": None, "date": None, "issuer": "Bưu điện huyện Hạ Lộc", "signer": None}},
    {"name": "bieu-07yt-labels-one-row", "format": "xlsx",
     "shape": "the reporting and receiving units' labels side by side in one row, their values side by side in the row below",
     "lines": [("Biểu số 07/YT",), ("Đơn vị báo cáo:", None, None, None, "Đơn vị nhận báo cáo:"),
               ("Trạm Y tế xã Hòa Bắc", None, None, None, "Trung tâm Y tế huyện Hạ Lộc"),
               ("BÁO CÁO KẾT QUẢ TIÊM CHỦNG",), ("Tháng 10 năm 2024",),
               ("STT", "Vắc xin", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)"), (1, "Sởi", 40, 38, 95), (2, "Bại liệt", 40, 40, 100),
               (), (None, None, None, None, "Hòa Bắc, ngày 31 tháng 10 năm 2024"),
               ("Người lập biểu", None, None, None, "Trưởng trạm"), (), ("Nông Thị Huế", None, None, None, "Lường Văn Chiến")],
     "gold": {"type": "Biểu", "number": "07/YT", "date": "2024-10-31", "issuer": "Trạm Y tế xã Hòa Bắc",
              "signer": "Lường Văn Chiến"}},
    {"name": "bieu-c30-don-vi-label-cell", "format": "xlsx",
     "shape": "an accounting voucher: 'Đơn vị:' and 'Mã QHNS:' labels with their values in the cells to their right, the template code far right; three signers",
     "lines": [("Đơn vị:", "Trạm Y tế xã Ngọc Hà", None, None, None, "Mẫu số C30-BB"),
               ("Mã QHNS:", "1034567", None, None, None, "(Ban hành kèm theo Thông tư số 107/2017/TT-BTC)"), (),
               ("BẢNG KÊ CHI TIỀN CHO NGƯỜI THAM DỰ TẬP HUẤN",), ("Tập huấn phòng chống dịch bệnh",),
               ("STT", "Họ và tên", "Đơn vị", "Số tiền", "Ký nhận", "Ghi chú"), (1, "Người tham dự số 1", "Thôn 1", 100, None, None),
               (2, "Người tham dự số 2", "Thôn 2", 100, None, None), (None, "Cộng", None, 200, None, None), (),
               (None, None, None, None, None, "Ngọc Hà, ngày 20 tháng 9 năm 2024"),
               ("Người lập", None, "Kế toán", None, None, "Thủ trưởng đơn vị"), (),
               ("Bàn Thị Mây", None, "Chẩu Văn Lợi", None, None, "Hoàng Thị Thu")],
     "gold": {"type": "Biểu", "number": None, "date": "2024-09-20", "issuer": "Trạm Y tế xã Ngọc Hà", "signer": "Hoàng Thị Thu"}},
    {"name": "bc-caps-co-quan-chu-quan", "format": "xlsx",
     "shape": "'CƠ QUAN CHỦ QUẢN: …' over 'ĐƠN VỊ: …' in capitals, 'BÁO CÁO' over its title on two rows, roles in capitals",
     "merge": ["A3:E3", "A4:E4"],
     "lines": [("CƠ QUAN CHỦ QUẢN: UBND HUYỆN HẠ LỘC",), ("ĐƠN VỊ: TRƯỜNG MẦM NON HOA SEN",), ("BÁO CÁO",),
               ("THỰC HIỆN DỰ TOÁN THU, CHI NĂM 2024",), (None, None, None, None, "Đơn vị tính: nghìn đồng"),
               ("STT", "Nội dung", "Dự toán", "Thực hiện", "Tỷ lệ (%)"), (1, "Thu học phí", 500, 480, 96),
               (2, "Chi thường xuyên", 2400, 2300, 95.8), (), (None, None, None, None, "Hạ Lộc, ngày 15 tháng 01 năm 2025"),
               ("KẾ TOÁN", None, None, None, "HIỆU TRƯỞNG"), (), ("Mông Thị Quý", None, None, None, "Đồng Thị Ánh")],
     "gold": {"type": "Báo cáo", "number": None, "date": "2025-01-15", "issuer": "TRƯỜNG MẦM NON HOA SEN",
              "signer": "Đồng Thị Ánh"}},
    {"name": "cv-57-pnv-word97-vv", "format": "doc",
     "shape": "a Word 97 (.doc) công văn: the left header cell holds the issuer, a rule, the number and the V/v lines; Kính gửi; the signer (an uncommon family name) under (Đã ký) in the signature table",
     "lines": [("UBND HUYỆN HẠ LỘC\nPHÒNG NỘI VỤ\n______\nSố: 57 /PNV\nV/v báo cáo số lượng cán bộ, công chức",
                "\n".join(MOTTO) + "\n\nHạ Lộc, ngày 06 tháng 6 năm 2010"),
               "Kính gửi: UBND các xã, thị trấn.", *BODY,
               ("Nơi nhận:\n- Như trên;\n- Lưu: VT.", "TRƯỞNG PHÒNG\n\n(Đã ký)\n\nLăng Văn Sơn")],
     "gold": {"type": "Công văn", "number": "57/PNV", "date": "2010-06-06", "issuer": "PHÒNG NỘI VỤ", "signer": "Lăng Văn Sơn"}},
    {"name": "bieu-01-ldtbxh-word97-form", "format": "doc",
     "shape": "a Word 97 (.doc) statistical form: code and act on the left, reporting and receiving units on the right of a table, the title in capitals, the period, a two-cell signature table with the date over the head's role",
     "lines": [("Biểu số 01/LĐTBXH\nBan hành kèm theo Quyết định số 12/QĐ-SLĐTBXH",
                "Đơn vị báo cáo: Phòng Lao động - Thương binh và Xã hội huyện Hạ Lộc\nĐơn vị nhận báo cáo: Sở Lao động - Thương binh và Xã hội"),
               "BÁO CÁO KẾT QUẢ GIẢI QUYẾT VIỆC LÀM", "Quý II năm 2010",
               "Tổng số lao động được giải quyết việc làm là 312 người, trong đó xuất khẩu lao động 25 người.",
               ("Người lập biểu\n\nHà Thị Lan", "Hạ Lộc, ngày 05 tháng 7 năm 2010\nTrưởng phòng\n\nĐặng Văn Hòa")],
     "gold": {"type": "Biểu", "number": "01/LĐTBXH", "date": "2010-07-05",
              "issuer": "Phòng Lao động - Thương binh và Xã hội huyện Hạ Lộc", "signer": "Đặng Văn Hòa"}},
    {"name": "bieu-04tq-xls-caps-labels", "format": "xls",
     "shape": "an Excel 97 (.xls) form: a template code, the units' labels in capitals side by side with their values in the row below, a TỔNG HỢP title, 'Ngày báo cáo:' with a date cell, roles in capitals left unsigned",
     "merge": ["A4:F4"],
     "lines": [("Biểu số 04-TQ",), ("ĐƠN VỊ BÁO CÁO:", None, None, None, "ĐƠN VỊ NHẬN BÁO CÁO:"),
               ("BƯU ĐIỆN HUYỆN NGỌC HÀ", None, None, None, "BƯU ĐIỆN TỈNH VÂN LÂM"),
               ("TỔNG HỢP NHU CẦU TIẾP QUỸ TIỀN MẶT",), (None, None, "Ngày báo cáo:", _dt.datetime(2024, 3, 5)),
               ("STT", "Bưu cục", "Tồn quỹ", "Nhu cầu chi", "Đề nghị tiếp quỹ", "Ghi chú"),
               (1, "Bưu cục Ngọc Hà", 50, 200, 150, None), (2, "Bưu cục Nà Pục", 20, 90, 70, None), (None, "Cộng", 70, 290, 220, None),
               (), ("LẬP BIỂU", None, "KIỂM SOÁT", None, None, "GIÁM ĐỐC")],
     "gold": {"type": "Biểu", "number": None, "date": "2024-03-05", "issuer": "BƯU ĐIỆN HUYỆN NGỌC HÀ", "signer": None}},
    {"name": "bieu-03-02-dt-xls-code-in-table", "format": "xls",
     "shape": "an Excel 97 (.xls) form: the unit in normal case top left, 'Đơn vị nhận:' and the receiver in the cells to the right, a title, the period, the form code in the table's first header cell; the date beside the first role and the head's name under its role",
     "lines": [("Bưu điện Trung tâm 5", None, None, None, "Đơn vị nhận:", "BƯU ĐIỆN TỈNH VÂN LÂM"),
               ("KẾT QUẢ DOANH THU DỊCH VỤ BƯU CHÍNH",), ("Tháng 8 Năm 2024",),
               ("Biểu 03-02/DT-BC", "Chỉ tiêu", "Đơn vị tính", "Mã số", "Sản lượng", "Doanh thu"),
               (None, "Bưu phẩm trong nước", "cái", "1100", 5200, 86000), (None, "Bưu kiện", "cái", "1200", 830, 41000), (),
               ("Người lập biểu", None, None, None, "Ngọc Hà, Ngày 05 tháng 9 năm 2024"),
               (None, None, None, None, "Trưởng đơn vị"), (), (None, None, None, None, "Kim Văn Sơn")],
     "gold": {"type": "Biểu", "number": "03-02/DT-BC", "date": "2024-09-05", "issuer": "Bưu điện Trung tâm 5",
              "signer": "Kim Văn Sơn"}},
    {"name": "tonghop-04tq-xls-bare-code", "format": "xls",
     "shape": "an Excel 97 (.xls) summary: the unit in normal case, a TỔNG HỢP title (no type), the date alone, a template code without 'Biểu' in the table's first header cell (no type, no number), roles and no names",
     "lines": [("Bưu điện tỉnh Nam Sơn Nguyên",), ("TỔNG HỢP NHU CẦU TIỀN MẶT CỦA CÁC BƯU CỤC",), ("Ngày 11 tháng 3 năm 2024",),
               ("04-TQ", "STT", "Bưu cục", "Tồn quỹ", "Cần tiếp quỹ"), (None, 1, "Bưu cục Ngọc Hà", 40, 120),
               (None, 2, "Bưu cục Hòa Bắc", 35, 60), (None, None, "Tổng cộng", 75, 180), (),
               ("Người lập biểu", None, "Kế toán trưởng", None, "Giám đốc")],
     "gold": {"type": None, "number": None, "date": "2024-03-11", "issuer": "Bưu điện tỉnh Nam Sơn Nguyên", "signer": None}},
    {"name": "bieu-08syt-parent-over-unit", "format": "xlsx",
     "shape": "a form whose title cells name the province's people's committee while 'Đơn vị báo cáo: …' names the department that reports (the issuer, under that parent)",
     "lines": [("ỦY BAN NHÂN DÂN TỈNH VÂN LÂM", None, None, None, None, "Biểu số 08/SYT"),
               (None, None, None, None, None, "Đơn vị báo cáo: Sở Y tế tỉnh Vân Lâm"),
               (None, None, None, None, None, "Đơn vị nhận báo cáo: Bộ Y tế"),
               ("BÁO CÁO NHÂN LỰC Y TẾ NĂM 2024",),
               ("STT", "Tuyến", "Bác sĩ", "Điều dưỡng", "Dược sĩ", "Cộng"), (1, "Tỉnh", 310, 820, 45, 1175),
               (2, "Huyện", 420, 1100, 60, 1580), (), (None, None, None, None, None, "Vân Lâm, ngày 20 tháng 01 năm 2025"),
               ("Người lập biểu", None, None, None, None, "KT. GIÁM ĐỐC"), (None, None, None, None, None, "PHÓ GIÁM ĐỐC"), (),
               ("Triệu Thị Loan", None, None, None, None, "Quan Văn Bình")],
     "gold": {"type": "Biểu", "number": "08/SYT", "date": "2025-01-20", "issuer": "Sở Y tế tỉnh Vân Lâm",
              "signer": "Quan Văn Bình"}},
    {"name": "bieu-12-tk-title-after-code", "format": "xlsx",
     "shape": "the issuer in the top-left cell, the form code in the top-right cell of the same row, then a title in capitals that opens with no type or title word (never part of the issuer)",
     "lines": [("CHI CỤC THỐNG KÊ HUYỆN HẠ LỘC", None, None, None, "Biểu số 12/TK-NN"), (),
               ("GIÁ TRỊ SẢN XUẤT NÔNG, LÂM NGHIỆP VÀ THỦY SẢN",), ("Năm 2024",),
               ("STT", "Ngành", "Giá trị (tỷ đồng)", "Cơ cấu (%)"), (1, "Nông nghiệp", 620, 62), (2, "Lâm nghiệp", 180, 18),
               (3, "Thủy sản", 200, 20), (None, "Tổng số", 1000, 100), (), (None, None, None, "Hạ Lộc, ngày 10 tháng 02 năm 2025"),
               ("NGƯỜI LẬP BIỂU", None, None, "CHI CỤC TRƯỞNG"), (), ("Mạc Thị Hường", None, None, "Phương Văn Toàn")],
     "gold": {"type": "Biểu", "number": "12/TK-NN", "date": "2025-02-10", "issuer": "CHI CỤC THỐNG KÊ HUYỆN HẠ LỘC",
              "signer": "Phương Văn Toàn"}},
    {"name": "bc-ten-don-vi-bao-cao-txt", "format": "txt",
     "shape": "a form as text naming its unit 'Tên đơn vị báo cáo: …' under its code, the receiver on the next line, the signers' roles and names on two lines set apart by tabs",
     "lines": ["Mẫu số 02/QLC", "Tên đơn vị báo cáo: Ban Quản lý chợ Ngọc Hà", "Đơn vị nhận báo cáo: Phòng Kinh tế huyện Hạ Lộc", "",
               "BÁO CÁO TÌNH HÌNH KINH DOANH TẠI CHỢ", "Tháng 11 năm 2024", "", "STT\tNgành hàng\tSố hộ", "1\tThực phẩm\t64",
               "2\tQuần áo\t31", "", "Ngọc Hà, ngày 02 tháng 12 năm 2024", "Người lập biểu\tTrưởng ban", "",
               "Lò Thị Ngần\tHà Văn Khiêm"],
     "gold": {"type": "Biểu", "number": "02/QLC", "date": "2024-12-02", "issuer": "Ban Quản lý chợ Ngọc Hà",
              "signer": "Hà Văn Khiêm"}},

]


def _txt(lines: list[Any]) -> bytes:
    out = []
    for ln in lines:
        if isinstance(ln, tuple):
            left, right = ln
            out.append(f"{left}\t\t{right}" if left else f"\t\t\t{right}")
        else:
            out.append(ln)
    return ("\n".join(out) + "\n").encode("utf-8")


def _rezip(data: bytes) -> bytes:
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for n in zin.namelist():
            zi = zipfile.ZipInfo(n, date_time=ZIP_DT)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 0
            data = zin.read(n)
            if n == "docProps/core.xml":  # openpyxl stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", data)
            zout.writestr(zi, data, compresslevel=9)
    return out.getvalue()


def _docx(lines: list[Any]) -> bytes:
    import docx

    d = docx.Document()
    cp = d.core_properties
    cp.author = "baocao"
    cp.created = cp.modified = FIXED
    cp.last_modified_by = "baocao"
    rows: list[tuple[str, str]] = []

    def flush() -> None:
        if not rows:
            return
        t = d.add_table(rows=len(rows), cols=2)
        for r, (left, right) in enumerate(rows):
            for c, text in enumerate((left, right)):
                cell = t.cell(r, c)
                for k, part in enumerate(text.split("\n")):
                    p = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                    p.add_run(part)
        rows.clear()

    for ln in lines:
        if isinstance(ln, tuple):
            rows.append(ln)
            continue
        flush()
        d.add_paragraph(ln)
    flush()
    buf = io.BytesIO()
    d.save(buf)
    return _rezip(buf.getvalue())


def _xlsx(lines: list[Any], merge: list[str] | None = None) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.creator = "baocao"
    wb.properties.created = wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Bieu"
    for rng in merge or ():  # cells merged across columns on the first sheet (a title row)
        ws.merge_cells(rng)
    r = 0
    for row in lines:
        if row[:1] == (SHEET,):  # the rows below go on a new sheet
            ws = wb.create_sheet(row[1])
            r = 0
            continue
        r += 1
        for c, v in enumerate(row, start=1):
            if v is not None:
                ws.cell(row=r, column=c, value=v)
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


def _xls(lines: list[Any], merge: list[str] | None = None) -> bytes:
    """An Excel 97 workbook (BIFF8) written by xlwt: one sheet, merged ranges, dates as date
    cells."""
    import xlwt  # only to write the .xls documents again (pip install xlwt)
    from openpyxl.utils.cell import range_boundaries

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Bieu")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for rng in merge or ():
        c0, r0, c1, r1 = range_boundaries(rng)
        merged[(r0 - 1, c0 - 1)] = (r1 - 1, c1 - 1)
    for r, row in enumerate(lines):
        for c, v in enumerate(row):
            if v is None:
                continue
            style = date_style if isinstance(v, _dt.datetime) else xlwt.Style.default_style
            if (r, c) in merged:
                r1, c1 = merged[(r, c)]
                ws.write_merge(r, r1, c, c1, v, style)
            else:
                ws.write(r, c, v, style)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _doc(docx_bytes: bytes) -> bytes:
    """A Word 97 file: the DOCX converted by LibreOffice (``soffice --convert-to doc``)."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.docx"
        src.write_bytes(docx_bytes)
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
                        "--convert-to", "doc", "--outdir", tmp, str(src)],
                       check=True, capture_output=True, timeout=300)
        return (Path(tmp) / "in.doc").read_bytes()


def _legacy(spec: dict[str, Any], source: bytes) -> bytes:
    """A .doc or .xls document: converted from its source (the DOCX, or the rows) only when
    the source changed since the committed file was written (its ``source_sha256``), so that
    writing the set again needs neither LibreOffice nor xlwt."""
    fmt = spec["format"]
    committed = OUT / f"{spec['name']}.{fmt}"
    gold = OUT / f"{spec['name']}.gold.json"
    digest = hashlib.sha256(source).hexdigest()
    if committed.exists() and gold.exists():
        if json.loads(gold.read_text(encoding="utf-8")).get("source_sha256") == digest:
            return committed.read_bytes()
    if fmt == "doc":
        return _doc(source)
    return _xls(spec["lines"], spec.get("merge"))


def _rows_source(spec: dict[str, Any]) -> bytes:
    """What an .xls is written from, as bytes (its rows and merged ranges)."""
    return json.dumps([spec["lines"], spec.get("merge")], ensure_ascii=False, default=str).encode("utf-8")


def build(spec: dict[str, Any]) -> tuple[bytes, dict[str, Any]]:
    """The document's bytes and its gold record."""
    fmt = spec["format"]
    source: bytes | None = None
    if fmt == "doc":
        source = _docx(spec["lines"])
        data = _legacy(spec, source)
    elif fmt == "xls":
        source = _rows_source(spec)
        data = _legacy(spec, source)
    elif fmt == "xlsx":
        data = _xlsx(spec["lines"], spec.get("merge"))
    else:
        data = {"txt": _txt, "docx": _docx}[fmt](spec["lines"])
    gold = {"file": f"{spec['name']}.{fmt}", "sha256": hashlib.sha256(data).hexdigest(),
            "header": spec["gold"], "shape": spec["shape"]}
    if source is not None:
        gold["source_sha256"] = hashlib.sha256(source).hexdigest()
    return data, gold


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for spec in DOCS:
        data, gold = build(spec)
        (out / gold["file"]).write_bytes(data)
        (out / f"{spec['name']}.gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")
    print(f"{len(DOCS)} documents written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

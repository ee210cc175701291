"""Regenerate the office-written .xlsx corpus in this directory.

usage (from the repository root):  /usr/bin/python3 xlsx/testdata/office/make.py

Needs Debian's python3 with python3-uno and python3-openpyxl, and LibreOffice
(libreoffice-calc-nogui). Writes, next to this script:

  openpyxl-features.xlsx             openpyxl, normal mode
  openpyxl-writeonly.xlsx            openpyxl, write_only mode (iso_dates: t="d" cells)
  libreoffice-features.xlsx          LibreOffice Calc via UNO, "Calc MS Excel 2007 XML" filter
  libreoffice-ooxml.xlsx             the same document, "Calc Office Open XML" filter
  libreoffice-resaved-openpyxl.xlsx  openpyxl-features.xlsx recalculated and saved by LibreOffice
  shared-formulas.xlsx               libreoffice-features.xlsx with E2:E20 and F2:F20 rewritten
                                     as shared formulas (<f t="shared">), cached values kept
  prefixed-namespace.xlsx            openpyxl-features.xlsx with worksheets and sharedStrings
                                     in the x: prefixed SpreadsheetML namespace, and cells
                                     without an r attribute in two rows
  prefixed-namespace-sst.xlsx        the same rewrite of libreoffice-features.xlsx, which has
                                     a sharedStrings part (with rich-text runs) to prefix

Cell contents are deterministic. The three files LibreOffice writes keep LibreOffice's own zip
container as saved, so their zip entry times and docProps/core.xml dcterms:modified are the time
of saving. Every zip written here by Python (openpyxl's and the rewritten ones) gets fixed entry
times and a fixed dcterms:modified, so those five files are byte-stable across runs.
"""
import datetime
import io
import os
import re
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "templates", "testdata"))

SHEET1 = "Biểu 01-CT-TK"
SHEET2 = "Tổng hợp"
HIDDEN = "Ẩn"
FIXED = datetime.datetime(2024, 3, 15, 8, 30, 0)
ZIPTIME = (2024, 3, 15, 8, 30, 0)

LONG = ("Báo cáo chỉ tiêu kinh tế – xã hội năm 2024 của Ủy ban nhân dân tỉnh; "
        "số liệu ước thực hiện đến ngày 31/12. ") * 40
LONG = LONG[:2000]

NAMES = ["Tổng sản phẩm trên địa bàn (GRDP)", "Nông, lâm nghiệp và thủy sản",
         "Công nghiệp – xây dựng", "Dịch vụ", "Thuế sản phẩm trừ trợ cấp",
         "Thu ngân sách nhà nước", "Chi ngân sách địa phương", "Vốn đầu tư toàn xã hội",
         "Kim ngạch xuất khẩu", "Kim ngạch nhập khẩu", "Tổng mức bán lẻ hàng hóa",
         "Dân số trung bình", "Tỷ lệ hộ nghèo", "Số lao động có việc làm",
         "Tỷ lệ thất nghiệp", "Số doanh nghiệp thành lập mới", "Diện tích lúa",
         "Sản lượng lương thực", "Số giường bệnh / vạn dân"]


def path(name):
    return os.path.join(HERE, name)


def rezip(src, dst, edit=None):
    """Copy the zip src to dst, entry order and compression kept, timestamps fixed;
    edit(name, bytes) may return new bytes for an entry."""
    with zipfile.ZipFile(src) as zin:
        entries = [(i, zin.read(i.filename)) for i in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for info, data in entries:
            if edit:
                data = edit(info.filename, data)
            if info.filename == "docProps/core.xml":  # LibreOffice stamps the time of saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-03-15T08:30:00Z", data)
            zi = zipfile.ZipInfo(info.filename, ZIPTIME)
            zi.compress_type = info.compress_type
            zi.external_attr = info.external_attr
            zout.writestr(zi, data)
    with open(dst, "wb") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------- openpyxl

def make_openpyxl():
    import openpyxl
    from openpyxl.styles import Font, PatternFill, Alignment

    wb = openpyxl.Workbook()
    wb.properties.creator = "chitieu"
    wb.properties.lastModifiedBy = "chitieu"
    wb.properties.title = "Dữ liệu thử – openpyxl"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.active
    ws.title = "Dữ liệu"
    ws["A1"] = "Loại"
    ws["B1"] = "Giá trị"
    ws["A1"].font = ws["B1"].font = Font(bold=True)
    rows = [
        ("Số nguyên", 42),
        ("Số âm", -1234),
        ("Thập phân", 570.31),
        ("Rất nhỏ", 1e-7),
        ("Số lớn", 123456789012345678),
        ("0.1+0.2", 0.1 + 0.2),
        ("Văn bản", "plain ASCII text"),
        ("Tiếng Việt", "Thành phố Hồ Chí Minh – Đắk Lắk – Quảng Ngãi"),
        ("Bắt đầu bằng =", "=B2+1"),  # stored as a string below
        ("Đúng", True),
        ("Sai", False),
        ("Ngày", datetime.date(2024, 3, 15)),
        ("Ngày giờ", datetime.datetime(2024, 3, 15, 14, 45, 30)),
        ("Phần trăm", 0.164),
        ("Công thức", "=B2*2+B4"),
        ("Công thức văn bản", '=CONCATENATE("Tổng: ",B2)'),
        ("Xuống dòng", "Dòng một\nDòng hai"),
        ("Khoảng trắng đầu", "  hai dấu cách đầu"),
        ("Văn bản dài", LONG),
        ("Chuỗi rỗng", ""),
        ("Công thức sheet ẩn", "='Ẩn'!A1*3"),
        ("Lỗi", "=1/0"),
    ]
    for i, (label, value) in enumerate(rows, start=2):
        ws.cell(row=i, column=1, value=label)
        c = ws.cell(row=i, column=2, value=value)
        if label == "Bắt đầu bằng =":
            c.data_type = "s"
        elif label == "Phần trăm":
            c.number_format = "0.0%"
        elif label == "Ngày":
            c.number_format = "yyyy-mm-dd"
        elif label == "Thập phân":
            c.number_format = "#,##0.00"
        elif label == "Xuống dòng":
            c.alignment = Alignment(wrap_text=True)
    # a small table to the right, including a styled empty cell and a merged range
    ws["D1"] = "Ô gộp D1:F2"
    ws.merge_cells("D1:F2")
    ws["H4"].fill = PatternFill("solid", fgColor="FFFF00")  # styled, no value
    for r in range(4, 10):
        ws.cell(row=r, column=3, value=r * 1.5)
        ws.cell(row=r, column=4, value="=C%d/C4" % r)
    ws["Z300"] = "Ô xa"
    ws.column_dimensions["A"].width = 22

    hidden = wb.create_sheet(HIDDEN)
    hidden["A1"] = 7
    hidden["A2"] = "trong sheet ẩn"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Rất ẩn")
    very["A1"] = "trong sheet rất ẩn"
    very["B1"] = 3.25
    very.sheet_state = "veryHidden"

    # openpyxl 3.1+ only: rich text and custom document properties.
    try:
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
        ws["D6"] = CellRichText(["Chữ ", TextBlock(InlineFont(b=True), "đậm"), " và thường"])
    except ImportError:
        pass
    try:
        from openpyxl.packaging.custom import StringProperty
        wb.custom_doc_props.append(StringProperty(name="Đơn vị", value="Cục Thống kê tỉnh"))
    except ImportError:
        pass

    tmp = path("openpyxl-features.tmp")
    wb.save(tmp)
    rezip(tmp, path("openpyxl-features.xlsx"))
    os.remove(tmp)

    # write-only: streams rows; openpyxl 3.0 writes every string as an inline string.
    from openpyxl.cell import WriteOnlyCell
    wb = openpyxl.Workbook(write_only=True)
    wb.iso_dates = True  # dates as <c t="d"><v>2024-03-15T00:00:00</v></c>
    wb.properties.creator = "chitieu"
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    ws = wb.create_sheet("Dòng dữ liệu")
    ws.append(["STT", "Tên", "Số lượng", "Đơn giá", "Thành tiền", "Ngày", "Đạt", "Ghi chú"])
    for i in range(1, 301):
        note = None
        if i % 7 == 0:
            note = "ghi chú số %d – có dấu" % i
        elif i % 11 == 0:
            note = ""
        elif i % 13 == 0:
            note = WriteOnlyCell(ws, value="=không phải công thức")
            note.data_type = "s"  # a string, not a formula
        ws.append([
            i,
            NAMES[i % len(NAMES)],
            i * 3 - 100,
            round(i * 1.17 + 0.01, 2),
            "=C%d*D%d" % (i + 1, i + 1),
            datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
            i % 3 == 0,
            note,
        ])
    ws2 = wb.create_sheet("Trống")  # an empty sheet
    del ws2
    tmp = path("openpyxl-writeonly.tmp")
    wb.save(tmp)
    rezip(tmp, path("openpyxl-writeonly.xlsx"))
    os.remove(tmp)


# ---------------------------------------------------------------- LibreOffice

def make_libreoffice():
    import uno
    from com.sun.star.lang import Locale
    from com.sun.star.table import CellAddress
    from com.sun.star.util import DateTime
    from office import office, prop, url

    def fmt(doc, code):
        formats = doc.NumberFormats
        loc = Locale("en", "US", "")
        key = formats.queryKey(code, loc, False)
        if key == -1:
            key = formats.addNew(code, loc)
        return key

    def fixdate():
        d = DateTime()
        d.Year, d.Month, d.Day, d.Hours, d.Minutes = 2024, 3, 15, 8, 30
        return d

    with office() as desktop:
        doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, (prop("Hidden", True),))
        props = doc.DocumentProperties
        props.Author = "chitieu"
        props.ModifiedBy = "chitieu"
        props.Title = "Dữ liệu thử – LibreOffice"
        props.CreationDate = fixdate()
        props.ModificationDate = fixdate()

        sheets = doc.Sheets
        s1 = sheets.getByIndex(0)
        s1.Name = SHEET1
        sheets.insertNewByName(SHEET2, 1)
        sheets.insertNewByName(HIDDEN, 2)
        s2 = sheets.getByName(SHEET2)
        sh = sheets.getByName(HIDDEN)

        def at(sheet, name):
            return sheet.getCellRangeByName(name)

        # table: rows 2..20 filled down with formulas (turned into shared formulas later)
        for col, head in zip("ABCDEF", ["STT", "Chỉ tiêu", "Thực hiện", "Kế hoạch", "Tỷ lệ (%)", "So với D2"]):
            c = at(s1, col + "1")
            c.setString(head)
            c.CharWeight = 150.0
        for r in range(2, 21):
            i = r - 1
            at(s1, "A%d" % r).setValue(i)
            at(s1, "B%d" % r).setString(NAMES[i - 1])
            at(s1, "C%d" % r).setValue(round(570.31 + i * 12.7 - (i % 4) * 3.33, 2))
            at(s1, "D%d" % r).setValue(round(500 + i * 15.25, 2))
            at(s1, "E%d" % r).setFormula("=C%d/D%d*100" % (r, r))
            at(s1, "F%d" % r).setFormula("=C%d/$D$2" % r)
        at(s1, "E2:E20").NumberFormat = fmt(doc, "0.0")
        at(s1, "B21").setString("Tổng cộng")
        at(s1, "C21").setFormula("=SUM(C2:C20)")
        at(s1, "D21").setFormula("=SUM(D2:D20)")

        # one feature per row, label in A, value in B
        feats = []

        def feat(label, put):
            r = 24 + len(feats)
            feats.append(label)
            at(s1, "A%d" % r).setString(label)
            put(at(s1, "B%d" % r), r)

        def value(v, code=None):
            def put(c, r):
                c.setValue(float(v))
                if code:
                    c.NumberFormat = fmt(doc, code)
            return put

        def string(v):
            return lambda c, r: c.setString(v)

        def formula(f):
            return lambda c, r: c.setFormula(f)

        def boolean(c, r):
            c.setValue(1)
            c.NumberFormat = doc.NumberFormats.getStandardFormat(1024, Locale("en", "US", ""))  # LOGICAL

        def rich(c, r):
            c.setString("Chữ đậm và thường")
            cur = c.createTextCursor()
            cur.gotoStart(False)
            cur.goRight(4, False)
            cur.goRight(3, True)
            cur.CharWeight = 150.0
            cur.gotoEnd(False)
            cur.goLeft(6, True)
            cur.CharPosture = 2  # ITALIC

        def merged(c, r):
            c.setString("Ô gộp B:D hai dòng")
            at(s1, "B%d:D%d" % (r, r + 1)).merge(True)

        def comment(c, r):
            c.setValue(3.5)
            addr = CellAddress()
            addr.Sheet, addr.Column, addr.Row = 0, 1, r - 1
            s1.Annotations.insertNew(addr, "Ghi chú: số liệu ước tính")

        def wrapped(c, r):
            c.setString("Dòng một\nDòng hai")
            c.IsTextWrapped = True

        feat("Số nguyên", value(42))                                       # 24
        feat("Số âm", value(-1234))                                        # 25
        feat("Thập phân", value(570.31))                                   # 26
        feat("0.1+0.2 (giá trị)", value(0.1 + 0.2))                         # 27
        feat("0.1+0.2 (công thức)", formula("=0.1+0.2"))                    # 28
        feat("Phần trăm", value(0.164, "0.0%"))                            # 29
        feat("Định dạng #,##0.0", value(1234567.89, "#,##0.0"))             # 30
        feat("Ngày", value(45366, "YYYY-MM-DD"))                           # 31  2024-03-15
        feat("Ngày dd/mm/yyyy", value(45366.75, "DD/MM/YYYY HH:MM"))       # 32
        feat("Tiếng Việt", string("Thành phố Hồ Chí Minh – Đắk Lắk – Quảng Ngãi"))  # 33
        feat("Bắt đầu bằng =", string("=B2+1"))                            # 34
        feat("Bắt đầu bằng +", string("+84 912 345 678"))                  # 35
        feat("Xuống dòng", wrapped)                                        # 36
        feat("Văn bản dài", string(LONG))                                  # 37
        feat("Boolean", boolean)                                           # 38
        feat("CT số", formula("=B24*2+B26"))                               # 39
        feat("CT văn bản", formula('=CONCATENATE("Tổng: ";B24;" đơn vị")'))  # 40
        feat("CT lỗi", formula("=1/0"))                                    # 41
        feat("CT boolean", formula("=1>0"))                                # 42
        feat("CT sheet khác", formula("=$'%s'.B2" % SHEET2))               # 43
        feat("CT chuỗi rỗng", formula('=""'))                              # 44
        feat("Rich text", rich)                                            # 45
        feat("Ô gộp", merged)                                              # 46 (B46:D47)
        feat("", lambda c, r: None)                                        # 47 (merged)
        feat("Chú thích", comment)                                         # 48
        feat("CT tham chiếu dưới", formula("=B52*10"))                     # 49
        feat("CT #N/A", formula("=NA()"))                                  # 50
        feat("Rất nhỏ", value(1e-7))                                       # 51
        feat("Số lớn", value(123456789012345678))                          # 52
        feat("Số 0", value(0))                                             # 53
        feat("Khoảng trắng đầu", string("  hai dấu cách đầu"))             # 54
        feat("CT ngày", formula("=DATE(2024;12;31)"))                      # 55
        at(s1, "B55").NumberFormat = fmt(doc, "YYYY-MM-DD")

        # empty styled cells
        blank = at(s1, "D24:F26")
        blank.CellBackColor = 0xFFFF00
        at(s1, "H30").CharWeight = 150.0
        # far away
        at(s1, "Z300").setString("Ô xa Z300")
        at(s1, "Y299").setValue(299.5)

        # a row inserted in the middle after filling, then typed into
        s1.Rows.insertByIndex(35, 1)  # before row 36 ("Xuống dòng")
        at(s1, "A36").setString("Dòng chèn")
        at(s1, "B36").setValue(99)

        at(s2, "A1").setString("Tổng hợp")
        at(s2, "A1").CharWeight = 150.0
        at(s2, "A2").setString("Tổng thực hiện")
        at(s2, "B2").setFormula("=$'%s'.C21" % SHEET1)
        at(s2, "A3").setString("Tổng kế hoạch")
        at(s2, "B3").setFormula("=SUM($'%s'.D2:D20)" % SHEET1)
        at(s2, "A4").setString("Tỷ lệ")
        at(s2, "B4").setFormula("=B2/B3")
        at(s2, "B4").NumberFormat = fmt(doc, "0.00%")
        at(s2, "A5").setString("Từ sheet ẩn")
        at(s2, "B5").setFormula("=$'%s'.A1+1" % HIDDEN)
        at(sh, "A1").setValue(7)
        at(sh, "A2").setString("trong sheet ẩn")
        sh.IsVisible = False

        doc.calculateAll()
        doc.storeToURL(url(path("libreoffice-features.xlsx")), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.storeToURL(url(path("libreoffice-ooxml.xlsx")), (prop("FilterName", "Calc Office Open XML"),))
        doc.close(True)

        doc = desktop.loadComponentFromURL(url(path("openpyxl-features.xlsx")), "_blank", 0, (prop("Hidden", True),))
        doc.calculateAll()
        doc.storeToURL(url(path("libreoffice-resaved-openpyxl.xlsx")), (prop("FilterName", "Calc MS Excel 2007 XML"),))
        doc.close(True)
        try:
            desktop.terminate()  # quit soffice.bin itself, not only the launcher office() stops
        except Exception:
            pass


# ---------------------------------------------------------------- rewrites

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def sheet_part(zpath, name):
    """The part name of the worksheet called name, from workbook.xml and its rels."""
    with zipfile.ZipFile(zpath) as z:
        wbxml = z.read("xl/workbook.xml").decode()
        rels = z.read("xl/_rels/workbook.xml.rels").decode()
    m = re.search(r'<sheet [^>]*name="%s"[^>]*/>' % re.escape(name), wbxml)
    rid = re.search(r'r:id="([^"]+)"', m.group(0)).group(1)
    rel = re.search(r'<Relationship [^>]*Id="%s"[^>]*/>' % rid, rels).group(0)
    target = re.search(r'Target="([^"]+)"', rel).group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def make_shared():
    src = path("libreoffice-features.xlsx")
    part = sheet_part(src, SHEET1)
    seen = {"E": 0, "F": 0}

    def edit(name, data):
        if name != part:
            return data
        xml = data.decode("utf-8")

        def cell(m):
            col, row = m.group(2), int(m.group(3))
            if col not in ("E", "F") or not 2 <= row <= 20:
                return m.group(0)
            si = "0" if col == "E" else "1"
            seen[col] += 1
            if row == 2:
                return '%s<f t="shared" ref="%s2:%s20" si="%s">%s</f>' % (m.group(1), col, col, si, m.group(4))
            return '%s<f t="shared" si="%s"/>' % (m.group(1), si)

        xml = re.sub(r'(<c r="([A-Z]+)(\d+)"[^>]*>)<f[^>]*>([^<]*)</f>', cell, xml)
        return xml.encode("utf-8")

    rezip(src, path("shared-formulas.xlsx"), edit)
    if seen != {"E": 19, "F": 19}:
        sys.exit("shared formulas: rewrote %r cells, want 19 each" % seen)


def prefix_main(xml):
    """Move every unprefixed element into the x: prefix; the default namespace must be MAIN_NS."""
    if 'xmlns="%s"' % MAIN_NS not in xml:
        sys.exit("no default SpreadsheetML namespace")
    xml = re.sub(r"<(/?)([A-Za-z_][\w.-]*)(?=[\s/>])", r"<\1x:\2", xml)
    return xml.replace('xmlns="%s"' % MAIN_NS, 'xmlns:x="%s"' % MAIN_NS)


def make_prefixed(src, dst, sheet, all_rows, first_rows):
    """src with its worksheets and sharedStrings moved into the x: prefix. In the sheet
    called sheet, the cells of row all_rows lose their r attribute, and in row first_rows
    all but the first do. Both rows must start at column A and have no gaps, so that the
    cells without r ("the next column") are the same cells as before."""
    first = sheet_part(src, sheet)
    dropped = []

    def edit(name, data):
        xml = data.decode("utf-8")
        if name == first:
            def row(m):
                n = int(m.group(1))
                body = m.group(2)
                if n == all_rows:
                    body = re.sub(r'(<c) r="[A-Z]+%d"' % n, r"\1", body)
                    dropped.append(n)
                elif n == first_rows:
                    parts = body.split("<c ", 2)
                    if len(parts) == 3:
                        parts[2] = re.sub(r'r="[A-Z]+%d" ?' % n, "", parts[2])
                        body = "<c ".join(parts)
                        dropped.append(n)
                return '<row r="%d"%s</row>' % (n, body)
            xml = re.sub(r'<row r="(\d+)"(.*?)</row>', row, xml, flags=re.S)
        if name.startswith("xl/worksheets/sheet") or name == "xl/sharedStrings.xml":
            return prefix_main(xml).encode("utf-8")
        return xml.encode("utf-8") if name == first else data

    rezip(src, dst, edit)
    if sorted(dropped) != sorted([all_rows, first_rows]):
        sys.exit("%s: dropped r in rows %r" % (dst, dropped))


def main():
    make_openpyxl()
    make_libreoffice()
    make_shared()
    # openpyxl writes no sharedStrings (only inline strings), so also a LibreOffice-based one
    make_prefixed(path("openpyxl-features.xlsx"), path("prefixed-namespace.xlsx"), "Dữ liệu", 5, 3)
    make_prefixed(path("libreoffice-features.xlsx"), path("prefixed-namespace-sst.xlsx"), SHEET1, 3, 4)
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".xlsx"):
            print("%8d %s" % (os.path.getsize(path(name)), name))


if __name__ == "__main__":
    main()

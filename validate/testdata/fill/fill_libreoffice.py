"""Fill a chitieu template the way a department using LibreOffice Calc would.

usage: fill_libreoffice.py TEMPLATE MANIFEST OUT INSERT_ROW

Opens TEMPLATE in a headless LibreOffice, inserts an empty row before INSERT_ROW (0: none), types a
value into every cell the manifest lists (moved down by the inserted row), and saves OUT as .xlsx.
Prints, as JSON, what it typed: {"INDICATOR|COLUMN": "value"}.
"""
import json
import sys

from office import office, prop, url
from values import value_for

src, manifest, dst, insert = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
m = json.load(open(manifest, encoding="utf-8"))
with office() as desktop:
    doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    sheet = doc.Sheets.getByName(m["sheet"])
    sheet.unprotect("")
    if insert > 0:
        sheet.Rows.insertByIndex(insert - 1, 1)
    typed = {}
    for i, c in enumerate(m["cells"]):
        row = c["row"] + (1 if 0 < insert <= c["row"] else 0)
        cell = sheet.getCellByPosition(c["col"] - 1, row - 1)
        v = value_for(i, c)
        if isinstance(v, str):
            cell.setString(v)
        else:
            cell.setValue(v)
        typed[c["indicator"] + "|" + c["column"]] = v if isinstance(v, str) else repr(v)
    sheet.protect("")
    doc.storeToURL(url(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
json.dump(typed, sys.stdout, ensure_ascii=False)

"""Type into a chitieu template in LibreOffice Calc, as a person types into a cell.

usage: type_libreoffice.py TEMPLATE MANIFEST OUT TYPED_JSON

TYPED_JSON maps "INDICATOR|COLUMN" to the text typed ("38.45%"); it goes through Calc's input
parsing (setFormula), which keeps the cell's number format. Every other cell of the manifest gets
the value of values.py. Saves OUT as .xlsx.
"""
import json
import sys

from office import office, prop, url
from values import value_for

src, manifest, dst, typed = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
m = json.load(open(manifest, encoding="utf-8"))
with office() as desktop:
    doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    sheet = doc.Sheets.getByName(m["sheet"])
    sheet.unprotect("")
    for i, c in enumerate(m["cells"]):
        cell = sheet.getCellByPosition(c["col"] - 1, c["row"] - 1)
        t = typed.get(c["indicator"] + "|" + c["column"])
        if t is not None:
            cell.setFormula(t)
            continue
        v = value_for(i, c)
        if isinstance(v, str):
            cell.setString(v)
        else:
            cell.setValue(v)
    sheet.protect("")
    doc.storeToURL(url(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)

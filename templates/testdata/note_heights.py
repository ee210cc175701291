"""Open a form in a headless LibreOffice, type a long note into a cell as a user does, and print
the height of every row before and after, as LibreOffice lays them out.

usage: note_heights.py FILE SHEET CELL NOTE

Prints, as JSON, {"before": {"ROW": height}, "after": {"ROW": height}}, heights in 1/100 mm.
"""
import json
import sys

from office import office, prop, url

src, sheet, cell, note = sys.argv[1:5]
with office() as desktop:
    doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    ws = doc.Sheets.getByName(sheet)
    cursor = ws.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last = cursor.RangeAddress.EndRow

    def heights():
        return {str(r + 1): ws.Rows.getByIndex(r).Height for r in range(last + 1)}

    before = heights()
    ws.getCellRangeByName(cell).setString(note)
    after = heights()
    doc.close(True)
json.dump({"before": before, "after": after}, sys.stdout)

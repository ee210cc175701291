"""For every row of the named sheets of a workbook, the height it has and the height LibreOffice
needs to show the text of its cells whole: each cell's text (a merged range's, across the range's
width) is set in a scratch sheet's cell of the same width, font, size and wrapping, whose row
LibreOffice then sizes to its text. Prints JSON: {sheet: [[row, height, needed, cell], ...]}, in
points; needed is 0 for a row with no text.

    python3 row_needs.py BOOK.xlsx SHEET...
"""
import json
import sys

from office import office, url, prop

PT = 72 / 2540  # points in 1/100 mm


def main():
    book, names = sys.argv[1], sys.argv[2:]
    out = {}
    with office() as desktop:
        doc = desktop.loadComponentFromURL(url(book), "_blank", 0, (prop("Hidden", True),))
        try:
            doc.Sheets.insertNewByName("__scratch", doc.Sheets.Count)
            scratch = doc.Sheets.getByName("__scratch")
            probe = scratch.getCellByPosition(0, 0)
            for name in names:
                sh = doc.Sheets.getByName(name)
                cur = sh.createCursor()
                cur.gotoEndOfUsedArea(False)
                last_row, last_col = cur.RangeAddress.EndRow, cur.RangeAddress.EndColumn
                rows = []
                for r in range(last_row + 1):
                    row = sh.Rows.getByIndex(r)
                    if not row.IsVisible:
                        continue
                    need, where = 0, ""
                    for c in range(last_col + 1):
                        cell = sh.getCellByPosition(c, r)
                        text = cell.String
                        if not text or not sh.Columns.getByIndex(c).IsVisible:
                            continue
                        width = sh.Columns.getByIndex(c).Width
                        cc = sh.createCursorByRange(cell)
                        cc.collapseToMergedArea()
                        a = cc.RangeAddress
                        if a.StartRow != a.EndRow:
                            continue  # a cell merged down has the rows' heights together
                        if a.EndColumn > c:
                            width = sum(sh.Columns.getByIndex(i).Width for i in range(c, a.EndColumn + 1) if sh.Columns.getByIndex(i).IsVisible)
                        scratch.Columns.getByIndex(0).Width = width
                        for p in ("CharFontName", "CharHeight", "CharWeight", "CharPosture", "IsTextWrapped",
                                  "ParaIndent", "ParaLeftMargin", "ParaRightMargin", "ParaTopMargin", "ParaBottomMargin", "VertJustify"):
                            probe.setPropertyValue(p, cell.getPropertyValue(p))
                        probe.String = text
                        scratch.Rows.getByIndex(0).OptimalHeight = True
                        h = scratch.Rows.getByIndex(0).Height
                        if h > need:
                            need, where = h, cell.AbsoluteName
                    rows.append([r + 1, round(row.Height * PT, 2), round(need * PT, 2), where])
                out[name] = rows
        finally:
            doc.close(True)
    json.dump(out, sys.stdout, ensure_ascii=False)


main()

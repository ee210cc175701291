"""Recalculate every formula of a workbook in LibreOffice and save it: recalc_libreoffice.py IN OUT

Uses office.py from templates/testdata (the test puts it on PYTHONPATH).
"""
import sys

from office import office, prop, url

src, dst = sys.argv[1], sys.argv[2]
with office() as desktop:
    doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    if doc is None:
        sys.exit("LibreOffice could not open " + src)
    doc.calculateAll()
    doc.storeToURL(url(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)

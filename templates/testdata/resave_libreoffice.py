"""Open a workbook in a headless LibreOffice and save it again as .xlsx, as an official who opens
the plan workbook and presses Save does.

usage: resave_libreoffice.py SRC DST
"""
import sys

from office import office, prop, url

src, dst = sys.argv[1], sys.argv[2]
with office() as desktop:
    doc = desktop.loadComponentFromURL(url(src), "_blank", 0, (prop("Hidden", True),))
    doc.storeToURL(url(dst), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)

"""Fill a chitieu template the way a department using LibreOffice Calc would.

usage: fill_libreoffice.py TEMPLATE MANIFEST OUT INSERT_ROW

Starts a headless LibreOffice, opens TEMPLATE, inserts an empty row before INSERT_ROW (0: none),
types a value into every cell the manifest lists (moved down by the inserted row), and saves OUT
as .xlsx. Prints, as JSON, what it typed: {"INDICATOR|COLUMN": "value"}.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue

from values import value_for


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


src, manifest, dst, insert = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
m = json.load(open(manifest, encoding="utf-8"))
profile = tempfile.mkdtemp(prefix="chitieu-lo-")
pipe = "chitieu%d" % os.getpid()
office = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
     "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
     "--accept=pipe,name=%s;urp;" % pipe],
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    ctx = None
    for _ in range(240):
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            break
        except Exception:
            time.sleep(0.25)
    if ctx is None:
        sys.exit("LibreOffice did not start")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(src)), "_blank", 0, (prop("Hidden", True),))
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
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
    json.dump(typed, sys.stdout, ensure_ascii=False)
finally:
    try:
        office.terminate()
        office.wait(timeout=20)
    except Exception:
        office.kill()
    shutil.rmtree(profile, ignore_errors=True)

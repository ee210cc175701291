"""Recalculate every formula of a workbook in LibreOffice and save it: recalc_libreoffice.py IN OUT"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


src, dst = sys.argv[1], sys.argv[2]
profile = tempfile.mkdtemp(prefix="chitieu-lo-")
pipe = "chitieu-recalc%d" % os.getpid()
office = subprocess.Popen(
    ["soffice", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
     "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--accept=pipe,name=%s;urp;" % pipe],
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
    if doc is None:
        sys.exit("LibreOffice could not open " + src)
    doc.calculateAll()
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(dst)), (prop("FilterName", "Calc MS Excel 2007 XML"),))
    doc.close(True)
finally:
    try:
        office.terminate()
        office.wait(timeout=20)
    except Exception:
        office.kill()
    shutil.rmtree(profile, ignore_errors=True)

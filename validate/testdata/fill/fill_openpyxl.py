"""Fill a chitieu template the way a program other than chitieu would: with openpyxl.

usage: fill_openpyxl.py TEMPLATE MANIFEST OUT INSERT_ROW

Types a value into every cell the manifest lists, then inserts an empty row before INSERT_ROW
(0: none), and saves OUT. Prints, as JSON, what it typed: {"INDICATOR|COLUMN": "value"}.
"""
import json
import sys

import openpyxl

from values import value_for

src, manifest, dst, insert = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
m = json.load(open(manifest, encoding="utf-8"))
wb = openpyxl.load_workbook(src)
typed = {}
for i, c in enumerate(m["cells"]):
    v = value_for(i, c)
    wb[c["sheet"]][c["cell"]].value = v
    typed[c["indicator"] + "|" + c["column"]] = v if isinstance(v, str) else repr(v)
if insert > 0:
    wb[m["sheet"]].insert_rows(insert)
wb.save(dst)
json.dump(typed, sys.stdout, ensure_ascii=False)

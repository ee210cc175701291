"""Edit a plan workbook the way an official does in Excel, with openpyxl.

usage: edit_planbook.py SRC DST

Adds a commune (99001, Xã Thử Nghiệm, from 2025-07-01) and makes form 03/CT-X filled by it;
sets the value of the first target that has one to 99,5 (typed as text, the Vietnamese way);
adds target TH-MOI-2030 with its source and quote, copied from that target's row.
"""
import sys

import openpyxl

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)


def cols(ws):
    return {c.value.split("\n")[-1]: c.column for c in ws[1] if c.value}


def last_row(ws):
    r = ws.max_row
    while r > 1 and all(c.value in (None, "") for c in ws[r]):
        r -= 1
    return r


units = wb["Đơn vị"]
u = cols(units)
r = last_row(units) + 1
units.cell(r, u["code"], "99001")
units.cell(r, u["name"], "Xã Thử Nghiệm")
units.cell(r, u["kind"], "territory")
units.cell(r, u["valid_from"], "2025-07-01")

forms = wb["Biểu mẫu"]
f = cols(forms)
for row in range(2, last_row(forms) + 1):
    if forms.cell(row, f["id"]).value == "03/CT-X":
        c = forms.cell(row, f["units"])
        c.value = c.value + ", 99001"

targets = wb["Mục tiêu"]
t = cols(targets)
first = next(row for row in range(2, last_row(targets) + 1) if targets.cell(row, t["value"]).value is not None)
targets.cell(first, t["value"]).value = "99,5"
new = last_row(targets) + 1
for key, col in t.items():
    targets.cell(new, col).value = targets.cell(first, col).value
targets.cell(new, t["id"]).value = "TH-MOI-2030"
targets.cell(new, t["value"]).value = 20
targets.cell(new, t["note"]).value = "Mục tiêu thêm bằng Excel."
wb.save(dst)

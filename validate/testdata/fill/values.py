"""The values the fill scripts type: distinct per cell, within the cell's bounds."""


def value_for(i, cell):
    if cell["type"] == "text":
        return "Ghi chú số %d: số liệu ước tính" % i
    if cell["type"] == "integer":
        return i + 1
    lo = cell["min"] if cell["min"] is not None else 0
    hi = cell["max"] if cell["max"] is not None else 10 ** 9
    v = round(lo + 0.25 + (i * 137.31) % 1000, 2)
    return v if v <= hi else round(hi - 0.5, 2)

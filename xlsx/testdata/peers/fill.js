// fill.js fills a chitieu template as a web tool built on ExcelJS or SheetJS would: it reads
// TEMPLATE, inserts an empty row before INSERT_ROW (0: none; ExcelJS only, SheetJS has no such
// operation), types a value into every cell MANIFEST lists (the values of validate's values.py,
// so that the writers can be compared), writes OUT and prints, as JSON, what it typed:
// {"INDICATOR|COLUMN": "value"}, as validate's fill scripts do.
//
// usage: node fill.js exceljs|sheetjs TEMPLATE MANIFEST OUT [INSERT_ROW]
'use strict';
const fs = require('fs');
const ExcelJS = require('exceljs');
const XLSX = require('xlsx');

function valueFor(i, c) {
  if (c.type === 'text') return `Ghi chú số ${i}: số liệu ước tính`;
  if (c.type === 'integer') return i + 1;
  const lo = c.min != null ? Number(c.min) : 0;
  const hi = c.max != null ? Number(c.max) : 1e9;
  const v = Math.round((lo + 0.25 + ((i * 137.31) % 1000)) * 100) / 100;
  return v <= hi ? v : Math.round((hi - 0.5) * 100) / 100;
}

async function main([engine, src, manifest, out, insertArg]) {
  const m = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  const insert = Number(insertArg || 0);
  const typed = {};
  const at = (c) => c.row + (insert > 0 && insert <= c.row ? 1 : 0);
  if (engine === 'exceljs') {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(src);
    const ws = wb.getWorksheet(m.sheet);
    if (insert > 0) ws.insertRow(insert, []);
    m.cells.forEach((c, i) => {
      const v = valueFor(i, c);
      ws.getCell(at(c), c.col).value = v;
      typed[`${c.indicator}|${c.column}`] = String(v);
    });
    await wb.xlsx.writeFile(out);
  } else {
    const wb = XLSX.read(fs.readFileSync(src), { type: 'buffer', cellStyles: true });
    const ws = wb.Sheets[m.sheet];
    if (insert > 0) throw new Error('SheetJS inserts no rows');
    m.cells.forEach((c, i) => {
      const v = valueFor(i, c);
      typed[`${c.indicator}|${c.column}`] = String(v);
      ws[XLSX.utils.encode_cell({ r: c.row - 1, c: c.col - 1 })] = typeof v === 'string' ? { t: 's', v } : { t: 'n', v };
    });
    XLSX.writeFile(wb, out);
  }
  process.stdout.write(JSON.stringify(typed));
}
main(process.argv.slice(2)).catch((e) => { console.error(e); process.exit(1); });

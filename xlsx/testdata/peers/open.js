// open.js reads every workbook named on the command line with ExcelJS and SheetJS, the libraries
// web tools and scripts use, and prints one line per file and library: "ok" with the sheets'
// and comments' count, or the error. Exit status 1 if any failed.
'use strict';
const ExcelJS = require('exceljs');
const XLSX = require('xlsx');
const fs = require('fs');

async function main(files) {
  let failed = 0;
  for (const f of files) {
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(f);
      let notes = 0;
      wb.eachSheet((ws) => ws.eachRow({ includeEmpty: false }, (row) => row.eachCell((c) => { if (c.note) notes++; })));
      console.log(`exceljs\tok\t${wb.worksheets.length} sheets, ${notes} notes\t${f}`);
    } catch (e) {
      failed++;
      console.log(`exceljs\tFAIL\t${String(e && e.message || e).split('\n')[0]}\t${f}`);
    }
    try {
      const wb = XLSX.read(fs.readFileSync(f), { type: 'buffer', cellStyles: true, bookVBA: true });
      for (const n of wb.SheetNames) XLSX.utils.sheet_to_json(wb.Sheets[n], { header: 1 });
      console.log(`sheetjs\tok\t${wb.SheetNames.length} sheets\t${f}`);
    } catch (e) {
      failed++;
      console.log(`sheetjs\tFAIL\t${String(e && e.message || e).split('\n')[0]}\t${f}`);
    }
  }
  process.exit(failed ? 1 : 0);
}
main(process.argv.slice(2));

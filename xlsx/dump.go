package xlsx

import (
	"fmt"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Dump writes a workbook as text, for golden tests and for a person comparing two files: its
// sheets and their visibility, every non-empty or styled cell with its stored value or formula and
// what its style means (bold, fill, number format, locked or not), merged ranges, hidden rows and
// columns, data validations, defined names, panes, print setup and document properties. Two
// workbooks that dump the same look and behave the same to a user.
func Dump(path string) (string, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }

	props, _ := f.GetDocProps()
	w("title: %s", props.Title)
	custom, _ := f.GetCustomProps()
	for _, p := range custom {
		w("property %s = %v", p.Name, p.Value)
	}
	calc, _ := f.GetCalcProps()
	if calc.FullCalcOnLoad != nil && *calc.FullCalcOnLoad {
		w("recalculate on open")
	}
	for _, dn := range f.GetDefinedName() {
		w("name %s (scope %s) = %s", dn.Name, dn.Scope, dn.RefersTo)
	}
	for _, sheet := range f.GetSheetList() {
		dumpSheet(f, sheet, w)
	}
	return b.String(), nil
}

func dumpSheet(f *excelize.File, sheet string, w func(string, ...any)) {
	visible, _ := f.GetSheetVisible(sheet)
	w("\n== sheet %q visible=%v", sheet, visible)
	if pl, err := f.GetPageLayout(sheet); err == nil && pl.Orientation != nil {
		size := 0
		if pl.Size != nil {
			size = *pl.Size
		}
		w("page: size %d %s", size, *pl.Orientation)
	}
	if p, err := f.GetPanes(sheet); err == nil && p.Freeze {
		w("frozen at %s", p.TopLeftCell)
	}
	merges, _ := f.GetMergeCells(sheet)
	var ms []string
	covered := map[string]bool{} // cells of a merged range other than its top-left one
	for _, m := range merges {
		ms = append(ms, m.GetStartAxis()+":"+m.GetEndAxis())
		c1, r1, _ := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, r2, _ := excelize.CellNameToCoordinates(m.GetEndAxis())
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				if r != r1 || c != c1 {
					covered[Cell(r, c)] = true
				}
			}
		}
	}
	slices.Sort(ms)
	for _, m := range ms {
		w("merge %s", m)
	}
	rows, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	maxCol := 0
	for _, r := range rows {
		maxCol = max(maxCol, len(r))
	}
	for c := 1; c <= maxCol+1; c++ {
		if v, err := f.GetColVisible(sheet, ColumnName(c)); err == nil && !v {
			w("hidden column %s", ColumnName(c))
		}
	}
	for r := 1; r <= len(rows); r++ {
		if v, err := f.GetRowVisible(sheet, r); err == nil && !v {
			w("hidden row %d", r)
		}
	}
	for r := 1; r <= len(rows)+3; r++ {
		for c := 1; c <= maxCol; c++ {
			if covered[Cell(r, c)] {
				continue
			}
			if line := dumpCell(f, sheet, r, c); line != "" {
				w("%s", line)
			}
		}
	}
	dvs, _ := f.GetDataValidations(sheet)
	for _, dv := range dvs {
		w("validation %s: %s %s %s..%s; prompt %q %q; error %q %q", dv.Sqref, dv.Type, dv.Operator, dv.Formula1, dv.Formula2,
			deref(dv.PromptTitle), deref(dv.Prompt), deref(dv.ErrorTitle), deref(dv.Error))
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// dumpCell describes a cell, or returns "" for an empty cell with the default style.
func dumpCell(f *excelize.File, sheet string, row, col int) string {
	ref := Cell(row, col)
	raw, _ := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	formula, _ := f.GetCellFormula(sheet, ref)
	idx, _ := f.GetCellStyle(sheet, ref)
	if raw == "" && formula == "" && idx == 0 {
		return ""
	}
	var parts []string
	switch {
	case formula != "":
		parts = append(parts, "="+formula)
	case raw != "":
		parts = append(parts, fmt.Sprintf("%q", raw))
	}
	if st, err := f.GetStyle(idx); err == nil && idx != 0 {
		if st.Font != nil {
			if st.Font.Bold {
				parts = append(parts, "bold")
			}
			if st.Font.Italic {
				parts = append(parts, "italic")
			}
			if st.Font.Size != 0 && st.Font.Size != 12 {
				parts = append(parts, fmt.Sprintf("size %g", st.Font.Size))
			}
		}
		if len(st.Border) > 0 {
			parts = append(parts, "border")
		}
		if st.Alignment != nil && st.Alignment.Indent > 0 {
			parts = append(parts, fmt.Sprintf("indent %d", st.Alignment.Indent))
		}
		if len(st.Fill.Color) > 0 {
			parts = append(parts, "fill "+strings.TrimPrefix(st.Fill.Color[0], "#"))
		}
		if st.CustomNumFmt != nil {
			parts = append(parts, "format "+*st.CustomNumFmt)
		}
		if st.Protection != nil && !st.Protection.Locked {
			parts = append(parts, "UNLOCKED")
		}
	}
	if ok, target, _ := f.GetCellHyperLink(sheet, ref); ok {
		parts = append(parts, "link "+target)
	}
	return ref + " " + strings.Join(parts, " ")
}

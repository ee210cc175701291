package validate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/xlsx"
)

// ResultsSheet is the sheet an annotated copy adds, listing the findings, in the language of
// the copy's words; ResultsSheetEN in English.
const (
	ResultsSheet   = "Kết quả kiểm tra"
	ResultsSheetEN = "Check results"
)

// resultsSheet is the results sheet's name in lang.
func resultsSheet(lang finding.Lang) string {
	return finding.Text{VI: ResultsSheet, EN: ResultsSheetEN}.In(lang)
}

// Fills of annotated cells. The warning's orange is far from the pale yellow that marks the
// form's input cells (FFF2CC), so that a unit never takes one for the other.
const (
	fillError   = "FFC7CE" // red
	fillWarning = "F4B084" // orange
)

// author signs the comments of an annotated copy; annotating a copy again replaces them.
const author = "chitieu"

// maxNameBytes is the longest file name the file systems in use take, in bytes.
const maxNameBytes = 255

// AnnotatedName is the name of a file's annotated copy in the language of its words: the file's
// name, shortened to leave room, then " - kết quả kiểm tra.xlsx" (" - check results.xlsx").
func AnnotatedName(path string, lang finding.Lang) string {
	suffix := finding.Text{VI: " - kết quả kiểm tra.xlsx", EN: " - check results.xlsx"}.In(lang)
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	for len(base)+len(suffix)+len(" (999)") > maxNameBytes { // room for a copy's number
		_, size := utf8.DecodeLastRuneInString(base)
		base = base[:len(base)-size]
	}
	return strings.TrimRight(base, " .") + suffix
}

// Annotate writes into dir a copy of a checked file — never the file itself — with each
// finding's cell filled (red for an error, orange for a warning) and a comment carrying the
// message, and a first sheet "Kết quả kiểm tra" ("Check results") listing the findings in words a unit reads —
// indicator names and column titles, numbers written the Vietnamese way — with links to their
// cells: the file an official e-mails back to the unit. It returns the path written, or "" when
// the file has no findings or could not be read as a workbook. inputs are the files being
// checked, none of which may be written over, whatever path leads to it; an existing copy is
// replaced only with force; without it the copy takes the next free numbered name
// ("… - kết quả kiểm tra (2).xlsx"), and two runs cannot both write one.
func Annotate(ctx context.Context, f *File, dir string, lang finding.Lang, force bool, inputs []string) (string, error) {
	if f.Checked == nil || len(f.Findings) == 0 {
		return "", nil
	}
	dst := filepath.Join(dir, AnnotatedName(f.Path, lang))
	if in, same := outfile.Clash(dst, slices.Concat(inputs, []string{f.Path})); same {
		return "", finding.Errorf("không ghi đè tệp đang kiểm tra %s.", "will not write over %s, a file being checked.", finding.Printable(in))
	}
	lim := orDefault(f.lim)
	shown, err := shownValues(ctx, f, lim)
	if err != nil {
		return "", err
	}
	// An earlier copy's results sheet goes, in whichever language it was written.
	a := xlsx.Annotation{Author: author, Marks: marks(f.Findings, lang), Sheet: results(f, lang, shown), Drop: []string{ResultsSheet, ResultsSheetEN}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", finding.Errorf("không tạo được thư mục %s: %v", "cannot create folder %s: %v", dir, err)
	}
	write := func(w io.Writer) error { return xlsx.WriteAnnotated(ctx, f.Path, lim, a, w) }
	if force {
		return dst, outfile.Write(ctx, dst, write)
	}
	// Without force an existing copy stays, and the new one takes a name of its own, numbered:
	// a unit's corrected file sent under the same name as its first gets its copy beside the
	// first one's. Create claims a name only if free, so two runs never write one.
	base := strings.TrimSuffix(dst, ".xlsx")
	for n := 1; ; n++ {
		name := dst
		if n > 1 {
			name = fmt.Sprintf("%s (%d).xlsx", base, n)
		}
		if outfile.Exists(name) {
			continue
		}
		err := outfile.Create(ctx, name, write)
		if errors.Is(err, outfile.ErrExists) && n < 1000 {
			continue
		}
		return name, err
	}
}

type cellAt struct {
	sheet    string
	row, col int
}

// marks are the cells the findings are about, each filled by its worst finding and commented
// with all of them.
func marks(fs finding.Findings, lang finding.Lang) []xlsx.Mark {
	var order []cellAt
	msgs := map[cellAt][]string{}
	worst := map[cellAt]finding.Severity{}
	for _, f := range fs {
		c := f.Cell
		if c.Sheet == "" || c.Row == 0 {
			continue
		}
		k := cellAt{c.Sheet, c.Row, c.Col}
		if _, seen := msgs[k]; !seen {
			order = append(order, k)
			worst[k] = f.Severity
		}
		msgs[k] = append(msgs[k], fmt.Sprintf("%s — %s: %s", capital(f.Severity.Word(lang)), f.Summary.In(lang), f.Detail.In(lang)))
		worst[k] = min(worst[k], f.Severity)
	}
	out := make([]xlsx.Mark, 0, len(order))
	for _, k := range order {
		fill := fillWarning
		if worst[k] == finding.Error {
			fill = fillError
		}
		out = append(out, xlsx.Mark{Sheet: k.sheet, Row: k.row, Col: k.col, Fill: fill, Comment: strings.Join(msgs[k], "\n")})
	}
	return out
}

func capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return strings.ToUpper(string(r)) + s[n:]
}

// shownValues reads the cells the findings are about as a spreadsheet shows them — numbers the
// Vietnamese way — in one streaming pass over each sheet.
func shownValues(ctx context.Context, f *File, lim xlsx.Limits) (map[cellAt]string, error) {
	want := map[string]map[[2]int]bool{}
	for _, x := range f.Findings {
		if c := x.Cell; c.Sheet != "" && c.Row > 0 {
			if want[c.Sheet] == nil {
				want[c.Sheet] = map[[2]int]bool{}
			}
			want[c.Sheet][[2]int{c.Row, c.Col}] = true
		}
	}
	out := map[cellAt]string{}
	if len(want) == 0 {
		return out, nil
	}
	wb, err := xlsx.OpenContext(ctx, f.Path, lim)
	if err != nil {
		return nil, err
	}
	defer wb.Close()
	for sheet, cells := range want {
		err := wb.Walk(sheet, func(row, col int, v xlsx.Value) error {
			if cells[[2]int{row, col}] {
				out[cellAt{sheet, row, col}] = shown(v)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// shown is a cell's value as a person reads it: a number with a decimal comma and thousands
// dots, a formula with its sign, text as typed.
func shown(v xlsx.Value) string {
	switch {
	case v.Kind == xlsx.Number:
		if n, err := schema.NewNumber(v.Digits); err == nil {
			return n.VN()
		}
	case v.Raw == "" && v.Formula != "":
		return "=" + v.Formula
	}
	return v.Raw
}

// results is the sheet listing the findings, for the unit: what is wrong, where, with the
// indicator's name and the column's title, and how to fix it.
func results(f *File, lang finding.Lang, values map[cellAt]string) xlsx.AnnexSheet {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	left := xlsx.Style{Align: xlsx.Left}
	rows := []xlsx.AnnexRow{
		{Height: 24, Cells: []xlsx.AnnexCell{{Text: tr("KẾT QUẢ KIỂM TRA BÁO CÁO", "REPORT CHECK RESULTS"), Style: xlsx.Style{Bold: true, Size: 14, Align: xlsx.Left}}}},
		{Cells: []xlsx.AnnexCell{{Text: tr("Tệp: ", "File: ") + filepath.Base(f.Path), Style: left}}},
		{},
		{Height: 36, Cells: []xlsx.AnnexCell{{Text: finding.Textf("%s phải sửa, %s cần xem lại. Bấm vào vị trí để đến ô; ô lỗi tô đỏ, ô cảnh báo tô cam, di chuột lên ô để đọc ghi chú.",
			"%s to fix, %s to review. Click a position to go to its cell; error cells are red, warning cells orange; rest the pointer on a cell to read its note.",
			finding.Count(f.Findings.Count(finding.Error), "lỗi", "error", "errors"), finding.Count(f.Findings.Count(finding.Warning), "cảnh báo", "warning", "warnings")).In(lang), Style: xlsx.Style{Italic: true, Align: xlsx.Left}}}},
		{},
	}
	c := f.Checked
	if c.Form != nil && c.Unit != nil {
		rows[2].Cells = []xlsx.AnnexCell{{Text: fmt.Sprintf("%s %s — %s — %s", tr("Biểu số", "Form"), c.Form.ID, c.Unit.Name, c.Period.Label(lang)), Style: left}}
	}
	hs := xlsx.Style{Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: "D9E1F2"}
	var head []xlsx.AnnexCell
	for _, h := range []string{tr("STT", "No."), tr("Mức độ", "Severity"), tr("Vấn đề", "Problem"), tr("Vị trí", "Position"),
		tr("Chỉ tiêu", "Indicator"), tr("Cột", "Column"), tr("Giá trị", "Value"), tr("Nội dung và cách sửa", "What is wrong and how to fix it")} {
		head = append(head, xlsx.AnnexCell{Text: h, Style: hs})
	}
	rows = append(rows, xlsx.AnnexRow{Height: 32, Cells: head})
	cellSt := xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Top: true}
	for i, x := range f.Findings {
		sev := cellSt
		sev.Fill = fillWarning
		if x.Severity == finding.Error {
			sev.Fill = fillError
		}
		value := x.Value
		if v, ok := values[cellAt{x.Cell.Sheet, x.Cell.Row, x.Cell.Col}]; ok {
			value = v
		}
		pos := xlsx.AnnexCell{Text: x.Cell.InFile(), Style: xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Top: true, Color: "0563C1"}}
		if x.Cell.Row > 0 {
			pos.Link = fmt.Sprintf("'%s'!%s", strings.ReplaceAll(x.Cell.Sheet, "'", "''"), x.Cell.Ref())
		}
		detail := x.Detail.In(lang)
		rows = append(rows, xlsx.AnnexRow{
			Height: min(xlsx.MaxRowHeight, max(xlsx.FitHeight(detail, 70), xlsx.FitHeight(value, 16), xlsx.FitHeight(indicatorName(c, x.Indicator, lang), 24))),
			Cells: []xlsx.AnnexCell{
				{Number: fmt.Sprint(i + 1), Style: xlsx.Style{Align: xlsx.Center, Border: true, Top: true}},
				{Text: capital(x.Severity.Word(lang)), Style: sev},
				{Text: x.Summary.In(lang), Style: cellSt},
				pos,
				{Text: indicatorName(c, x.Indicator, lang), Style: cellSt},
				{Text: columnTitle(c, x.Column, lang), Style: cellSt},
				{Text: value, Style: cellSt},
				{Text: detail, Style: cellSt},
			},
		})
	}
	return xlsx.AnnexSheet{Name: resultsSheet(lang), Rows: rows, Widths: []float64{6, 10, 22, 20, 30, 18, 16, 70}, Freeze: 7, Titles: [2]int{6, 6}}
}

// indicatorName is an indicator's name as the form labels it, for a person.
func indicatorName(c *Checked, code string, lang finding.Lang) string {
	if code == "" || c.Plan == nil {
		return code
	}
	if c.Form != nil {
		if r := c.Form.Row(code); r != nil {
			return c.Plan.Label(r)
		}
	}
	if ind := c.Plan.Indicator(code); ind != nil {
		return ind.NameText().In(lang)
	}
	return code
}

// columnTitle is a column's title as the form heads it.
func columnTitle(c *Checked, code string, lang finding.Lang) string {
	if code == "" || c.Form == nil {
		return code
	}
	if col := c.Form.Column(code); col != nil {
		return col.NameText().In(lang)
	}
	return code
}

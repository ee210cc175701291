package validate

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/xlsx"
)

// ResultsSheet is the sheet an annotated copy adds, listing the findings.
const ResultsSheet = "Kết quả kiểm tra"

// Fills of annotated cells.
const (
	fillError   = "FFC7CE" // red
	fillWarning = "FFEB9C" // amber
)

// AnnotatedName is the name of a file's annotated copy.
func AnnotatedName(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return base + " - kết quả kiểm tra.xlsx"
}

// Annotate writes into dir a copy of a checked file — never the file itself — with each
// finding's cell filled (red for an error, amber for a warning) and a comment carrying the
// message, and a first sheet "Kết quả kiểm tra" listing the findings with links to their cells:
// the file an official e-mails back to the unit. It returns the path written, or "" when the
// file has no findings or could not be read as a workbook. inputs are the files being checked,
// none of which may be written over; an existing copy is replaced only with force.
func Annotate(ctx context.Context, f *File, dir string, lang finding.Lang, force bool, inputs []string) (string, error) {
	if f.Checked == nil || len(f.Findings) == 0 {
		return "", nil
	}
	dst := filepath.Join(dir, AnnotatedName(f.Path))
	abs, _ := filepath.Abs(dst)
	for _, in := range inputs {
		if a, _ := filepath.Abs(in); a == abs {
			return "", finding.Errorf("không ghi đè tệp đang kiểm tra %s.", "will not write over %s, a file being checked.", in)
		}
	}
	if outfile.Exists(dst) && !force {
		return "", finding.Errorf("%s đã có; dùng --force để ghi đè.", "%s exists; use --force to overwrite it.", dst)
	}
	b, err := xlsx.OpenBook(f.Path, xlsx.DefaultLimits)
	if err != nil {
		return "", err
	}
	defer b.Close()
	markCells(b, f.Findings, lang)
	results(b, f, lang)
	st, err := os.Stat(f.Path)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", finding.Errorf("không tạo được thư mục %s: %v", "cannot create folder %s: %v", dir, err)
	}
	return dst, outfile.Write(ctx, dst, func(w io.Writer) error { return b.Save(w, st.ModTime()) })
}

// markCells fills and comments every cell a finding is about; several findings of one cell
// share one comment.
func markCells(b *xlsx.Book, fs finding.Findings, lang finding.Lang) {
	type at struct {
		sheet    string
		row, col int
	}
	var order []at
	msgs := map[at][]string{}
	worst := map[at]finding.Severity{}
	for _, f := range fs {
		c := f.Cell
		if c.Sheet == "" || c.Row == 0 || b.Existing(c.Sheet) == nil {
			continue
		}
		k := at{c.Sheet, c.Row, c.Col}
		if _, seen := msgs[k]; !seen {
			order = append(order, k)
			worst[k] = f.Severity
		}
		msgs[k] = append(msgs[k], fmt.Sprintf("%s [%s]: %s", f.Severity.Word(lang), f.Code, f.Detail.In(lang)))
		worst[k] = min(worst[k], f.Severity)
	}
	for _, k := range order {
		s := b.Existing(k.sheet)
		fill := fillWarning
		if worst[k] == finding.Error {
			fill = fillError
		}
		s.Highlight(k.row, k.col, fill)
		s.Comment(k.row, k.col, "chitieu", strings.Join(msgs[k], "\n"))
	}
}

// results adds the sheet listing the findings.
func results(b *xlsx.Book, f *File, lang finding.Lang) {
	name := ResultsSheet
	for i := 2; b.Existing(name) != nil; i++ {
		name = fmt.Sprintf("%s (%d)", ResultsSheet, i)
	}
	s := b.Sheet(name)
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(lang) }
	s.Text(1, 1, tr("KẾT QUẢ KIỂM TRA BÁO CÁO", "REPORT CHECK RESULTS"), xlsx.Style{Bold: true, Size: 14, Align: xlsx.Left})
	s.Text(2, 1, tr("Tệp: ", "File: ")+filepath.Base(f.Path), xlsx.Style{Align: xlsx.Left})
	if c := f.Checked; c != nil && c.Form != nil && c.Unit != nil {
		s.Text(3, 1, fmt.Sprintf("%s %s — %s — %s", tr("Biểu số", "Form"), c.Form.ID, c.Unit.Name, c.Period.Label(lang)), xlsx.Style{Align: xlsx.Left})
	}
	s.Text(4, 1, finding.Textf("%d lỗi phải sửa, %d cảnh báo cần xem lại. Bấm vào vị trí để đến ô; ô lỗi tô đỏ, ô cảnh báo tô vàng, di chuột lên ô để đọc ghi chú.",
		"%d errors to fix, %d warnings to review. Click a position to go to its cell; error cells are red, warning cells amber; rest the pointer on a cell to read its note.",
		f.Findings.Count(finding.Error), f.Findings.Count(finding.Warning)).In(lang), xlsx.Style{Italic: true, Align: xlsx.Left})
	head := []string{tr("STT", "No."), tr("Mức độ", "Severity"), tr("Mã", "Code"), tr("Vị trí", "Position"), tr("Chỉ tiêu", "Indicator"),
		tr("Cột", "Column"), tr("Giá trị", "Value"), tr("Nội dung và cách sửa", "What is wrong and how to fix it")}
	hs := xlsx.Style{Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: "D9E1F2"}
	for i, h := range head {
		s.Text(6, i+1, h, hs)
	}
	cellSt := xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Top: true}
	for i, x := range f.Findings {
		row := 7 + i
		sev := cellSt
		sev.Fill = fillWarning
		if x.Severity == finding.Error {
			sev.Fill = fillError
		}
		s.Number(row, 1, fmt.Sprint(i+1), xlsx.Style{Align: xlsx.Center, Border: true, Top: true})
		s.Text(row, 2, x.Severity.Word(lang), sev)
		s.Text(row, 3, x.Code, cellSt)
		s.Text(row, 4, x.Cell.InFile(), xlsx.Style{Align: xlsx.Left, Border: true, Top: true, Color: "0563C1"})
		if x.Cell.Row > 0 && b.Existing(x.Cell.Sheet) != nil {
			s.Link(row, 4, fmt.Sprintf("'%s'!%s", x.Cell.Sheet, x.Cell.Ref()))
		}
		s.Text(row, 5, x.Indicator, cellSt)
		s.Text(row, 6, x.Column, cellSt)
		s.Text(row, 7, x.Value, cellSt)
		s.Text(row, 8, x.Detail.In(lang), cellSt)
		s.RowHeight(row, max(18, 16*float64((len([]rune(x.Detail.In(lang)))+69)/70)+4))
	}
	for col, w := range []float64{6, 10, 20, 22, 14, 8, 14, 80} {
		s.ColWidth(col+1, w)
	}
	s.Freeze(7, 1)
	s.PrintSetup(6, 6)
	b.Activate(s)
}

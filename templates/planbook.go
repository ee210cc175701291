package templates

import (
	"fmt"
	"io"
	"time"

	"chitieu/schema"
	"chitieu/xlsx"
)

// PlanBook writes the plan as a plan workbook an official edits in Excel: the guide (Hướng dẫn),
// then one sheet per kind of entry (schema.BookSheets). Each header row is locked and frozen, the
// rest of each sheet is open to edit; every coded column has a drop-down list (the fixed values,
// or the codes in the first column of the sheet the codes come from) and every column its
// Vietnamese input message. Codes, periods, dates and lists are text cells, so that 0380 and
// 2024-03 are not made numbers or dates as they are typed.
func PlanBook(p *schema.Plan, w io.Writer, stamp time.Time) error {
	b := xlsx.NewBook()
	b.Properties("Kế hoạch "+p.Name+" — phiên bản "+p.Version, p.Receiver, [][2]string{{"chitieu_plan", p.ID}, {"chitieu_plan_version", p.Version}})
	guide(b.Sheet(schema.BookGuide), p)
	tables := p.Tables()
	rowsOf := map[string]int{}
	for _, t := range tables {
		for _, c := range t.Cells {
			rowsOf[t.Sheet] = max(rowsOf[t.Sheet], c.Row)
		}
	}
	for i, sh := range schema.BookSheets {
		bookSheet(b.Sheet(sh.Name), sh, tables[i], rowsOf)
	}
	return b.Save(w, stamp)
}

// spare is how many empty rows below the entries keep the lists and messages, for entries added.
const spare = 500

// maxRowHeight is the greatest height, in points, Excel gives a row.
const maxRowHeight = 409

var (
	headStyle = xlsx.Style{Bold: true, Size: 11, Align: xlsx.Center, Wrap: true, Border: true, Fill: "D9E1F2"}
	cellStyle = xlsx.Style{Size: 11, Top: true, Wrap: true, Border: true, Input: true}
	openStyle = xlsx.Style{Size: 11, Top: true, Wrap: true, Input: true}
)

func bookSheet(s *xlsx.Sheet, sh schema.BookSheet, t schema.Table, rowsOf map[string]int) {
	last := max(rowsOf[sh.Name], 1)
	end := last + spare
	for ci, c := range sh.Columns {
		col := ci + 1
		st := openStyle
		if textual(c.Kind) {
			st.NumFmt = "@"
		}
		s.ColsStyle(col, col, st)
		s.ColWidth(col, c.Width)
	}
	heights := map[int]float64{}
	for _, c := range t.Cells {
		bc := sh.Columns[c.Col-1]
		if c.Row == 1 {
			s.Text(1, c.Col, c.Text, headStyle)
			continue
		}
		st := cellStyle
		if textual(bc.Kind) {
			st.NumFmt = "@"
		}
		if c.Number {
			s.Number(c.Row, c.Col, c.Text, st)
		} else {
			s.Text(c.Row, c.Col, c.Text, st)
		}
		heights[c.Row] = max(heights[c.Row], xlsx.FitHeight(c.Text, bc.Width*0.85))
	}
	// Border the empty cells of the entries' rows too, so that the table reads as one.
	for row := 2; row <= last; row++ {
		for col := 1; col <= len(sh.Columns); col++ {
			if !has(t, row, col) {
				st := cellStyle
				if textual(sh.Columns[col-1].Kind) {
					st.NumFmt = "@"
				}
				s.Style(row, col, st)
			}
		}
		if h := heights[row]; h > 18 {
			// A spreadsheet row is at most 409 points high: a long list (the 166 communes of a
			// form) shows its first 27 lines, and the whole text in the formula bar.
			s.RowHeight(row, min(h, maxRowHeight))
		}
	}
	head := 32.0
	for _, c := range sh.Columns {
		head = max(head, xlsx.FitHeight(c.Label, c.Width*0.8)+14)
	}
	s.RowHeight(1, head)
	for ci, c := range sh.Columns {
		col := ci + 1
		title := clipRunes(c.Label, 32)
		switch {
		case c.Kind == schema.FieldChoice:
			s.ValidateList(2, col, end, col, xlsx.List{Choices: c.Choices, Strict: true, InputTitle: title, Input: c.Help,
				Error: "Chọn một giá trị trong danh sách: " + join(c.Choices) + "."})
		case c.Kind == schema.FieldBool:
			s.ValidateList(2, col, end, col, xlsx.List{Choices: []string{"có", "không"}, Strict: true, InputTitle: title, Input: c.Help,
				Error: "Ghi \"có\" hoặc để trống."})
		case c.Kind == schema.FieldCode && c.Ref != "":
			s.ValidateList(2, col, end, col, xlsx.List{Source: fmt.Sprintf("'%s'!$A$2:$A$%d", c.Ref, max(rowsOf[c.Ref], 1)+spare),
				InputTitle: title, Input: c.Help,
				Error: "Mã này chưa có ở cột A của trang " + c.Ref + ". Thêm mục đó vào trang " + c.Ref + " trước, hoặc chọn mã trong danh sách."})
		case c.Help != "":
			s.Prompt(2, col, end, col, title, c.Help)
		}
	}
	s.Freeze(2, 1)
	s.PrintSetup(1, 1)
	s.ProtectHeader()
}

func has(t schema.Table, row, col int) bool {
	for _, c := range t.Cells {
		if c.Row == row && c.Col == col {
			return true
		}
	}
	return false
}

// textual reports whether a column's cells are kept as text whatever is typed.
func textual(k schema.FieldKind) bool {
	switch k {
	case schema.FieldNumber, schema.FieldInt, schema.FieldBool, schema.FieldText:
		return false
	}
	return true
}

func join(ss []string) string {
	out := ""
	for i, s := range ss {
		if i > 0 {
			out += ", "
		}
		out += s
	}
	return out
}

func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// guideText is the guide, paragraph by paragraph.
var guideText = []string{
	"Sổ này là toàn bộ kế hoạch: đơn vị báo cáo, chỉ tiêu, biểu mẫu, mục tiêu và số liệu đã có. Mỗi trang một loại mục, mỗi dòng một mục, mỗi cột một trường.",
	"Dòng 1 của mỗi trang là tiêu đề và đã khóa: dòng chữ trên là tên cột, dòng chữ dưới là tên trường chương trình đọc. Không sửa, không xóa tiêu đề; có thể đổi độ rộng cột.",
	"Thêm một mục: gõ vào dòng trống đầu tiên bên dưới, hoặc chèn một dòng. Bỏ một mục: xóa cả dòng. Không gộp ô, không dùng công thức, không thêm trang mới: chương trình báo lỗi kèm tên trang và ô.",
	"Số: gõ kiểu Việt Nam (16,4) hoặc với dấu chấm thập phân (16.4). Không ghi đơn vị, %/năm hay dấu phân cách hàng nghìn: gõ 195000, không gõ 195.000 (không biết là 195 hay 195 nghìn).",
	"Ngày: YYYY-MM-DD, ví dụ 2025-07-01. Kỳ: 2024, 2024-03, 2024-Q1, 2024-6M, 2024-9M. Giai đoạn: 2021-2025.",
	"Cột có mũi tên chọn (danh sách thả xuống) nhận các giá trị trong danh sách. Danh sách mã đơn vị, chỉ tiêu, nguồn, biểu lấy từ cột A của trang tương ứng: thêm mục ở trang đó trước. Nhiều mã trong một ô: cách nhau bằng dấu phẩy (380, 381).",
	"Mỗi mục tiêu và mỗi số liệu có nguồn (mã ở trang Nguồn) và câu trích nguyên văn từ văn bản. Hai văn bản nêu khác nhau: giữ cả hai dòng, chương trình sẽ cảnh báo.",
	"Biểu mẫu: mỗi biểu một dòng ở trang Biểu mẫu; các cột, dòng và quy tắc của biểu ở trang Cột biểu, Dòng biểu và Quy tắc, mỗi dòng ghi số biểu ở cột A, theo thứ tự in trên biểu. Đổi bố cục một biểu thì tăng phiên bản (version) của biểu: báo cáo lập theo biểu cũ sẽ bị báo sai phiên bản (wrong-version).",
	"Kiểm tra sổ: chitieu plan check ke-hoach.xlsx (mỗi lỗi ghi trang và ô, ví dụ Mục tiêu!G7). Dùng sổ: chitieu template --plan ke-hoach.xlsx --period 2026-Q1.",
}

func guide(s *xlsx.Sheet, p *schema.Plan) {
	s.ColWidth(1, 20)
	s.ColWidth(2, 110)
	title := xlsx.Style{Bold: true, Size: 14}
	body := xlsx.Style{Size: 12, Wrap: true, Top: true}
	s.Text(1, 1, "HƯỚNG DẪN ĐIỀN SỔ KẾ HOẠCH", title)
	s.Text(2, 1, fmt.Sprintf("%s (%s), phiên bản %s — %s", p.Name, p.ID, p.Version, p.Receiver), xlsx.Style{Italic: true, Size: 12})
	row := 4
	for i, para := range guideText {
		s.Text(row, 1, fmt.Sprintf("%d.", i+1), xlsx.Style{Size: 12, Top: true, Align: xlsx.Right})
		s.Text(row, 2, para, body)
		s.RowHeight(row, xlsx.FitHeight(para, 110)*0.95)
		row++
	}
	row++
	s.Text(row, 1, "Trang", headStyle)
	s.Text(row, 2, "Nội dung", headStyle)
	row++
	for _, sh := range schema.BookSheets {
		s.Text(row, 1, sh.Name, xlsx.Style{Bold: true, Size: 12, Top: true, Border: true})
		s.Text(row, 2, sh.Help, xlsx.Style{Size: 12, Top: true, Wrap: true, Border: true})
		s.RowHeight(row, xlsx.FitHeight(sh.Help, 110)*0.95)
		s.Link(row, 1, fmt.Sprintf("'%s'!A1", sh.Name))
		row++
	}
	s.PrintSetup(1, 1)
	s.Protect()
}

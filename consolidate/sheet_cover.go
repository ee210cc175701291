package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"strings"
)

// The cover's columns on A4 portrait: the agency's block on the left, the motto's on the right
// (Nghị định 30/2020/NĐ-CP, the layout of an administrative document).
var coverWidths = map[int]float64{1: 38, 2: 10, 3: 8, 4: 46}

// cover is the first sheet: the report itself, laid out as an official report — agency and
// motto, number, place and date, title, addressee, what came in, the count of verdicts, the
// legend in words, the sheets that follow, and the signature.
func (wr *writer) cover(s *xlsx.Sheet) {
	m, p := wr.m, wr.m.Plan
	valid, excluded, missing, unapproved := 0, 0, 0, 0
	for _, e := range m.Expected {
		switch {
		case len(e.Received) == 0:
			missing++
		case e.Unapproved:
			unapproved++
		case e.Used == nil:
			excluded++
		default:
			valid++
		}
	}
	const width = 38 + 10 + 8 + 46
	center := func(size float64, bold, italic bool) xlsx.Style {
		return xlsx.Style{Size: size, Bold: bold, Italic: italic, Align: xlsx.Center, Wrap: true}
	}
	left, right := func(row int, text string, st xlsx.Style) {
		s.Text(row, 1, text, st)
		s.Merge(row, 1, row, 2)
	}, func(row int, text string, st xlsx.Style) {
		s.Text(row, 3, text, st)
		s.Merge(row, 3, row, 4)
	}
	full := func(row int, text string, st xlsx.Style) {
		s.Text(row, 1, text, st)
		s.Merge(row, 1, row, 4)
		s.RowHeight(row, fit(wrapped{text, width, st.Size}))
	}
	left(1, strings.ToUpper(p.Agency), center(12, false, false))
	right(1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", center(12, true, false))
	left(2, strings.ToUpper(office(p)), center(12, true, false))
	right(2, "Độc lập - Tự do - Hạnh phúc", center(13, true, false))
	left(3, "────────", center(12, false, false))
	right(3, "────────────────", center(12, false, false))
	left(5, fmt.Sprintf("Số: …/BC-%s", officeCode(p)), center(13, false, false))
	right(5, m.dateLine(), center(13, false, true))
	full(7, "BÁO CÁO", center(14, true, false))
	full(8, "Tổng hợp kết quả thực hiện các chỉ tiêu ngành Công Thương "+lowerFirst(m.Period.Label(finding.VI)), center(14, true, false))
	full(9, "────────", center(12, false, false))
	full(10, "Kính gửi: "+addressee(p)+".", center(14, false, false))
	body := xlsx.Style{Size: 13, Align: xlsx.Left, Wrap: true}
	bold := xlsx.Style{Size: 13, Bold: true, Align: xlsx.Left, Wrap: true}
	row := 12
	para := func(text string, st xlsx.Style) {
		full(row, text, st)
		row++
	}
	// The plan's file name and version are the office's bookkeeping, kept in the workbook's
	// properties; the leadership reads the plan's name.
	para(fmt.Sprintf("Căn cứ kế hoạch chỉ tiêu %s và báo cáo của các đơn vị, %s tổng hợp kết quả thực hiện %s như sau:",
		lowerFirst(p.Name), office(p), lowerFirst(m.Period.Label(finding.VI))), body)
	para("1. Tình hình báo cáo", bold)
	if unapproved == 0 {
		para(fmt.Sprintf("Có %d báo cáo phải nộp: %d hợp lệ, đã tổng hợp; %d có lỗi, bị loại; %d chưa nộp (%d tệp đã nhận). Chi tiết tại trang %s.",
			len(m.Expected), valid, excluded, missing, m.FileCount(), SheetStatus), body)
	} else {
		para(fmt.Sprintf("Có %d báo cáo phải nộp: %d hợp lệ đã duyệt, đã tổng hợp; %d hợp lệ chưa duyệt, không tổng hợp; %d có lỗi, bị loại; %d chưa nộp (%d tệp đã nhận). Chi tiết tại trang %s.",
			len(m.Expected), valid, unapproved, excluded, missing, m.FileCount(), SheetStatus), body)
	}
	if m.Approval != nil {
		text := fmt.Sprintf("Văn phòng đã duyệt %d trong %d báo cáo hợp lệ.", m.ApprovedCount(), valid+unapproved)
		if m.Approval.Only {
			text += fmt.Sprintf(" Bảng này chỉ tổng hợp các báo cáo đã duyệt; %d báo cáo hợp lệ chưa duyệt không được dùng.", unapproved)
		}
		para(text, bold)
	}
	para("2. Kết quả thực hiện các mục tiêu", bold)
	para(m.Tally().Text()+".", bold)
	if len(m.FigureNotes) > 0 {
		para("Các đánh giá có dấu [n] dựa trên số liệu có ghi chú của đơn vị, của văn bản nguồn, hoặc số ước tính:", body)
		for _, n := range m.FigureNotes {
			para(n.Line(), xlsx.Style{Size: 12, Italic: true, Align: xlsx.Left, Wrap: true})
		}
	}
	para(fmt.Sprintf("Từng mục tiêu, số liệu đã đạt, mức còn phải đạt và căn cứ: trang %s và %s; diễn biến qua các năm: trang %s.", SheetGap, SheetAchievement, SheetHistory), body)
	para("3. Cách đánh giá", bold)
	for _, l := range Legend {
		s.Text(row, 1, l.Status.Word(finding.VI), xlsx.Style{Size: 12, Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: statusFill(l.Status)})
		s.Text(row, 2, l.Text, xlsx.Style{Size: 12, Align: xlsx.Left, Wrap: true, Border: true})
		s.StyleRange(row, 3, row, 4, xlsx.Style{Border: true})
		s.Merge(row, 2, row, 4)
		s.RowHeight(row, fit(wrapped{l.Text, width - coverWidths[1], 12}))
		row++
	}
	for _, mark := range Marks {
		full(row, mark, xlsx.Style{Size: 12, Italic: true, Align: xlsx.Left, Wrap: true})
		row++
	}
	para("4. Các biểu kèm theo", bold)
	para(fmt.Sprintf("%s (số liệu của tỉnh theo từng biểu, so với kế hoạch năm và cùng kỳ); %s; %s (kèm biểu đồ); %s. Trang làm việc: %s, %s, %s, %s. Phụ lục: %s (nguồn của mọi số liệu). Các ô tính toán chứa công thức kèm kết quả; Excel hoặc LibreOffice tính lại cho cùng kết quả.",
		SheetSummary, SheetGap, SheetAchievement, SheetHistory, SheetGapDetail, SheetByUnit, SheetStatus, SheetFindings, SheetSources), body)
	row++
	s.Text(row, 1, "Nơi nhận:", xlsx.Style{Size: 12, Bold: true, Italic: true, Align: xlsx.Left})
	s.Text(row, 3, "GIÁM ĐỐC", center(13, true, false))
	s.Merge(row, 3, row, 4)
	s.Text(row+1, 1, "- Như trên;", xlsx.Style{Size: 11, Align: xlsx.Left})
	s.Text(row+1, 3, "(Ký, ghi rõ họ tên, đóng dấu)", center(12, false, true))
	s.Merge(row+1, 3, row+1, 4)
	s.Text(row+2, 1, "- Lưu: VT.", xlsx.Style{Size: 11, Align: xlsx.Left})
	widths(s, coverWidths)
	s.PrintPage(xlsx.Page{Portrait: true, FitWidth: true, Footer: wr.pageFooter()})
}

// office is the name of the office that consolidates, without its province: "Sở Công Thương".
func office(p *schema.Plan) string {
	name := p.Receiver
	if i := strings.Index(strings.ToLower(name), " tỉnh "); i > 0 {
		name = name[:i]
	}
	return name
}

// officeCode is the office's abbreviation in the report's number: the code of the reporting unit
// that is the office ("SCT"), else SCT.
func officeCode(p *schema.Plan) string {
	for _, u := range p.Units {
		if u.Name == p.Receiver {
			return u.Code
		}
	}
	return "SCT"
}

// addressee is the People's Committee the report goes to: "Ủy ban nhân dân tỉnh Thanh Hóa".
func addressee(p *schema.Plan) string {
	return "Ủy ban nhân dân " + lowerFirst(p.Name)
}

package consolidate

import (
	"chitieu/finding"
	"chitieu/xlsx"
	"fmt"
	"strings"
)

// cover is the first sheet: what the workbook is, for which period, from what, and its legend.
func (wr *writer) cover(s *xlsx.Sheet) {
	m := wr.m
	valid, excluded, missing := 0, 0, 0
	for _, e := range m.Expected {
		switch {
		case len(e.Received) == 0:
			missing++
		case e.Used == nil:
			excluded++
		default:
			valid++
		}
	}
	lines := []struct {
		text string
		st   xlsx.Style
	}{
		{strings.ToUpper(m.Plan.Agency), xlsx.Style{Align: xlsx.Left}},
		{strings.ToUpper(m.Plan.Receiver), xlsx.Style{Bold: true, Align: xlsx.Left}},
		{"", xlsx.Style{}},
		{"BÁO CÁO TỔNG HỢP CHỈ TIÊU NGÀNH CÔNG THƯƠNG", xlsx.Style{Bold: true, Size: 16, Align: xlsx.Left}},
		{m.Period.Label(finding.VI), xlsx.Style{Bold: true, Size: 13, Align: xlsx.Left}},
		{fmt.Sprintf("Ngày %02d tháng %02d năm %d", m.Date.Day(), int(m.Date.Month()), m.Date.Year()), stSub},
		{"", xlsx.Style{}},
		{fmt.Sprintf("Kế hoạch: %s (%s), phiên bản %s", m.Plan.Name, m.Plan.ID, m.Plan.Version), xlsx.Style{Align: xlsx.Left}},
		{fmt.Sprintf("Báo cáo phải nộp: %d; hợp lệ, đã tổng hợp: %d; có lỗi, bị loại: %d; chưa nộp: %d; tệp đã nhận: %d.", len(m.Expected), valid, excluded, missing, len(m.Files)), xlsx.Style{Align: xlsx.Left}},
		{"", xlsx.Style{}},
		{"CÁC TRANG", xlsx.Style{Bold: true, Align: xlsx.Left}},
		{SheetSummary + ": số liệu của tỉnh theo từng biểu (cộng, tỷ lệ tính lại từ các tổng, so sánh).", xlsx.Style{Align: xlsx.Left}},
		{SheetByUnit + ": số liệu từng đơn vị báo cáo, để đối chiếu mọi tổng.", xlsx.Style{Align: xlsx.Left}},
		{SheetGap + ": từng mục tiêu, nguồn, số liệu và phép tính chênh lệch.", xlsx.Style{Align: xlsx.Left}},
		{SheetAchievement + ": mức độ hoàn thành và đánh giá từng mục tiêu, kèm biểu đồ.", xlsx.Style{Align: xlsx.Left}},
		{SheetStatus + ": báo cáo đã nhận, hợp lệ, bị loại, chưa nộp, nộp trùng.", xlsx.Style{Align: xlsx.Left}},
		{SheetSources + ": nguồn của mọi số liệu (tệp, SHA-256, trang tính, ô; văn bản và trích dẫn).", xlsx.Style{Align: xlsx.Left}},
		{SheetFindings + ": lỗi của các tệp bị loại.", xlsx.Style{Align: xlsx.Left}},
		{"", xlsx.Style{}},
		{"CHÚ GIẢI ĐÁNH GIÁ", xlsx.Style{Bold: true, Align: xlsx.Left}},
	}
	for i, l := range lines {
		s.Text(1+i, 1, l.text, l.st)
	}
	row := 2 + len(lines)
	for _, st := range []Status{Exceeded, Met, OnTrack, Behind, NotMet, NoData} {
		s.Text(row, 1, st.Word(finding.VI), xlsx.Style{Bold: true, Align: xlsx.Center, Border: true, Fill: statusFill(st)})
		row++
	}
	s.Text(row, 1, "(tạm tính): đánh giá dựa trên số liệu một phần năm.", stSub)
	s.Text(row+1, 1, "Các ô tính toán chứa công thức kèm kết quả; mở bằng Excel hoặc LibreOffice sẽ tính lại và cho cùng kết quả.", stSub)
	s.ColWidth(1, 30)
	s.ColWidth(2, 60)
	s.PrintSetup(1, 1)
}

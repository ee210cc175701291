package consolidate

import (
	"fmt"

	"chitieu/finding"
	"chitieu/store"
	"chitieu/xlsx"
	"slices"
	"strings"
)

var findingWidths = map[int]float64{1: 30, 2: 9, 3: 16, 4: 16, 5: 12, 6: 6, 7: 14, 8: 58}

// findings lists the findings of every file that was not used: excluded, or not matching.
func (wr *writer) findings(s *xlsx.Sheet) {
	s.Text(1, 1, "LỖI CỦA CÁC TỆP BỊ LOẠI, SỐ LIỆU MÂU THUẪN — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	s.Merge(1, 1, 1, 8)
	head := []string{"Tệp", "Mức độ", "Mã", "Vị trí", "Chỉ tiêu", "Cột", "Giá trị", "Nội dung"}
	for i, h := range head {
		s.Text(3, i+1, h, stHead)
	}
	used := map[*store.Submission]bool{}
	for _, e := range wr.m.Expected {
		if e.Used != nil {
			used[e.Used] = true
		}
	}
	row := 4
	files := slices.Clone(wr.m.Files)
	slices.SortStableFunc(files, func(a, b *store.Submission) int { return strings.Compare(a.Name, b.Name) })
	for _, f := range files {
		if used[f] {
			continue
		}
		list := f.Findings
		if len(list) == 0 {
			list = append(list, finding.Finding{Severity: finding.Warning, Code: "not-used", Detail: finding.Text{VI: "Tệp hợp lệ nhưng không được dùng: đã có bản khác của cùng báo cáo được chọn (xem trang Tình trạng nộp)."}})
		}
		for _, x := range list {
			where := x.Cell.InFile()
			fill := fillAmber
			if x.Severity == finding.Error {
				fill = fillRed
			}
			detail := wr.long(SheetFindings, row, 8, x.Code+" "+where, x.Detail.In(finding.VI), findingWidths[8], 10)
			name := f.Name
			s.Text(row, 1, name, stNote)
			s.Text(row, 2, x.Severity.Word(finding.VI), xlsx.Style{Size: 10, Align: xlsx.Center, Border: true, Fill: fill})
			s.Text(row, 3, x.Code, stNote)
			s.Text(row, 4, where, stNote)
			s.Text(row, 5, x.Indicator, stNote)
			s.Text(row, 6, x.Column, stNote)
			s.Text(row, 7, x.Value, stNote)
			s.Text(row, 8, detail, stNote)
			s.RowHeight(row, fit(wrapped{name, findingWidths[1], 10}, wrapped{where, findingWidths[4], 10}, wrapped{x.Value, findingWidths[7], 10},
				wrapped{detail, findingWidths[8], 10}, wrapped{x.Code, findingWidths[3], 10}))
			row++
		}
	}
	// One indicator and year given two values by two forms: both, the difference, the one used.
	for _, c := range wr.m.Conflicts {
		ind := wr.m.Plan.Indicator(c.Indicator)
		name := "biểu " + c.Used.Form + " và biểu " + c.Other.Form
		value := numOf(ind, c.Used.Value) + " / " + numOf(ind, c.Other.Value)
		detail := wr.long(SheetFindings, row, 8, "conflict "+c.Indicator, c.Note(ind).In(finding.VI), findingWidths[8], 10)
		s.Text(row, 1, name, stNote)
		s.Text(row, 2, finding.Warning.Word(finding.VI), xlsx.Style{Size: 10, Align: xlsx.Center, Border: true, Fill: fillAmber})
		s.Text(row, 3, "conflict", stNote)
		s.Text(row, 4, fmt.Sprintf("năm %d", c.Year), stNote)
		s.Text(row, 5, c.Indicator, stNote)
		s.Text(row, 6, "", stNote)
		s.Text(row, 7, value, stNote)
		s.Text(row, 8, detail, stNote)
		s.RowHeight(row, fit(wrapped{name, findingWidths[1], 10}, wrapped{value, findingWidths[7], 10}, wrapped{detail, findingWidths[8], 10}))
		row++
	}
	if row == 4 {
		s.Text(row, 1, "Không có tệp nào bị loại, không có số liệu mâu thuẫn.", xlsx.Style{Size: 11, Italic: true, Align: xlsx.Left})
	}
	widths(s, findingWidths)
	s.Freeze(4, 1)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{3, 3}, Footer: wr.pageFooter()})
}

package consolidate

import (
	"chitieu/finding"
	"chitieu/validate"
	"chitieu/xlsx"
	"slices"
	"strings"
)

// findings lists the findings of every file that was not used: excluded, or not matching.
func (wr *writer) findings(s *xlsx.Sheet) {
	s.Text(1, 1, "LỖI CỦA CÁC TỆP BỊ LOẠI", stTitle)
	head := []string{"Tệp", "Mức độ", "Mã", "Vị trí", "Chỉ tiêu", "Cột", "Giá trị", "Nội dung"}
	for i, h := range head {
		s.Text(3, i+1, h, stHead)
	}
	used := map[*validate.File]bool{}
	for _, e := range wr.m.Expected {
		if e.Used != nil {
			used[e.Used] = true
		}
	}
	row := 4
	files := slices.Clone(wr.m.Files)
	slices.SortStableFunc(files, func(a, b *validate.File) int { return strings.Compare(a.Path, b.Path) })
	for _, f := range files {
		if used[f] {
			continue
		}
		list := f.Findings
		if f.Err != nil {
			list = append(list, finding.Finding{Severity: finding.Error, Code: "io", Detail: finding.Text{VI: f.Err.Error()}})
		}
		if len(list) == 0 {
			list = append(list, finding.Finding{Severity: finding.Warning, Code: "not-used", Detail: finding.Text{VI: "Tệp hợp lệ nhưng không được dùng: đã có bản khác của cùng báo cáo được chọn (xem trang Tình trạng nộp)."}})
		}
		for _, x := range list {
			where := x.Cell.InFile()
			fill := fillAmber
			if x.Severity == finding.Error {
				fill = fillRed
			}
			s.Text(row, 1, f.Path, stText)
			s.Text(row, 2, x.Severity.Word(finding.VI), xlsx.Style{Align: xlsx.Center, Border: true, Fill: fill})
			s.Text(row, 3, x.Code, stText)
			s.Text(row, 4, where, stText)
			s.Text(row, 5, x.Indicator, stText)
			s.Text(row, 6, x.Column, stText)
			s.Text(row, 7, x.Value, stText)
			s.Text(row, 8, x.Detail.In(finding.VI), stText)
			row++
		}
	}
	if row == 4 {
		s.Text(row, 1, "Không có tệp nào bị loại.", xlsx.Style{Italic: true, Align: xlsx.Left})
	}
	widths(s, map[int]float64{1: 40, 2: 10, 3: 20, 4: 22, 5: 12, 6: 8, 7: 14, 8: 80})
	s.Freeze(4, 1)
	s.PrintSetup(3, 3)
}

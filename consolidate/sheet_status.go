package consolidate

import (
	"chitieu/finding"
	"chitieu/validate"
	"chitieu/xlsx"
	"path/filepath"
	"strconv"
	"strings"
)

// status lists every report expected for the period and what came of it, then files that
// matched no expected report.
func (wr *writer) status(s *xlsx.Sheet) {
	s.Text(1, 1, "TÌNH TRẠNG NỘP BÁO CÁO — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	head := []string{"STT", "Biểu", "Đơn vị", "Tình trạng", "Tệp được dùng", "Các tệp đã nhận", "Lý do chọn", "Số lỗi", "Số cảnh báo"}
	for i, h := range head {
		s.Text(3, i+1, h, stHead)
	}
	row := 4
	seen := map[*validate.File]bool{}
	for i, e := range wr.m.Expected {
		used := ""
		if e.Used != nil {
			used = filepath.Base(e.Used.Path)
		}
		var got []string
		errs, warns := 0, 0
		for _, f := range e.Received {
			seen[f] = true
			got = append(got, filepath.Base(f.Path))
			errs += f.Findings.Count(finding.Error)
			warns += f.Findings.Count(finding.Warning)
		}
		fill := fillGreen
		switch {
		case len(e.Received) == 0:
			fill = fillGrey
		case e.Used == nil:
			fill = fillRed
		case len(e.Received) > 1:
			fill = fillAmber
		}
		s.Number(row, 1, strconv.Itoa(i+1), stCenter)
		s.Text(row, 2, e.Form.ID, stText)
		s.Text(row, 3, e.Unit.Code+" "+e.Unit.Name, stText)
		s.Text(row, 4, e.Status().VI, xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true, Fill: fill})
		s.Text(row, 5, used, stText)
		s.Text(row, 6, strings.Join(got, "\n"), stText)
		s.Text(row, 7, e.Why.VI, stText)
		s.Number(row, 8, strconv.Itoa(errs), stCenter)
		s.Number(row, 9, strconv.Itoa(warns), stCenter)
		row++
	}
	var other []*validate.File
	for _, f := range wr.m.Files {
		if !seen[f] {
			other = append(other, f)
		}
	}
	if len(other) > 0 {
		row++
		s.Text(row, 1, "Tệp không khớp báo cáo nào của kỳ (biểu, đơn vị hoặc kỳ khác; không đọc được):", xlsx.Style{Bold: true, Align: xlsx.Left})
		row++
		for _, f := range other {
			s.Text(row, 2, "", stText)
			s.Text(row, 4, "Bị loại", xlsx.Style{Align: xlsx.Center, Border: true, Fill: fillRed})
			s.Text(row, 6, filepath.Base(f.Path), stText)
			s.Number(row, 8, strconv.Itoa(f.Findings.Count(finding.Error)), stCenter)
			s.Number(row, 9, strconv.Itoa(f.Findings.Count(finding.Warning)), stCenter)
			row++
		}
	}
	widths(s, map[int]float64{1: 5, 2: 11, 3: 40, 4: 20, 5: 36, 6: 36, 7: 50, 8: 8, 9: 10})
	s.Freeze(4, 1)
	s.PrintSetup(3, 3)
}

package consolidate

import (
	"chitieu/finding"
	"chitieu/store"
	"chitieu/xlsx"
	"strconv"
	"strings"
)

var statusWidths = map[int]float64{1: 5, 2: 10, 3: 28, 4: 15, 5: 34, 6: 34, 7: 30, 8: 6, 9: 8}

// status lists every report expected for the period and what came of it, then files that
// matched no expected report. Every row is as high as its wrapped file names need.
func (wr *writer) status(s *xlsx.Sheet) {
	s.Text(1, 1, "TÌNH TRẠNG NỘP BÁO CÁO — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	s.Merge(1, 1, 1, 9)
	head := []string{"STT", "Biểu", "Đơn vị", "Tình trạng", "Tệp được dùng", "Các tệp đã nhận", "Lý do chọn", "Số lỗi", "Số cảnh báo"}
	for i, h := range head {
		s.Text(3, i+1, h, stHead)
	}
	s.RowHeight(3, 30)
	row := 4
	seen := map[*store.Submission]bool{}
	for i, e := range wr.m.Expected {
		used := ""
		if e.Used != nil {
			used = e.Used.Name
		}
		var got []string
		errs, warns := 0, 0
		for _, f := range e.Received {
			seen[f] = true
			errs += f.Findings.Count(finding.Error)
			warns += f.Findings.Count(finding.Warning)
		}
		got = e.Names()
		fill := fillGreen
		switch {
		case len(e.Received) == 0:
			fill = fillGrey
		case e.Used == nil:
			fill = fillRed
		case e.Copies() > 1:
			fill = fillAmber
		}
		unit := e.Unit.Code + " " + e.Unit.Name
		why := e.Why.In(finding.VI)
		s.Number(row, 1, strconv.Itoa(i+1), stCenter)
		s.Text(row, 2, e.Form.ID, stNote)
		s.Text(row, 3, unit, stNote)
		s.Text(row, 4, e.Status().In(finding.VI), xlsx.Style{Size: 10, Align: xlsx.Center, Wrap: true, Border: true, Fill: fill})
		s.Text(row, 5, used, stNote)
		copies := wr.long(SheetStatus, row, 6, "Các tệp đã nhận: "+e.Form.ID+" "+unit, strings.Join(got, "\n"), statusWidths[6], 10)
		why = wr.long(SheetStatus, row, 7, "Lý do chọn: "+e.Form.ID+" "+unit, why, statusWidths[7], 10)
		s.Text(row, 6, copies, stNote)
		s.Text(row, 7, why, stNote)
		s.Number(row, 8, strconv.Itoa(errs), stCenter)
		s.Number(row, 9, strconv.Itoa(warns), stCenter)
		s.RowHeight(row, fit(wrapped{e.Form.ID, statusWidths[2], 10}, wrapped{unit, statusWidths[3], 10}, wrapped{used, statusWidths[5], 10},
			wrapped{copies, statusWidths[6], 10}, wrapped{why, statusWidths[7], 10}, wrapped{e.Status().In(finding.VI), statusWidths[4], 10}))
		row++
	}
	var other []*store.Submission
	for _, f := range wr.m.Files {
		if !seen[f] {
			other = append(other, f)
		}
	}
	if len(other) > 0 {
		row++
		s.Text(row, 1, "Tệp không khớp báo cáo nào của kỳ (biểu, đơn vị hoặc kỳ khác; không đọc được):", stBold)
		s.Merge(row, 1, row, 9)
		row++
		for _, f := range other {
			name := f.Name
			s.Text(row, 2, "", stNote)
			s.Text(row, 4, "Bị loại", xlsx.Style{Size: 10, Align: xlsx.Center, Border: true, Fill: fillRed})
			s.Text(row, 6, name, stNote)
			s.Number(row, 8, strconv.Itoa(f.Findings.Count(finding.Error)), stCenter)
			s.Number(row, 9, strconv.Itoa(f.Findings.Count(finding.Warning)), stCenter)
			s.RowHeight(row, fit(wrapped{name, statusWidths[6], 10}))
			row++
		}
	}
	widths(s, statusWidths)
	s.Freeze(4, 1)
	s.PrintPage(xlsx.Page{FitWidth: true, TitleRows: [2]int{3, 3}, Footer: wr.pageFooter()})
}

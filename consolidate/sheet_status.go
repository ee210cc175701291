package consolidate

import (
	"chitieu/finding"
	"chitieu/store"
	"chitieu/xlsx"
	"strconv"
	"strings"
)

var statusWidths = map[int]float64{1: 5, 2: 10, 3: 28, 4: 15, 5: 34, 6: 34, 7: 30, 8: 6, 9: 8}

// statusSheet adds the sheet of reports, streamed: its rows are written by status.
func (wr *writer) statusSheet(name string) *xlsx.Rows {
	return wr.b.Rows(name, xlsx.RowsSetup{Widths: colsWidths(statusWidths), FreezeRow: 4, FreezeCol: 1,
		Page: &xlsx.Page{FitWidth: true, TitleRows: [2]int{3, 3}, Footer: wr.pageFooter()}})
}

// status lists every report expected for the period and what came of it, then files that
// matched no expected report. Every row is as high as its wrapped file names need. The rows are
// made here, in their turn among the workbook's texts moved to the annex (writer.long), and
// written on a goroutine of their own.
func (wr *writer) status(s *xlsx.Rows) {
	type line struct {
		row    int
		height float64
		cells  []xlsx.Out
		merge  bool // across the table's width
	}
	var lines []line
	head := []string{"STT", "Biểu", "Đơn vị", "Tình trạng", "Tệp được dùng", "Các tệp đã nhận", "Lý do chọn", "Số lỗi", "Số cảnh báo"}
	lines = append(lines, line{1, 0, []xlsx.Out{xlsx.T("TÌNH TRẠNG NỘP BÁO CÁO — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)}, true},
		line{3, 30, heads(head...), false})
	styles := []xlsx.Style{stTitle, stHead, stCenter, stNote, stBold, stRejected}
	for _, fill := range []string{fillGreen, fillGrey, fillRed, fillAmber} {
		styles = append(styles, statusStyle(fill))
	}
	row := 4
	seen := map[*store.Submission]bool{}
	for i, e := range wr.m.Expected {
		used := ""
		if e.Used != nil {
			used = e.Used.Name
		}
		errs, warns := 0, 0
		for _, f := range e.Received {
			seen[f] = true
			errs += f.Findings.Count(finding.Error)
			warns += f.Findings.Count(finding.Warning)
		}
		got := e.Names()
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
		state := e.Status().In(finding.VI)
		copies := wr.long(SheetStatus, row, 6, "Các tệp đã nhận: "+e.Form.ID+" "+unit, strings.Join(got, "\n"), statusWidths[6], 10)
		why := wr.long(SheetStatus, row, 7, "Lý do chọn: "+e.Form.ID+" "+unit, e.Why.In(finding.VI), statusWidths[7], 10)
		h := fit(wrapped{e.Form.ID, statusWidths[2], 10}, wrapped{unit, statusWidths[3], 10}, wrapped{used, statusWidths[5], 10},
			wrapped{copies, statusWidths[6], 10}, wrapped{why, statusWidths[7], 10}, wrapped{state, statusWidths[4], 10})
		lines = append(lines, line{row, h, []xlsx.Out{xlsx.N(strconv.Itoa(i+1), stCenter), xlsx.T(e.Form.ID, stNote), xlsx.T(unit, stNote),
			xlsx.T(state, statusStyle(fill)), xlsx.T(used, stNote), xlsx.T(copies, stNote), xlsx.T(why, stNote),
			xlsx.N(strconv.Itoa(errs), stCenter), xlsx.N(strconv.Itoa(warns), stCenter)}, false})
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
		lines = append(lines, line{row, 0, []xlsx.Out{xlsx.T("Tệp không khớp báo cáo nào của kỳ (biểu, đơn vị hoặc kỳ khác; không đọc được):", stBold)}, true})
		row++
		for _, f := range other {
			lines = append(lines, line{row, fit(wrapped{f.Name, statusWidths[6], 10}), []xlsx.Out{xlsx.None(), xlsx.T("", stNote), xlsx.None(),
				xlsx.T("Bị loại", stRejected), xlsx.None(), xlsx.T(f.Name, stNote), xlsx.None(),
				xlsx.N(strconv.Itoa(f.Findings.Count(finding.Error)), stCenter), xlsx.N(strconv.Itoa(f.Findings.Count(finding.Warning)), stCenter)}, false})
			row++
		}
	}
	wr.b.Detach(s, styles, func() {
		for _, l := range lines {
			s.Write(l.row, l.height, l.cells...)
			if l.merge {
				s.Merge(l.row, 1, l.row, len(head))
			}
		}
	})
}

// statusStyle is a report's state on the sheet of reports, on its colour.
func statusStyle(fill string) xlsx.Style {
	return xlsx.Style{Size: 10, Align: xlsx.Center, Wrap: true, Border: true, Fill: fill}
}

// stRejected marks a file that matched no report.
var stRejected = xlsx.Style{Size: 10, Align: xlsx.Center, Border: true, Fill: fillRed}

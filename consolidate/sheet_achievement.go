package consolidate

import (
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// achievement writes each target's achievement and status with traffic-light fills, and a chart.
func (wr *writer) achievement(s *xlsx.Sheet) {
	s.Text(1, 1, "MỨC ĐỘ HOÀN THÀNH MỤC TIÊU KẾ HOẠCH — "+strings.ToUpper(wr.m.Period.Label(finding.VI)), stTitle)
	s.Text(2, 1, "Mức độ hoàn thành = thực hiện / mục tiêu × 100 (mục tiêu / thực hiện khi chỉ tiêu càng thấp càng tốt). Xanh: Vượt, Đạt, Đúng tiến độ; vàng: Chậm tiến độ; đỏ: Chưa đạt; xám: Chưa có số liệu.", stSub)
	head := []string{"STT", "Mã mục tiêu", "Chỉ tiêu", "Kỳ", "Yêu cầu", "Thực hiện", "Mục tiêu", "Mức độ hoàn thành (%)", "Đánh giá"}
	for i, h := range head {
		s.Text(4, i+1, h, stHead)
	}
	s.RowHeight(4, 40)
	st := numStyle(2)
	for i, a := range wr.m.Assessments {
		row := 5 + i
		g := wr.gapAt[a.Target.ID]
		s.Number(row, 1, strconv.Itoa(i+1), stCenter)
		s.Text(row, 2, a.Target.ID, stText)
		s.Text(row, 3, a.Indicator.Name, stText)
		s.Text(row, 4, a.Target.Period.String(), stCenter)
		s.Text(row, 5, a.Target.Statement(a.Indicator.Unit), stText)
		actual := fmt.Sprintf("'%s'!%s", SheetGap, xlsx.Cell(g, gAchieved))
		target := fmt.Sprintf("'%s'!%s", SheetGap, xlsx.Cell(g, gTarget))
		if math.IsNaN(a.Achieved) {
			s.Style(row, 6, st)
		} else {
			s.FormulaValue(row, 6, actual, num(a.Achieved), st)
		}
		s.FormulaValue(row, 7, target, num(TargetValue(a.Target, a.Indicator)), st)
		f, c := xlsx.Cell(row, 6), xlsx.Cell(row, 7)
		formula := fmt.Sprintf(`IF(OR(%s="",N(%s)=0),"",%s/%s*100)`, f, c, f, c)
		if a.Indicator.LowerIsBetter() {
			formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=0),"",%s/%s*100)`, f, f, c, f)
		}
		if a.Target.Measure == schema.MeasureGrowth {
			// The index form: (100 + achieved) / (100 + target), never a ratio of two rates.
			formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=-100),"",(100+%s)/(100+%s)*100)`, f, c, f, c)
			if a.Indicator.LowerIsBetter() {
				formula = fmt.Sprintf(`IF(OR(%s="",N(%s)=-100),"",(100+%s)/(100+%s)*100)`, f, f, c, f)
			}
		}
		result := ""
		if !math.IsNaN(a.Achievement) {
			result = num(a.Achievement)
		}
		s.FormulaValue(row, 8, formula, result, xlsx.Style{Align: xlsx.Right, Border: true, Bold: true, NumFmt: "#,##0.0", Fill: statusFill(a.Status)})
		s.Text(row, 9, a.StatusText(finding.VI), xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true, Bold: true, Fill: statusFill(a.Status)})
		s.RowHeight(row, 30)
	}
	last := 4 + len(wr.m.Assessments)
	widths(s, map[int]float64{1: 5, 2: 16, 3: 42, 4: 10, 5: 20, 6: 12, 7: 12, 8: 14, 9: 22})
	if last >= 5 {
		s.SimpleBarChart(last+2, 2, "Mức độ hoàn thành mục tiêu (%)", "Mức độ hoàn thành (%)",
			fmt.Sprintf("'%s'!$B$5:$B$%d", SheetAchievement, last), fmt.Sprintf("'%s'!$H$5:$H$%d", SheetAchievement, last), 900, 420)
	}
	s.Freeze(5, 3)
	s.PrintSetup(4, 4)
}

package xlsx

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/xuri/excelize/v2"
)

// Bars is a horizontal bar chart of one value per category, the bars coloured by group: each
// group is a series holding the values of its own categories (the others left empty), and the
// series overlap fully, so that every category shows one bar in its group's colour and the
// legend names the groups. No colour varies per bar within a group.
type Bars struct {
	Title      string
	Categories string // absolute reference of the category labels, "'S'!$K$5:$K$17"
	Groups     []BarGroup
	// Reference is a value drawn as a dark red line across the plot (100 for "100% of the
	// target"): the value axis's major unit, its gridlines red, with light minor gridlines at a
	// fifth of it. The bars grow from 0, so that every value has a bar whose length reads.
	Reference float64
	// Max is the end of the value axis; 0 lets the spreadsheet choose.
	Max float64
	// NumFmt is the number format of the value labels and axis, e.g. "#,##0.0".
	NumFmt string
	// Width and Height are the chart's size in pixels (96 per inch).
	Width, Height uint
	// FontSize is the size, in points, of the chart's text; 0 means 10.
	FontSize float64
}

// BarGroup is one series of a Bars chart.
type BarGroup struct {
	Name   string // absolute reference of the cell holding the name shown in the legend
	Values string // absolute reference, one cell per category, empty outside the group
	Color  string // RRGGBB
}

// BarChart draws a Bars chart with its top-left corner at the cell.
func (s *Sheet) BarChart(row, col int, c Bars) {
	size := c.FontSize
	if size == 0 {
		size = 10
	}
	font := excelize.Font{Family: Font, Size: size, Color: "000000"}
	var series []excelize.ChartSeries
	for _, g := range c.Groups {
		series = append(series, excelize.ChartSeries{
			Name: g.Name, Categories: c.Categories, Values: g.Values,
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{g.Color}},
			DataLabel: excelize.ChartDataLabel{Font: font},
		})
	}
	vary, overlap, gap := false, 100, uint(40)
	axisMin := 0.0
	chart := &excelize.Chart{
		Type:       excelize.Bar,
		Series:     series,
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.Title, Font: &excelize.Font{Family: Font, Size: size + 2, Bold: true, Color: "000000"}}}},
		Legend:     excelize.ChartLegend{Position: "bottom", Font: &font},
		Format:     excelize.GraphicOptions{OffsetX: 5, OffsetY: 5},
		Dimension:  excelize.ChartDimension{Width: c.Width, Height: c.Height},
		PlotArea:   excelize.ChartPlotArea{ShowVal: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: c.NumFmt}},
		VaryColors: &vary,
		Overlap:    &overlap,
		GapWidth:   &gap,
		// The category axis lists the first category at the top, as the table does.
		XAxis: excelize.ChartAxis{ReverseOrder: true, TickLabelPosition: excelize.ChartTickLabelLow, Font: font},
		YAxis: excelize.ChartAxis{MajorGridLines: true, Minimum: &axisMin, Font: font, NumFmt: excelize.ChartNumFmt{CustomNumFmt: c.NumFmt}},
	}
	if c.Max > 0 {
		chart.YAxis.Maximum = &c.Max
	}
	s.b.fail(s.b.f.AddChart(s.name, Cell(row, col), chart))
	s.b.charts++
	if c.Reference != 0 {
		part := fmt.Sprintf("xl/charts/chart%d.xml", s.b.charts)
		s.b.patches[part] = func(x []byte) []byte { return referenceLine(x, c.Reference) }
	}
}

// referenceLine draws a red line at v on the value axis of a chart: the axis's major unit is v
// and its major gridlines are red; minor gridlines, light grey, at a fifth of v. excelize has
// no setting for either, and writes the chart's elements unprefixed.
func referenceLine(x []byte, v float64) []byte {
	start := bytes.Index(x, []byte("<valAx>"))
	end := bytes.Index(x, []byte("</valAx>"))
	if start < 0 || end < start {
		return x
	}
	ax := x[start:end]
	if i := bytes.Index(ax, []byte("<majorGridlines>")); i >= 0 {
		if j := bytes.Index(ax[i:], []byte("</majorGridlines>")); j >= 0 {
			grid := []byte(`<majorGridlines><spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="C00000"></a:srgbClr></a:solidFill></a:ln></spPr></majorGridlines>` +
				`<minorGridlines><spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"></a:srgbClr></a:solidFill></a:ln></spPr></minorGridlines>`)
			ax = append(append(append([]byte{}, ax[:i]...), grid...), ax[i+j+len("</majorGridlines>"):]...)
		}
	}
	unit := []byte(`<majorUnit val="` + strconv.FormatFloat(v, 'f', -1, 64) + `"></majorUnit><minorUnit val="` + strconv.FormatFloat(v/5, 'f', -1, 64) + `"></minorUnit>`)
	if i := bytes.Index(ax, []byte("</crossBetween>")); i >= 0 {
		i += len("</crossBetween>")
		ax = append(append(append([]byte{}, ax[:i]...), unit...), ax[i:]...)
	}
	out := append([]byte{}, x[:start]...)
	out = append(out, ax...)
	return append(out, x[end:]...)
}

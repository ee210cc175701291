package templates

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
)

// Colours of the form.
const (
	fillInput   = "FFF2CC" // pale yellow: type here
	fillHeader  = "D9E1F2" // pale blue: column headings
	fillBlocked = "EDEDED" // grey: not applicable
	fillHeading = "F2F2F2" // group heading rows
)

var (
	stPlain    = xlsx.Style{}
	stCenter   = xlsx.Style{Align: xlsx.Center, Wrap: true}
	stBold     = xlsx.Style{Bold: true, Align: xlsx.Center, Wrap: true}
	stItalic   = xlsx.Style{Italic: true, Align: xlsx.Center, Wrap: true}
	stTitle    = xlsx.Style{Bold: true, Size: 14, Align: xlsx.Center, Wrap: true}
	stLeft     = xlsx.Style{Align: xlsx.Left, Wrap: true}
	stHeader   = xlsx.Style{Bold: true, Align: xlsx.Center, Wrap: true, Border: true, Fill: fillHeader}
	stNumbers  = xlsx.Style{Italic: true, Size: 10, Align: xlsx.Center, Border: true, Fill: fillHeader}
	stKey      = xlsx.Style{Size: 8, Color: "808080"}
	stBlocked  = xlsx.Style{Align: xlsx.Center, Border: true, Fill: fillBlocked}
	stHeadingA = xlsx.Style{Bold: true, Align: xlsx.Center, Border: true, Fill: fillHeading}
	stHeadingB = xlsx.Style{Bold: true, Align: xlsx.Left, Wrap: true, Border: true, Fill: fillHeading}
	stNo       = xlsx.Style{Align: xlsx.Center, Border: true}
	stUnit     = xlsx.Style{Align: xlsx.Center, Wrap: true, Border: true}
	stNote     = xlsx.Style{Align: xlsx.Left, Top: true, Wrap: true, Border: true, Fill: fillInput, Input: true}
	stRule     = xlsx.Style{Align: xlsx.Center, Top: true}
)

func labelStyle(indent int) xlsx.Style {
	return xlsx.Style{Align: xlsx.Left, Wrap: true, Border: true, Indent: indent}
}

// numFmt is the display format of an indicator's values: thousands separated, its decimals.
func numFmt(ind *schema.Indicator) string {
	d := ind.DecimalPlaces()
	if d == 0 {
		return "#,##0"
	}
	return "#,##0." + strings.Repeat("0", d)
}

// Write renders the form as a workbook and saves it to w. The same layout gives the same bytes.
func (l *Layout) Write(w io.Writer) error {
	b := xlsx.NewBook()
	s := b.Sheet(l.Sheet)
	l.header(s)
	l.table(s)
	l.signatures(s)
	l.widths(s)
	s.Freeze(rowFirstRow, ColFirst)
	s.PrintSetup(rowHeader, rowNumbers)
	s.DefaultRowHeight(rowHeight)
	s.Protect()
	l.meta(b)
	b.RecalculateOnOpen()
	return b.Save(w, l.stamp())
}

// stamp is the time recorded in the file: the end of the period's data window, so that the file
// depends on nothing but its inputs.
func (l *Layout) stamp() time.Time {
	_, end := l.Period.Window()
	return end
}

// rightBlock is the first column of the block top right (the national motto, the receiving unit).
func (l *Layout) rightBlock() int { return max(ColFirst, l.LastCol()-2) }

func (l *Layout) header(s *xlsx.Sheet) {
	last, right := l.LastCol(), l.rightBlock()
	left := func(row int, text string, st xlsx.Style) {
		s.Text(row, colNo, text, st)
		s.Merge(row, colNo, row, colUnit)
	}
	wide := func(row int, text string, st xlsx.Style) {
		s.Text(row, colNo, text, st)
		s.Merge(row, colNo, row, last)
	}
	rightText := func(row int, text string, st xlsx.Style) {
		s.Text(row, right, text, st)
		if right < last {
			s.Merge(row, right, row, last)
		}
	}
	// The agency block top left, as Decree 30/2020/NĐ-CP lays it out: the governing agencies,
	// the unit in bold, a short rule under it; the national motto top right with its rule, and
	// the form's number under them.
	ag := l.Plan.AgencyOf(l.Unit)
	row := rowAgency
	for _, line := range ag.Parent {
		left(row, line, stCenter)
		row++
	}
	left(row, ag.Name, stBold)
	if h := xlsx.FitHeight(ag.Name, agencyWidth); h > 20 {
		s.RowHeight(row, h)
	}
	left(row+1, rule(min(len([]rune(ag.Name)), agencyWidth)*3/5), stRule)
	rightText(rowAgency, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", stBold)
	rightText(rowAgency+1, "Độc lập - Tự do - Hạnh phúc", stBold)
	rightText(rowAgency+2, rule(len([]rune("Độc lập - Tự do - Hạnh phúc"))), stRule)
	rightText(rowFormNo, "Biểu số: "+l.Form.ID, stItalic)

	wide(rowTitle, l.Form.Title, stTitle)
	s.RowHeight(rowTitle, 36)
	wide(rowPeriod, l.Period.Label(finding.VI), stBold)
	from, to := l.Form.Window(l.Period)
	wide(rowWindow, fmt.Sprintf("(Số liệu từ ngày %s đến ngày %s; hạn gửi báo cáo: ngày %s)",
		vnDate(from), vnDate(to), vnDate(l.Form.Due(l.Period))), stItalic)

	s.Text(rowParties, colNo, "Đơn vị báo cáo: "+l.Unit.Name, stLeft)
	s.Merge(rowParties, colNo, rowParties, colUnit)
	rightText(rowParties, "Đơn vị nhận báo cáo: "+l.Plan.Receiver, stLeft)
	s.RowHeight(rowParties, 32)
	if l.Form.Basis != "" {
		wide(rowBasis, "Căn cứ: "+l.Form.Basis, xlsx.Style{Italic: true, Size: 10, Align: xlsx.Center, Wrap: true})
	}

	// The key row: hidden, it names each figure column so that values are found by column code.
	s.Text(rowKeys, l.KeyCol, MarkerColumns, stKey)
	for i, c := range l.Columns {
		s.Text(rowKeys, ColFirst+i, c.Code, stKey)
	}
	s.HideRow(rowKeys)

	s.Text(rowHeader, colNo, "STT", stHeader)
	s.Text(rowHeader, ColLabel, "Chỉ tiêu", stHeader)
	s.Text(rowHeader, colUnit, "Đơn vị tính", stHeader)
	s.Text(rowNumbers, colNo, "A", stNumbers)
	s.Text(rowNumbers, ColLabel, "B", stNumbers)
	s.Text(rowNumbers, colUnit, "C", stNumbers)
	for i, c := range l.Columns {
		s.Text(rowHeader, ColFirst+i, c.Name, stHeader)
		s.Text(rowNumbers, ColFirst+i, l.columnNumber(i), stNumbers)
	}
	s.RowHeight(rowHeader, 48)
}

// columnNumber is the text of the column-number row: "3", or "5=3/4×100" for a derived column.
func (l *Layout) columnNumber(i int) string {
	n := strconv.Itoa(i + 1)
	c := l.Columns[i]
	if c.Formula == "" {
		return n
	}
	e, err := schema.ParseFormula(c.Formula)
	if err != nil {
		return n
	}
	f := e.Format(func(code string) string {
		if col := l.ColOf(code); col > 0 {
			return strconv.Itoa(col - ColFirst + 1)
		}
		return code
	})
	return n + "=" + strings.ReplaceAll(f, "*", "×")
}

func vnDate(t time.Time) string { return t.Format("02/01/2006") }

var roman = map[string]bool{"I": true, "II": true, "III": true, "IV": true, "V": true, "VI": true, "VII": true, "VIII": true, "IX": true, "X": true}

// splitHeading separates "I. CÔNG NGHIỆP" into its number and its text.
func splitHeading(h string) (no, text string) {
	if a, b, ok := strings.Cut(h, ". "); ok && roman[a] {
		return a, b
	}
	return "", h
}

func (l *Layout) table(s *xlsx.Sheet) {
	n := 0
	for i, r := range l.Rows {
		row := rowFirstRow + i
		if r.Heading != "" {
			no, text := splitHeading(r.Heading)
			s.Text(row, colNo, no, stHeadingA)
			s.Text(row, ColLabel, text, stHeadingB)
			autoHeight(s, row, text, headingChars)
			s.Text(row, colUnit, "", stHeadingA)
			s.StyleRange(row, ColFirst, row, l.LastCol(), stHeadingA)
			s.Text(row, l.KeyCol, KeyHeading, stKey)
			n = 0
			continue
		}
		ind := l.Plan.Indicator(r.Indicator)
		label := l.Plan.Label(r)
		shown := label
		if r.PartOf != "" {
			shown = "Trong đó: " + label
			s.Text(row, colNo, "", stNo)
			s.Text(row, ColLabel, shown, labelStyle(2))
		} else {
			n++
			s.Text(row, colNo, strconv.Itoa(n), stNo)
			s.Text(row, ColLabel, shown, labelStyle(0))
		}
		s.Text(row, colUnit, ind.Unit, stUnit)
		s.Text(row, l.KeyCol, r.Indicator, stKey)
		autoHeight(s, row, shown, labelChars)
		for j, c := range l.Columns {
			l.cell(s, row, ColFirst+j, r, c, ind, label)
		}
	}
	s.HideCol(l.KeyCol)
}

func (l *Layout) cell(s *xlsx.Sheet, row, col int, r *schema.Row, c *schema.Column, ind *schema.Indicator, label string) {
	numStyle := xlsx.Style{Align: xlsx.Right, Border: true, NumFmt: numFmt(ind)}
	switch l.Plan.CellKind(r, c) {
	case schema.CellBlocked:
		s.Text(row, col, "x", stBlocked)
	case schema.CellNote:
		s.Style(row, col, stNote)
		s.Validate(row, col, xlsx.Validation{Kind: xlsx.TextLength, InputTitle: "Ghi chú",
			Input: "Ghi chú cho dòng " + label + " (tối đa 255 ký tự).", ErrorTitle: "Ghi chú quá dài", Error: "Ghi chú tối đa 255 ký tự."})
	case schema.CellComputed:
		if c.Basis == schema.BasisDerived {
			numStyle.NumFmt = "#,##0.0"
		}
		s.Formula(row, col, l.formula(row, r, c, ind), numStyle)
	case schema.CellInput:
		numStyle.Input, numStyle.Fill = true, fillInput
		if v, ok := l.Known[schema.CellKey{Indicator: r.Indicator, Column: c.Code}]; ok {
			s.Number(row, col, v.String(), numStyle)
		} else {
			s.Style(row, col, numStyle)
		}
		s.Validate(row, col, l.validation(ind, c, label))
	}
}

// formula is the cell formula of a computed cell. It is empty ("") until every cell it reads
// holds a number, and never shows #DIV/0!.
func (l *Layout) formula(row int, r *schema.Row, c *schema.Column, ind *schema.Indicator) string {
	var refs []string
	var expr string
	ref := func(col int, rowOf int) string {
		a := xlsx.Cell(rowOf, col)
		refs = append(refs, a)
		return a
	}
	if c.Basis == schema.BasisDerived {
		e, _ := schema.ParseFormula(c.Formula)
		expr = e.Format(func(code string) string { return ref(l.ColOf(code), row) })
	} else {
		// A ratio in a form is recomputed from its numerator and denominator rows.
		col := l.ColOf(c.Code)
		expr = fmt.Sprintf("%s/%s*%s", ref(col, l.RowOf(ind.Numerator)), ref(col, l.RowOf(ind.Denominator)), ind.Scale)
	}
	return fmt.Sprintf(`IF(COUNT(%s)<%d,"",IFERROR(%s,""))`, strings.Join(refs, ","), len(refs), expr)
}

func (l *Layout) validation(ind *schema.Indicator, c *schema.Column, label string) xlsx.Validation {
	v := xlsx.Validation{Kind: xlsx.Decimal, Min: ind.Min.String(), Max: ind.Max.String(), InputTitle: c.Name, ErrorTitle: "Số liệu không hợp lệ"}
	kind := "một số"
	if ind.Integer {
		v.Kind, kind = xlsx.Whole, "một số nguyên"
	}
	bounds := ""
	switch {
	case ind.Min.IsSet() && ind.Max.IsSet():
		bounds = fmt.Sprintf(" từ %s đến %s", ind.Min.VN(), ind.Max.VN())
	case ind.Min.IsSet():
		bounds = " không nhỏ hơn " + ind.Min.VN()
	case ind.Max.IsSet():
		bounds = " không lớn hơn " + ind.Max.VN()
	}
	v.Input = fmt.Sprintf("%s (%s). Nhập %s%s; không gõ chữ hay đơn vị tính.", label, ind.Unit, kind, bounds)
	v.Error = fmt.Sprintf("%s: cần %s%s, tính bằng %s.", label, kind, bounds, ind.Unit)
	return v
}

func (l *Layout) signatures(s *xlsx.Sheet) {
	row := l.LastRow() + 2
	right, last := l.rightBlock(), l.LastCol()
	pair := func(row int, a, b string, st xlsx.Style) {
		s.Text(row, colNo, a, st)
		s.Merge(row, colNo, row, ColLabel)
		s.Text(row, right, b, st)
		if right < last {
			s.Merge(row, right, row, last)
		}
	}
	pair(row, "", "……, ngày …… tháng …… năm ……", stItalic)
	pair(row+1, "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", stBold)
	pair(row+2, "(Ký, ghi rõ họ tên)", "(Ký, đóng dấu, ghi rõ họ tên)", stItalic)
}

func (l *Layout) widths(s *xlsx.Sheet) {
	s.ColWidth(colNo, 6)
	s.ColWidth(ColLabel, 46)
	s.ColWidth(colUnit, 12)
	for i, c := range l.Columns {
		w := 15.0
		if c.Basis == schema.BasisNote {
			w = 22
		}
		s.ColWidth(ColFirst+i, w)
	}
}

// Identity returns the identity the layout writes into its workbook.
func (l *Layout) Identity() schema.Identity {
	return schema.Identity{Plan: l.Plan.ID, PlanVersion: l.Plan.Version, Form: l.Form.ID, FormVersion: l.Form.Version,
		Fingerprint: l.Fingerprint, Unit: l.Unit.Code, Period: l.Period.String()}
}

// metaKeys is the order of the identity's fields in the very hidden sheet and the document's
// custom properties (as "chitieu.KEY").
var metaKeys = []string{"plan", "plan_version", "form", "form_version", "fingerprint", "unit", "period"}

func identityValues(id schema.Identity) []string {
	return []string{id.Plan, id.PlanVersion, id.Form, id.FormVersion, id.Fingerprint, id.Unit, id.Period}
}

// meta writes the identity twice: into a very hidden sheet, and into custom document properties,
// so that either survives a program that drops the other.
func (l *Layout) meta(b *xlsx.Book) {
	id := l.Identity()
	m := b.Sheet(MetaSheet)
	m.Text(1, 1, "chitieu", stPlain)
	m.Text(1, 2, "1", stPlain)
	var custom [][2]string
	for i, k := range metaKeys {
		m.Text(i+2, 1, k, stPlain)
		m.Text(i+2, 2, identityValues(id)[i], stPlain)
		custom = append(custom, [2]string{"chitieu." + k, identityValues(id)[i]})
	}
	m.Protect()
	b.Hide(m)
	b.Properties(fmt.Sprintf("Biểu số %s — %s — %s", l.Form.ID, l.Unit.Name, l.Period.Label(finding.VI)), "chitieu", custom)
}

// agencyWidth is how many characters of the agency block's capitals fit on a line: the block
// spans the STT, label and unit columns (64 characters of body text), and bold capitals are wider.
const agencyWidth = 40

// rule is the line under a heading, n box-drawing characters long: one of them is about as wide
// as a letter of the bold motto, so the motto's rule is as long as the motto and an agency's
// name, in wider capitals, gets three fifths of its length in them, about a third to a half of
// the name (Decree 30/2020/NĐ-CP, Phụ lục I).
func rule(n int) string { return strings.Repeat("─", max(4, n)) }

// autoHeight leaves a table row automatic, so that it grows with a long note where a fixed height
// would clip the note at one line. A row whose label takes one line stores no height at all and
// opens at the sheet's default (rowHeight); a longer label's row opens tall enough for it.
func autoHeight(s *xlsx.Sheet, row int, label string, width float64) {
	if h := xlsx.FitHeight(label, width); h > rowHeight {
		s.AutoRowHeight(row, h)
	}
}

// rowHeight is the height, in points, of a row of one line of 12 pt text: the sheet's default.
const rowHeight = 20

// labelChars is the width xlsx.FitHeight is given for the label column (46 characters wide):
// FitHeight counts 1,25 characters to a unit, and LibreOffice wraps 12 pt Times New Roman, with
// the "Trong đó" indent, at about 50 characters a line.
const labelChars = 40

// headingChars is the same for a group heading, in bold and mostly capitals: about 36 a line.
const headingChars = 29

package consolidate

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"chitieu/finding"
	"chitieu/schema"
)

// fnum writes a number the Vietnamese way with exactly d decimals: fnum(5100, 1) is "5.100,0",
// fnum(13.8146, 2) is "13,81". Every number put into text goes through it, with the decimals of
// its indicator (schema.Indicator.DecimalPlaces), so that text and cells agree.
func fnum(v float64, d int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	return schema.NumberOf(decimal.NewFromFloat(v)).VNFixed(d)
}

// numOf writes an indicator's value in text with the indicator's decimals.
func numOf(ind *schema.Indicator, v float64) string { return fnum(v, ind.DecimalPlaces()) }

// lowerFirst puts the first letter in lower case, for a label inside a sentence: "năm 2023".
func lowerFirst(s string) string {
	for i, r := range s {
		return strings.ToLower(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// spanWords writes a span of years: "2021–2025".
func spanWords(s schema.Span) string {
	if s.From == s.To {
		return strconv.Itoa(s.From)
	}
	return strconv.Itoa(s.From) + "–" + strconv.Itoa(s.To)
}

// StatusText is a status as written: the word, "(tạm tính)" for a part-year figure, the missing
// years of the span, and "tham chiếu" for a target of another scope.
func (a *Assessment) StatusText(lang finding.Lang) string {
	s := a.Status.Word(lang)
	if (a.Provisional || a.Interim) && a.Status != NoData {
		s += finding.Text{VI: " (tạm tính)", EN: " (provisional)"}.In(lang)
	}
	if len(a.Missing) > 0 && a.Status != NoData {
		s += finding.Textf(" — thiếu năm %s", " — %s missing", years(a.Missing)).In(lang)
	}
	if a.Secured {
		s += finding.Text{VI: " (đã bảo đảm)", EN: " (secured)"}.In(lang)
	}
	if a.Reference {
		s = finding.Text{VI: "Tham chiếu: ", EN: "Reference: "}.In(lang) + s
	}
	if a.Primary != "" {
		s = finding.Textf("Thứ yếu (chính: %s): ", "Secondary (primary: %s): ", a.Primary).In(lang) + s
	}
	return s
}

// Tally counts the province's targets by status; targets of another scope (references) apart.
type Tally struct {
	Targets    int
	By         map[Status]int
	References int
	// Secondaries counts the targets shown beside a primary and not counted.
	Secondaries int
}

// Tally counts the assessments.
func (m *Model) Tally() Tally {
	t := Tally{By: map[Status]int{}}
	for _, a := range m.Assessments {
		switch {
		case a.Reference:
			t.References++
			continue
		case a.Primary != "":
			t.Secondaries++
			continue
		}
		t.Targets++
		t.By[a.Status]++
	}
	return t
}

// Text is the summary line of a tally in Vietnamese, as the workbook writes it.
func (t Tally) Text() string { return t.In(finding.VI) }

// In is the summary line of a tally in lang: "8/13 chỉ tiêu đạt và vượt; 2 đúng tiến độ; …",
// "8/13 targets met or exceeded; 2 on track; …".
func (t Tally) In(lang finding.Lang) string {
	parts := []string{finding.Textf("%d/%d chỉ tiêu đạt và vượt", "%d/%d targets met or exceeded", t.By[Met]+t.By[Exceeded], t.Targets).In(lang)}
	for _, s := range []Status{OnTrack, Behind, Hard, NoPath, NotMet, NoData} {
		if n := t.By[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ToLower(s.Word(lang))))
		}
	}
	line := strings.Join(parts, "; ")
	var apart []string
	if t.References > 0 {
		apart = append(apart, finding.Text{VI: fmt.Sprintf("%d mục tiêu tham chiếu của cả nước", t.References),
			EN: finding.Plural(t.References, "national reference target", "national reference targets")}.In(lang))
	}
	if t.Secondaries > 0 {
		apart = append(apart, finding.Text{VI: fmt.Sprintf("%d mục tiêu thứ yếu của văn bản dự thảo, đánh giá bên cạnh mục tiêu chính", t.Secondaries),
			EN: finding.Plural(t.Secondaries, "secondary target", "secondary targets") + " of a draft document, judged beside the primary"}.In(lang))
	}
	if len(apart) > 0 {
		line += finding.Textf(" (không tính %s)", " (not counting %s)", strings.Join(apart, finding.Text{VI: " và ", EN: " and "}.In(lang))).In(lang)
	}
	return line
}

// Legend explains each status in words, in the order of Statuses, and the marks after them.
var Legend = []struct {
	Status Status
	Text   string
}{
	{Exceeded, "Đến hoặc sau năm mục tiêu, thực hiện vượt mức mục tiêu."},
	{Met, "Đến hoặc sau năm mục tiêu, thực hiện đạt mục tiêu (trong khoảng mục tiêu, kể cả dung sai của «khoảng»)."},
	{OnTrack, "Trước năm mục tiêu, số liệu đến nay giữ được mục tiêu: tăng bình quân từ đầu giai đoạn không thấp hơn mục tiêu; mức, tỷ trọng không thấp hơn lộ trình từ năm gốc."},
	{Behind, "Trước năm mục tiêu, tăng bình quân đến nay thấp hơn mục tiêu, hoặc mức, tỷ trọng thấp hơn lộ trình từ năm gốc."},
	{Hard, "Trước năm mục tiêu, tốc độ còn phải đạt mỗi năm còn lại cao hơn tốc độ tăng cao nhất của một năm trong số liệu đã có (mức tăng cao nhất: năm sớm nhất nếu hai năm bằng nhau). Áp dụng như nhau dù có hay không có năm thiếu số liệu."},
	{NoPath, "Văn bản không nêu năm gốc nên không có lộ trình để so tiến độ; báo cáo nêu mức còn phải tăng mỗi năm."},
	{NotMet, "Đến hoặc sau năm mục tiêu, thực hiện thấp hơn mục tiêu."},
	{NoData, "Không có số liệu nào của kỳ này liên quan đến mục tiêu (hoặc giai đoạn chưa bắt đầu)."},
}

// Marks explain what may follow a status word.
var Marks = []string{
	"(tạm tính): báo cáo cho một phần năm, hoặc đánh giá trên số liệu một phần năm: chưa phải kết quả cả năm, không phải đánh giá cuối cùng.",
	"— thiếu năm …: năm trong giai đoạn chưa có số liệu; bình quân tính trên các năm có số liệu. Đến hoặc sau năm cuối của giai đoạn, đánh giá là cuối cùng trên các năm có số liệu, không còn «cần đạt» cho năm đã qua.",
	"(đã bảo đảm): số liệu đã có bảo đảm mục tiêu kể cả khi các năm còn lại giảm.",
	"Tham chiếu: mục tiêu của cả nước, để so sánh; không tô màu, không tính vào kết quả của tỉnh.",
	"Thứ yếu (chính: …): mục tiêu của văn bản thứ hai (dự thảo) cho cùng chỉ tiêu và giai đoạn; được đánh giá và ghi ngay dưới mục tiêu chính (của quyết định đã ban hành), không tính vào tổng hợp.",
	"Mức độ hoàn thành = thực hiện / mục tiêu × 100 (mục tiêu / thực hiện khi chỉ tiêu càng thấp càng tốt); với mục tiêu tăng trưởng là (100 + thực hiện) / (100 + mục tiêu) × 100, không chia hai tốc độ cho nhau.",
}

// AchievementIn is the achievement with one decimal in lang: "99,3%", "99.3%"; "—" without one.
func (a *Assessment) AchievementIn(lang finding.Lang) string {
	if math.IsNaN(a.Achievement) {
		return "—"
	}
	return numArg(a.Achievement, 1).In(lang) + "%"
}

// Note is a sentence that explains a verdict (missing years, a part-year figure, no path, the
// rate still required, an estimate, a conflict of two forms), kept as data until it is printed:
// a stable code and the message with its raw arguments — years, numbers (finding.Num, printed
// "13,81" in Vietnamese and "13.81" in English), periods, target IDs, names from the plan.
type Note struct {
	// Code is stable: scripts match on it (consolidate --format json).
	Code string
	Msg  finding.Text
}

// In writes the note in lang.
func (n Note) In(lang finding.Lang) string { return n.Msg.In(lang) }

// note returns the note of code with the patterns vi and en and their arguments.
func note(code, vi, en string, args ...any) Note {
	return Note{Code: code, Msg: finding.Textf(vi, en, args...)}
}

// NotesIn writes an assessment's notes in lang.
func (a *Assessment) NotesIn(lang finding.Lang) []string {
	out := make([]string, len(a.Notes))
	for i, n := range a.Notes {
		out[i] = n.In(lang)
	}
	return out
}

// numArg is a number as an argument of a message, with exactly d decimals: it prints as fnum does
// in Vietnamese ("5.100,0") and with a decimal point in English ("5,100.0"); "—" when it is not a
// number.
func numArg(v float64, d int) finding.Num {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "—"
	}
	s := decimal.NewFromFloat(v).StringFixed(int32(d))
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0,0"
	}
	return finding.Num(s)
}

// growthText says a growth rate: "tăng 24,46%" / "up 24.46%", "giảm 2,00%" / "down 2.00%".
func growthText(v float64, d int) finding.Text {
	if v < 0 {
		return finding.Textf("giảm %s%%", "down %s%%", numArg(-v, d))
	}
	return finding.Textf("tăng %s%%", "up %s%%", numArg(v, d))
}

// withUnitText is a number with its unit of measure, as withUnit writes it, for a message.
func withUnitText(n finding.Num, unit string) finding.Text {
	if strings.HasPrefix(unit, "%") || unit == "" {
		u := strings.ReplaceAll(unit, "%", "%%")
		return finding.Textf("%s"+u, "%s"+u, n)
	}
	return finding.Textf("%s %s", "%s %s", n, schema.UnitText(unit))
}

// lowerText puts a name in lower case for the inside of a sentence in Vietnamese; in English a
// name keeps its capitals ("Viet Nam").
func lowerText(t finding.Text) finding.Text {
	return finding.Text{VI: strings.ToLower(t.In(finding.VI)), EN: t.In(finding.EN)}
}

// lowerFirstText puts the first letter of a name or label in lower case inside a Vietnamese
// sentence ("năm 2024"); in English it keeps its capitals ("March 2024").
func lowerFirstText(t finding.Text) finding.Text {
	return finding.Text{VI: lowerFirst(t.In(finding.VI)), EN: t.In(finding.EN)}
}

// In is the status word in lang, for a message.
func (s Status) In(lang finding.Lang) string { return s.Word(lang) }

// statementText is what a target asks, as Target.Statement writes it in Vietnamese, in both
// languages: "≥ 10,5%/năm" / "≥ 10.5%/year".
func statementText(t *schema.Target, unit string) finding.Text {
	vi := t.Statement(unit)
	if t.Measure == schema.MeasureFaster {
		return finding.Text{VI: vi, EN: "faster than the growth of " + t.Than + " each year"}
	}
	n := func(x schema.Number) finding.Num { return finding.Num(x.String()) }
	var en finding.Text
	switch t.Comparator {
	case schema.Between:
		en = finding.Textf("%s–%s", "%s–%s", n(t.Low), n(t.High))
	case schema.About:
		en = finding.Textf("khoảng %s", "about %s", n(t.Value))
	case schema.AtLeast:
		en = finding.Textf("≥ %s", "≥ %s", n(t.Value))
	case schema.AtMost:
		en = finding.Textf("≤ %s", "≤ %s", n(t.Value))
	default:
		en = finding.Textf("%s", "%s", n(t.Value))
	}
	if t.Tolerance.IsSet() {
		en = en.Plus(finding.Textf(" ± %s", " ± %s", n(t.Tolerance)))
	}
	switch {
	case t.Measure == schema.MeasureGrowth:
		en = en.Plus(finding.Text{VI: "%/năm", EN: "%/year"})
	case t.Unit != "":
		unit = t.Unit
		fallthrough
	default:
		if strings.HasPrefix(unit, "%") {
			en = en.Plus(finding.Text{VI: unit, EN: unit})
		} else {
			en = en.Plus(finding.Textf(" %s", " %s", schema.UnitText(unit)))
		}
	}
	return finding.Text{VI: vi, EN: en.In(finding.EN)}
}

// Code is the status's stable name, as JSON gives it: "met", "on-track", "hard", …
func (s Status) Code() string {
	return [...]string{"no-data", "exceeded", "met", "not-met", "on-track", "behind", "no-path", "hard"}[s]
}

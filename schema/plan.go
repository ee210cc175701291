package schema

import (
	"chitieu/finding"
	"strings"
	"sync"
)

// Plan is one province's plan: who reports, what they report on which forms, the targets the
// province has set itself and the figures it has already reported. It is read from one YAML
// document; docs/plan-format.md describes every field.
type Plan struct {
	// ID names the plan on the command line (--plan thanh-hoa).
	ID     string `yaml:"id" validate:"required,code"`
	Name   string `yaml:"name" validate:"required"`
	NameEN string `yaml:"name_en"`
	// GSO is the province's administrative code (Mã đơn vị hành chính), e.g. "38" for Thanh Hóa.
	GSO string `yaml:"gso"`
	// Version changes whenever a form, indicator or target changes.
	Version string `yaml:"version" validate:"required"`
	// Agency is the governing agency printed top left of every form, e.g. "UBND TỈNH THANH HÓA".
	Agency string `yaml:"agency" validate:"required"`
	// Receiver is the office that receives and consolidates the reports.
	Receiver string `yaml:"receiver" validate:"required"`
	// ValidTo is the last day the province existed as an administrative unit, if it no longer does.
	ValidTo Date `yaml:"valid_to"`
	// SucceededBy names the unit that took over the province's territory after ValidTo.
	SucceededBy string       `yaml:"succeeded_by"`
	Notes       []string     `yaml:"notes"`
	Assumptions []Assumption `yaml:"assumptions" validate:"dive"`
	Sources     []Source     `yaml:"sources" validate:"dive"`
	Units       []Unit       `yaml:"units" validate:"required,dive"`
	Indicators  []Indicator  `yaml:"indicators" validate:"required,dive"`
	Forms       []Form       `yaml:"forms" validate:"dive"`
	Targets     []Target     `yaml:"targets" validate:"dive"`
	Actuals     []Actual     `yaml:"actuals" validate:"dive"`
	// Excluded lists figures in the source documents that the plan deliberately does not carry,
	// each with the reason, so that "every figure is encoded" can be checked.
	Excluded []Excluded `yaml:"excluded" validate:"dive"`

	src  *source     // where the plan was read from, for positions; nil when built in code
	book *bookSource // the cells of a plan read from a workbook (planbook_read.go)

	// unitIndex maps unit codes to their index in Units, for plans with many units.
	unitMu    sync.Mutex // checks may run on several goroutines
	unitIndex map[string]int
	unitCount int
	unitBase  *Unit
}

// Assumption is a choice the plan's author made where a source document is ambiguous.
type Assumption struct {
	ID   string `yaml:"id" validate:"required,code"`
	Text string `yaml:"text" validate:"required"`
}

// Source is a document figures are taken from.
type Source struct {
	ID string `yaml:"id" validate:"required,code"`
	// Document is the document's number or, for an article, its outlet and headline,
	// e.g. "Quyết định số 5062/QĐ-UBND".
	Document string `yaml:"document" validate:"required"`
	Title    string `yaml:"title"`
	Issuer   string `yaml:"issuer"`
	Date     Date   `yaml:"date"`
	// File is the seed file the figures were read from (../shared/seeds/…); a target or an
	// actual may only quote a source that has one, so that the quote can be checked.
	File string `yaml:"file"`
	// URL is where a source from outside the seed files can be read (a register of
	// administrative codes, an agency's page); a source has a file, a URL or both.
	URL  string `yaml:"url"`
	Note string `yaml:"note"`
}

// Cite ties a target or an actual to the sentence of a source that states it.
type Cite struct {
	Source string `yaml:"source"`
	// Quote is the Vietnamese sentence, verbatim, as it stands in the source file.
	Quote string `yaml:"quote"`
}

// UnitKind says what sort of body a reporting unit is.
type UnitKind string

// The kinds of reporting unit.
const (
	UnitDepartment UnitKind = "department" // a provincial department or agency (sở, ban, ngành)
	UnitTerritory  UnitKind = "territory"  // an administrative unit (district, commune)
	UnitReference  UnitKind = "reference"  // not a reporter: a scope for figures (the whole country)
)

// Unit is a reporting unit (đơn vị báo cáo).
type Unit struct {
	// Code is the unit's code; the GSO administrative code for territorial units.
	Code   string   `yaml:"code" validate:"required,code"`
	Name   string   `yaml:"name" validate:"required"`
	NameEN string   `yaml:"name_en"`
	Kind   UnitKind `yaml:"kind" validate:"required,oneof=department territory reference"`
	// ValidFrom and ValidTo bound the days the unit exists (inclusive); unset means unbounded.
	ValidFrom Date `yaml:"valid_from"`
	ValidTo   Date `yaml:"valid_to"`
	// SucceededBy is the code of the unit that took over its reporting after ValidTo.
	SucceededBy string `yaml:"succeeded_by"`
	// Parent is the agency above the unit as its forms print it, one line per level, top first
	// ("BỘ TÀI CHÍNH\nCỤC THỐNG KÊ"); empty gives the default of the unit's kind (Plan.AgencyOf).
	Parent string `yaml:"parent"`
	// Source is the id of the source the unit's code and name are taken from.
	Source string `yaml:"source"`
	Note   string `yaml:"note"`
	// Email are the addresses the unit sends its reports from (the first is the one the office
	// writes to): a report from another address is a sender-mismatch warning.
	Email []string `yaml:"email"`
}

// IndicatorKind says what an indicator's values are.
type IndicatorKind string

// The kinds of indicator.
const (
	KindLevel  IndicatorKind = "level"  // an amount in a period: tỷ đồng, triệu USD, nghìn tấn
	KindGrowth IndicatorKind = "growth" // a growth rate against the same period of the previous year, %
	KindShare  IndicatorKind = "share"  // a part of a whole, %
	KindCount  IndicatorKind = "count"  // a whole number of things: dự án, thôn
	KindIndex  IndicatorKind = "index"  // an index number (previous period = 100)
	KindRank   IndicatorKind = "rank"   // a place in a ranking; 1 is first
)

// Combine says how the province's value is made from the values of several units.
type Combine string

// The ways of combining.
const (
	CombineSum    Combine = "sum"    // add the units' values
	CombineRatio  Combine = "ratio"  // recompute numerator/denominator×scale from the summed parts
	CombineSingle Combine = "single" // one unit reports the province's value
)

// Indicator is a quantity the plan follows (chỉ tiêu).
type Indicator struct {
	Code   string        `yaml:"code" validate:"required,code"`
	Name   string        `yaml:"name" validate:"required"`
	NameEN string        `yaml:"name_en"`
	Unit   string        `yaml:"unit" validate:"required"`
	Kind   IndicatorKind `yaml:"kind" validate:"required,oneof=level growth share count index rank"`
	// Min and Max bound a valid value, inclusive.
	Min     Number `yaml:"min"`
	Max     Number `yaml:"max"`
	Integer bool   `yaml:"integer"`
	// Decimals is the number of decimals shown; nil means the kind's default.
	Decimals *int `yaml:"decimals" validate:"omitempty,min=0,max=6"`
	// Direction is "higher" (the default) or "lower" when less is better (a rank, a cost).
	Direction string  `yaml:"direction" validate:"omitempty,oneof=higher lower"`
	Combine   Combine `yaml:"combine" validate:"required,oneof=sum ratio single"`
	// Numerator and Denominator name the summed indicators a ratio is recomputed from; the
	// province's value is Σnumerator / Σdenominator × Scale.
	Numerator   string `yaml:"numerator"`
	Denominator string `yaml:"denominator"`
	Scale       Number `yaml:"scale"`
	Note        string `yaml:"note"`
	// Authority is the form whose figure is the province's when two forms give the indicator
	// for one period (the statistics office's annual report before a sum of the communes'); the
	// other is shown beside it with the difference, as a conflict.
	Authority string `yaml:"authority"`
}

// LowerIsBetter reports whether a smaller value is the better one.
func (ind *Indicator) LowerIsBetter() bool { return ind.Direction == "lower" }

// ColumnBasis says what a form column's figures measure, so that consolidation knows which
// period a cell belongs to.
type ColumnBasis string

// The bases of a form column.
const (
	BasisPlan      ColumnBasis = "plan"      // the year's plan figure (kế hoạch năm)
	BasisPeriod    ColumnBasis = "period"    // the reporting period alone (thực hiện kỳ báo cáo)
	BasisYTD       ColumnBasis = "ytd"       // from the start of the year to the end of the period (lũy kế)
	BasisPrior     ColumnBasis = "prior-ytd" // the same span of the previous year (cùng kỳ năm trước)
	BasisDerived   ColumnBasis = "derived"   // computed by a formula from other columns
	BasisNote      ColumnBasis = "note"      // free text (ghi chú)
	BasisEstimated ColumnBasis = "estimate"  // an estimate for the whole year (ước thực hiện năm)
)

// Form is a report form (biểu mẫu) filled by reporting units.
type Form struct {
	// ID is the form's number as printed ("Biểu số 01/CT-TK").
	ID string `yaml:"id" validate:"required,code"`
	// Version changes when the layout changes; a submission of another version is flagged.
	Version string `yaml:"version" validate:"required"`
	Title   string `yaml:"title" validate:"required"`
	TitleEN string `yaml:"title_en"`
	// Frequency lists the periods the form is filled for.
	Frequency []Frequency `yaml:"frequency" validate:"required,dive,oneof=month quarter 6m 9m year"`
	// Units lists the codes of the units that fill the form.
	Units []string `yaml:"units" validate:"required"`
	// ValidFrom and ValidTo bound the days the form is in force (inclusive); unset means
	// unbounded. A period's form is the one in force on the last day of its data window.
	ValidFrom Date `yaml:"valid_from"`
	ValidTo   Date `yaml:"valid_to"`
	// SucceededBy is the id of the form that replaces this one after ValidTo.
	SucceededBy string `yaml:"succeeded_by"`
	// DueDays is how many days after the end of the data window the report is due.
	DueDays int `yaml:"due_days" validate:"min=0,max=90"`
	// Regime is the reporting regime the form follows, which sets its data window:
	// "administrative" (the default; Nghị định 09/2019/NĐ-CP: the 15th to the 14th) or
	// "statistical" (a report of the statistics system: the calendar month, quarter or year).
	Regime  Regime   `yaml:"regime" validate:"omitempty,oneof=administrative statistical"`
	Basis   string   `yaml:"basis"` // the legal basis printed under the title
	Columns []Column `yaml:"columns" validate:"required,dive"`
	Rows    []Row    `yaml:"rows" validate:"required,dive"`
	Rules   []Rule   `yaml:"rules" validate:"dive"`
	Note    string   `yaml:"note"`
}

// Column is a column of a form's table, after the fixed columns for the row number, the label
// and the unit of measure.
type Column struct {
	Code   string      `yaml:"code" validate:"required,code"`
	Name   string      `yaml:"name" validate:"required"`
	NameEN string      `yaml:"name_en"`
	Basis  ColumnBasis `yaml:"basis" validate:"required,oneof=plan period ytd prior-ytd derived note estimate"`
	// Formula computes a derived column from other columns of the same row, e.g. "LK / CK * 100".
	Formula string `yaml:"formula"`
	// Unit overrides the row's unit for this column ("%" for a comparison column).
	Unit string `yaml:"unit"`
	// Required makes every applicable cell of the column mandatory.
	Required bool `yaml:"required"`
}

// Row is a row of a form's table: a group heading, or an indicator.
type Row struct {
	// Heading is the text of a group heading row ("I. CÔNG NGHIỆP"); such a row has no cells.
	Heading string `yaml:"heading"`
	// Indicator is the code of the indicator the row reports.
	Indicator string `yaml:"indicator"`
	// Label overrides the indicator's name on the form.
	Label string `yaml:"label"`
	// PartOf names the indicator of the row this one is a part of ("Trong đó"); the part may not
	// exceed its total in any additive column.
	PartOf string `yaml:"part_of"`
	// Columns limits the row to these column codes; the others are blocked. Empty means all.
	Columns []string `yaml:"columns"`
}

// RuleKind is the kind of a cross-cell rule.
type RuleKind string

// The kinds of rule.
const (
	// RuleCompare compares two columns on every listed row (all additive rows if none are
	// listed): "year to date is not below the month".
	RuleCompare RuleKind = "compare"
	// RuleParts requires the listed part rows not to add up to more than the total row.
	RuleParts RuleKind = "parts"
)

// Rule is a cross-cell check on a form.
type Rule struct {
	Kind RuleKind `yaml:"kind" validate:"required,oneof=compare parts"`
	// Left, Op and Right make a compare rule: column Left Op column Right.
	Left  string `yaml:"left"`
	Op    string `yaml:"op" validate:"omitempty,oneof=>= <= > < ="`
	Right string `yaml:"right"`
	// Rows limits a compare rule to the rows of these indicators.
	Rows []string `yaml:"rows"`
	// Total and Parts make a parts rule, checked in Columns (all additive columns if empty).
	Total   string   `yaml:"total"`
	Parts   []string `yaml:"parts"`
	Columns []string `yaml:"columns"`
	// Message is the plan's own explanation of the rule, printed before the figures; MessageEN
	// is the same in English (without it, English output gives chitieu's own wording).
	Message   string `yaml:"message"`
	MessageEN string `yaml:"message_en"`
}

// Explain puts the rule's own message, where the plan gives one, before msg in each language the
// plan gives it in; without an English message, English keeps msg alone.
func (r *Rule) Explain(msg finding.Text) finding.Text {
	if r == nil || r.Message == "" {
		return msg
	}
	own := func(s string) string {
		if len(msg.Args) > 0 {
			s = strings.ReplaceAll(s, "%", "%%")
		}
		return s + " "
	}
	msg.VI = own(r.Message) + msg.VI
	if r.MessageEN != "" {
		msg.EN = own(r.MessageEN) + msg.EN
	}
	return msg
}

// DecimalPlaces is the one rule for how many decimals an indicator's figures are shown with, in
// the forms, the province workbook and the text: whole numbers none; else the plan's decimals;
// else 2 for growth rates and shares (8,25%) and 1 for levels and indexes.
func (ind *Indicator) DecimalPlaces() int {
	switch {
	case ind.Integer:
		return 0
	case ind.Decimals != nil:
		return *ind.Decimals
	case ind.Kind == KindGrowth || ind.Kind == KindShare:
		return 2
	}
	return 1
}

// Measure is what a target constrains.
type Measure string

// The measures of a target.
const (
	MeasureLevel  Measure = "level"  // the value in a year: "15 tỷ USD in 2030"
	MeasureGrowth Measure = "growth" // the average annual growth over a span: "16,4%/năm 2021–2025"
	MeasureShare  Measure = "share"  // a share in a year: "10% in 2025"
	// MeasureFaster compares two indicators: the indicator's yearly growth above that of
	// Target.Than in every year of the span ("xuất khẩu luôn tăng cao hơn nhập khẩu").
	MeasureFaster Measure = "faster"
)

// Comparator is how a target's value is to be met.
type Comparator string

// The comparators.
const (
	AtLeast Comparator = ">="    // từ, ít nhất, đạt, trên
	AtMost  Comparator = "<="    // dưới, không quá
	About   Comparator = "~"     // khoảng, with an explicit tolerance
	Between Comparator = "range" // 15–16%
	Exactly Comparator = "="
	Greater Comparator = ">" // cao hơn: a comparative target (MeasureFaster)
)

// Regime is the reporting regime of a form.
type Regime string

// The regimes.
const (
	RegimeAdministrative Regime = "administrative"
	RegimeStatistical    Regime = "statistical"
)

// Target is a quantitative target of the plan.
type Target struct {
	ID        string `yaml:"id" validate:"required,code"`
	Indicator string `yaml:"indicator" validate:"required"`
	// Scope is the code of the unit the target is for; empty means the whole province.
	Scope   string  `yaml:"scope"`
	Measure Measure `yaml:"measure" validate:"required,oneof=level growth share faster"`
	// Period is the year of a level or share target, or the span of a growth target.
	Period     Span       `yaml:"period"`
	Comparator Comparator `yaml:"comparator" validate:"required,oneof=>= <= ~ range = >"`
	Value      Number     `yaml:"value"`
	Low        Number     `yaml:"low"`
	High       Number     `yaml:"high"`
	// Tolerance is the half-width, in the target's unit, of "khoảng" (about).
	Tolerance Number `yaml:"tolerance"`
	// Unit is the unit the document states the value in, if not the indicator's.
	Unit string `yaml:"unit"`
	// Baseline is the value the path to a level or share target starts from.
	Baseline *Baseline `yaml:"baseline"`
	Source   Cite      `yaml:"source"`
	// Assumptions lists the IDs of the plan's assumptions this target rests on.
	Assumptions []string `yaml:"assumptions"`
	Note        string   `yaml:"note"`
	// SecondaryTo is, on a target a second document sets for the same indicator, scope and span
	// (a draft beside the issued decision), the ID of the primary target. Both are assessed;
	// only the primary is counted in the summary, the secondary is shown beside it.
	SecondaryTo string `yaml:"secondary_to"`
	// Than is, for a comparative target (measure faster), the indicator the target's indicator
	// must grow faster than, each year of the span.
	Than string `yaml:"than"`
}

// Baseline is the starting point of a target's path.
type Baseline struct {
	Year  int    `yaml:"year" validate:"required,min=1900,max=2200"`
	Value Number `yaml:"value"`
	Unit  string `yaml:"unit"`
}

// ActualStatus says how final a reported figure is.
type ActualStatus string

// The statuses of an actual.
const (
	StatusOfficial    ActualStatus = "official"    // chính thức
	StatusPreliminary ActualStatus = "preliminary" // sơ bộ
	StatusEstimate    ActualStatus = "estimate"    // ước tính, dự kiến
	StatusDerived     ActualStatus = "derived"     // computed from other stated figures
)

// Actual is a figure already reported for an indicator, as a document states it.
type Actual struct {
	Indicator string `yaml:"indicator" validate:"required"`
	// Scope is the code of the unit the figure is for; empty means the whole province.
	Scope  string `yaml:"scope"`
	Period Period `yaml:"period"`
	// Basis is "period" (the default), "ytd" when a month or quarter figure is cumulative from
	// the start of the year ("tính chung 2 tháng đầu năm"), or "cumulative" from Since.
	Basis string `yaml:"basis" validate:"omitempty,oneof=period ytd cumulative"`
	// Since is, for a cumulative figure (basis cumulative: "38 thôn, bản" electrified over the
	// term), the period the count runs from. Such a figure is not a year's and is compared with
	// no year's.
	Since Period `yaml:"since"`
	// Value is the figure in Unit (the indicator's unit if empty).
	Value Number `yaml:"value"`
	Unit  string `yaml:"unit"`
	// Qualifier records "trên" (above), "dưới" (below) or "khoảng" (about) in the statement.
	Qualifier string `yaml:"qualifier" validate:"omitempty,oneof=above below about"`
	// YoY is the stated growth against the same period of the previous year, %.
	YoY Number `yaml:"yoy"`
	// MoM is the stated growth against the previous period, %.
	MoM         Number       `yaml:"mom"`
	Status      ActualStatus `yaml:"status" validate:"omitempty,oneof=official preliminary estimate derived"`
	Source      Cite         `yaml:"source"`
	Assumptions []string     `yaml:"assumptions"`
	Note        string       `yaml:"note"`
}

// Excluded is a figure of a source document the plan does not carry, and why.
type Excluded struct {
	Source string `yaml:"source" validate:"required"`
	Quote  string `yaml:"quote" validate:"required"`
	Reason string `yaml:"reason" validate:"required"`
}

// Text is the status in words, in both languages: "chính thức" (official), "sơ bộ"
// (preliminary), "ước tính" (estimate), "suy ra" (derived); a status this program does not know
// is its own word.
func (s ActualStatus) Text() finding.Text {
	switch s {
	case StatusOfficial:
		return finding.Text{VI: "chính thức", EN: "official"}
	case StatusPreliminary:
		return finding.Text{VI: "sơ bộ", EN: "preliminary"}
	case StatusEstimate:
		return finding.Text{VI: "ước tính", EN: "estimate"}
	case StatusDerived:
		return finding.Text{VI: "suy ra", EN: "derived"}
	}
	return finding.Text{VI: string(s), EN: string(s)}
}

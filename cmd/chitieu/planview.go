package main

import (
	"fmt"
	"io"
	"strings"

	"chitieu/finding"
	"chitieu/schema"
)

// The JSON of "plan show --format json" is a contract with other programs: fields are added,
// never renamed or removed. Values are in the indicator's unit; "stated" keeps the value and unit
// as the document wrote them when they differ.

type planView struct {
	Plan        planHeader       `json:"plan"`
	Notes       []string         `json:"notes"`
	Assumptions []assumptionView `json:"assumptions"`
	Targets     []targetView     `json:"targets"`
	Actuals     []actualView     `json:"actuals"`
	Warnings    []string         `json:"warnings"`
}

type planHeader struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Version     string `json:"version"`
	GSO         string `json:"gso,omitempty"`
	ValidTo     string `json:"valid_to,omitempty"`
	SucceededBy string `json:"succeeded_by,omitempty"`
	Units       int    `json:"units"`
	Indicators  int    `json:"indicators"`
	Forms       int    `json:"forms"`
}

type assumptionView struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

type sourceView struct {
	ID       string `json:"id"`
	Document string `json:"document"`
	File     string `json:"file"`
	Quote    string `json:"quote"`
}

type statedView struct {
	Value schema.Number `json:"value"`
	Unit  string        `json:"unit"`
}

type targetView struct {
	ID            string           `json:"id"`
	Indicator     string           `json:"indicator"`
	IndicatorName string           `json:"indicator_name"`
	Scope         string           `json:"scope"`
	Measure       schema.Measure   `json:"measure"`
	Period        string           `json:"period"`
	Comparator    string           `json:"comparator"`
	Value         *schema.Number   `json:"value,omitempty"`
	Low           *schema.Number   `json:"low,omitempty"`
	High          *schema.Number   `json:"high,omitempty"`
	Tolerance     *schema.Number   `json:"tolerance,omitempty"`
	Unit          string           `json:"unit"`
	Stated        *statedView      `json:"stated,omitempty"`
	Direction     string           `json:"direction"`
	Baseline      *baselineView    `json:"baseline,omitempty"`
	Statement     string           `json:"statement"`
	Source        sourceView       `json:"source"`
	Assumptions   []assumptionView `json:"assumptions"`
	Note          string           `json:"note,omitempty"`
	// SecondaryTo is the primary target of a secondary one; Than the indicator a comparative
	// target's indicator must grow faster than.
	SecondaryTo string `json:"secondary_to,omitempty"`
	Than        string `json:"than,omitempty"`
}

type baselineView struct {
	Year  int           `json:"year"`
	Value schema.Number `json:"value"`
	Unit  string        `json:"unit"`
}

type actualView struct {
	Indicator     string           `json:"indicator"`
	IndicatorName string           `json:"indicator_name"`
	Scope         string           `json:"scope"`
	Period        string           `json:"period"`
	Basis         string           `json:"basis"`
	Value         *schema.Number   `json:"value,omitempty"`
	Unit          string           `json:"unit"`
	Stated        *statedView      `json:"stated,omitempty"`
	Qualifier     string           `json:"qualifier,omitempty"`
	YoY           *schema.Number   `json:"yoy,omitempty"`
	MoM           *schema.Number   `json:"mom,omitempty"`
	Status        string           `json:"status"`
	Source        sourceView       `json:"source"`
	Assumptions   []assumptionView `json:"assumptions"`
	Note          string           `json:"note,omitempty"`
}

// province is the scope code of figures for the whole province in the JSON.
const province = "province"

func viewPlan(p *schema.Plan) planView {
	v := planView{
		Plan: planHeader{ID: p.ID, Name: p.Name, Version: p.Version, GSO: p.GSO, ValidTo: p.ValidTo.String(), SucceededBy: p.SucceededBy,
			Units: len(p.Units), Indicators: len(p.Indicators), Forms: len(p.Forms)},
		Notes:       nonNil(p.Notes),
		Assumptions: []assumptionView{},
		Targets:     []targetView{},
		Actuals:     []actualView{},
		Warnings:    []string{},
	}
	for _, a := range p.Assumptions {
		v.Assumptions = append(v.Assumptions, assumptionView{a.ID, a.Text})
	}
	for _, t := range p.Targets {
		v.Targets = append(v.Targets, viewTarget(p, t))
	}
	for _, a := range p.Actuals {
		v.Actuals = append(v.Actuals, viewActual(p, a))
	}
	for _, f := range p.Lint() {
		if f.Severity == finding.Warning {
			v.Warnings = append(v.Warnings, f.Detail.In(finding.VI))
		}
	}
	return v
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func ptr(n schema.Number) *schema.Number {
	if !n.IsSet() {
		return nil
	}
	return &n
}

func scopeOf(s string) string {
	if s == "" {
		return province
	}
	return s
}

func viewSource(p *schema.Plan, c schema.Cite) sourceView {
	v := sourceView{ID: c.Source, Quote: c.Quote}
	if s := p.Source(c.Source); s != nil {
		v.Document, v.File = s.Document, s.File
	}
	return v
}

func viewAssumptions(p *schema.Plan, ids []string) []assumptionView {
	out := []assumptionView{}
	for _, id := range ids {
		if a := p.Assumption(id); a != nil {
			out = append(out, assumptionView{a.ID, a.Text})
		}
	}
	return out
}

// inUnit converts n from the stated unit into the indicator's; stated is set when they differ.
func inUnit(n schema.Number, from, to string) (*schema.Number, *statedView) {
	if !n.IsSet() {
		return nil, nil
	}
	v, _ := schema.ConvertUnit(n, from, to)
	if from == "" || from == to {
		return &v, nil
	}
	return &v, &statedView{Value: n, Unit: from}
}

func viewTarget(p *schema.Plan, t schema.Target) targetView {
	ind := p.Indicator(t.Indicator)
	v := targetView{
		ID: t.ID, Indicator: t.Indicator, IndicatorName: ind.Name, Scope: scopeOf(t.Scope), Measure: t.Measure,
		Period: t.Period.String(), Comparator: string(t.Comparator), Tolerance: ptr(t.Tolerance),
		Unit: ind.Unit, Direction: "higher", Statement: t.Statement(ind.Unit),
		Source: viewSource(p, t.Source), Assumptions: viewAssumptions(p, t.Assumptions), Note: t.Note,
		SecondaryTo: t.SecondaryTo, Than: t.Than,
	}
	if ind.LowerIsBetter() {
		v.Direction = "lower"
	}
	if t.Measure == schema.MeasureGrowth || t.Measure == schema.MeasureFaster {
		v.Unit = "%/năm"
		v.Value, v.Low, v.High = ptr(t.Value), ptr(t.Low), ptr(t.High)
	} else {
		v.Value, v.Stated = inUnit(t.Value, t.Unit, ind.Unit)
		v.Low, _ = inUnit(t.Low, t.Unit, ind.Unit)
		v.High, _ = inUnit(t.High, t.Unit, ind.Unit)
	}
	if b := t.Baseline; b != nil {
		bv, _ := schema.ConvertUnit(b.Value, b.Unit, ind.Unit)
		v.Baseline = &baselineView{Year: b.Year, Value: bv, Unit: ind.Unit}
	}
	return v
}

func viewActual(p *schema.Plan, a schema.Actual) actualView {
	ind := p.Indicator(a.Indicator)
	v := actualView{
		Indicator: a.Indicator, IndicatorName: ind.Name, Scope: scopeOf(a.Scope), Period: a.Period.String(),
		Basis: a.Basis, Unit: ind.Unit, Qualifier: a.Qualifier, YoY: ptr(a.YoY), MoM: ptr(a.MoM),
		Status: string(a.Status), Source: viewSource(p, a.Source), Assumptions: viewAssumptions(p, a.Assumptions), Note: a.Note,
	}
	if v.Basis == "" {
		v.Basis = "period"
	}
	if v.Status == "" {
		v.Status = string(schema.StatusOfficial)
	}
	v.Value, v.Stated = inUnit(a.Value, a.Unit, ind.Unit)
	return v
}

func writeJSON(e *env, v any) int {
	if err := finding.WriteJSON(e.stdout, v); err != nil {
		fmt.Fprintf(e.stderr, "chitieu: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// Words for the text output.
var (
	qualifierWords = map[string]finding.Text{"above": {VI: "trên ", EN: "above "}, "below": {VI: "dưới ", EN: "below "}, "about": {VI: "khoảng ", EN: "about "}}
	statusWords    = map[string]finding.Text{"official": {VI: "chính thức", EN: "official"}, "preliminary": {VI: "sơ bộ", EN: "preliminary"},
		"estimate": {VI: "ước tính", EN: "estimate"}, "derived": {VI: "suy ra", EN: "derived"}}
	measureWords = map[schema.Measure]finding.Text{schema.MeasureLevel: {VI: "mức", EN: "level"},
		schema.MeasureGrowth: {VI: "tăng bình quân", EN: "average growth"}, schema.MeasureShare: {VI: "tỷ trọng", EN: "share"},
		schema.MeasureFaster: {VI: "tốc độ tăng", EN: "growth"}}
)

func writePlanText(w io.Writer, v planView, l finding.Lang) {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(l) }
	h := v.Plan
	fmt.Fprintf(w, "%s (%s), %s %s\n", h.Name, h.ID, tr("phiên bản", "version"), h.Version)
	fmt.Fprintf(w, "%s: %d · %s: %d · %s: %d\n", tr("Đơn vị báo cáo", "Reporting units"), h.Units, tr("Chỉ tiêu", "Indicators"), h.Indicators, tr("Biểu mẫu", "Forms"), h.Forms)
	if h.ValidTo != "" {
		fmt.Fprintf(w, "%s %s; %s: %s\n", tr("Hiệu lực đến", "Valid to"), h.ValidTo, tr("kế thừa", "succeeded by"), h.SucceededBy)
	}
	for _, n := range v.Notes {
		fmt.Fprintf(w, "  • %s\n", n)
	}

	fmt.Fprintf(w, "\n%s (%d)\n", tr("MỤC TIÊU", "TARGETS"), len(v.Targets))
	for _, t := range v.Targets {
		scope := ""
		if t.Scope != province {
			scope = " [" + t.Scope + "]"
		}
		fmt.Fprintf(w, "\n%s%s  %s\n", t.ID, scope, t.IndicatorName)
		value := t.Statement
		if t.Stated != nil {
			value += " (= " + schema.WithUnit(t.Value.VN(), t.Unit) + ")"
		}
		fmt.Fprintf(w, "    %s %s: %s\n", measureWords[t.Measure].In(l), t.Period, value)
		if t.SecondaryTo != "" {
			fmt.Fprintf(w, "    %s\n", finding.Textf("Thứ yếu so với %s (chỉ mục tiêu chính được tính vào tổng hợp)", "Secondary to %s (only the primary is counted)", t.SecondaryTo).In(l))
		}
		writeSourceText(w, t.Source, t.Assumptions, t.Note, l)
	}

	fmt.Fprintf(w, "\n%s (%d)\n", tr("SỐ LIỆU ĐÃ CÓ", "REPORTED FIGURES"), len(v.Actuals))
	for _, a := range v.Actuals {
		scope := ""
		if a.Scope != province {
			scope = " [" + a.Scope + "]"
		}
		period := a.Period
		if a.Basis == "ytd" {
			period += tr(" (lũy kế từ đầu năm)", " (year to date)")
		}
		var parts []string
		if a.Value != nil {
			parts = append(parts, qualifierWords[a.Qualifier].In(l)+schema.WithUnit(a.Value.VN(), a.Unit))
			if a.Stated != nil {
				parts[0] += " (" + schema.WithUnit(a.Stated.Value.VN(), a.Stated.Unit) + ")"
			}
		}
		if a.YoY != nil {
			parts = append(parts, fmt.Sprintf(tr("tăng %s%% so với cùng kỳ", "%s%% on the same period"), a.YoY.VN()))
		}
		if a.MoM != nil {
			parts = append(parts, fmt.Sprintf(tr("tăng %s%% so với kỳ trước", "%s%% on the previous period"), a.MoM.VN()))
		}
		fmt.Fprintf(w, "\n%s%s  %s\n    %s: %s (%s)\n", a.Indicator, scope, a.IndicatorName, period, strings.Join(parts, "; "), statusWords[a.Status].In(l))
		writeSourceText(w, a.Source, a.Assumptions, a.Note, l)
	}
	if len(v.Warnings) > 0 {
		fmt.Fprintf(w, "\n%s\n", tr("CẢNH BÁO", "WARNINGS"))
		for _, s := range v.Warnings {
			fmt.Fprintf(w, "  • %s\n", s)
		}
	}
}

func writeSourceText(w io.Writer, s sourceView, as []assumptionView, note string, l finding.Lang) {
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(l) }
	fmt.Fprintf(w, "    %s: %s [%s]\n      «%s»\n", tr("Nguồn", "Source"), s.Document, s.File, s.Quote)
	if note != "" {
		fmt.Fprintf(w, "    %s: %s\n", tr("Ghi chú", "Note"), note)
	}
	for _, a := range as {
		fmt.Fprintf(w, "    %s (%s): %s\n", tr("Giả định", "Assumption"), a.ID, a.Text)
	}
}

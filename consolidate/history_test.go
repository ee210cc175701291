package consolidate

import (
	"testing"

	"github.com/shopspring/decimal"

	"chitieu/demo"
	"chitieu/schema"
	"chitieu/store"
)

// demoHistory is the demo's 2023 reports as the store would give them to a later period.
func demoHistory(t testing.TB, p *schema.Plan) History {
	t.Helper()
	dir, _, _, _, _ := inputs(t, p)
	period := demo.Period
	return historyOf(received(t, p, period, dir))
}

// TestHistoryTotals: figures of earlier periods are totalled like the period's own, and figures
// of the period itself or after it are not used.
func TestHistoryTotals(t *testing.T) {
	p := plan(t)
	hist := demoHistory(t, p)
	if len(hist) == 0 {
		t.Fatal("no history")
	}
	later := schema.Period{Year: 2025, Freq: schema.Yearly}
	hist = append(hist, Figure{Period: later, Form: "03/CT-H", Unit: "380", Indicator: "GTSX_CN", Column: "TH", Value: schema.MustNumber("1")})
	m := Build(p, schema.Period{Year: 2024, Freq: schema.Yearly}, nil, testDate, hist)
	h := m.PastTotals("03/CT-H", demo.Period)
	if h == nil {
		t.Fatal("no 2023 totals of 03/CT-H")
	}
	// 195 000 split over 27 districts, of which 381 is excluded (an error) and 382 replaced by
	// its resubmission (7 777,7): the total is what the valid reports add up to.
	sum := decimal.Zero
	for _, vals := range h.ByUnit {
		sum = sum.Add(vals[schema.CellKey{Indicator: "GTSX_CN", Column: "TH"}].Value.Decimal())
	}
	if got := h.Province[schema.CellKey{Indicator: "GTSX_CN", Column: "TH"}]; len(h.ByUnit) != 26 || !got.Decimal().Equal(sum) {
		t.Errorf("2023 GTSX_CN = %s from %d units, want %v", got, len(h.ByUnit), sum)
	}
	if m.PastTotals("03/CT-H", later) != nil {
		t.Error("a figure of 2025 was used in a 2024 workbook")
	}
	if x := m.PastTotals("04/CT-TK", demo.Period); x == nil || x.ByUnit["CTK"][schema.CellKey{Indicator: "IIP", Column: "TH"}].SHA256 == "" {
		t.Error("history figures lost their provenance")
	}
}

// historyOf is the figures with a value of the current valid submissions among subs, as
// History: what the store gives of them as an earlier period.
func historyOf(subs []store.Submission) History {
	var h History
	for i := range subs {
		if !counts(&subs[i]) {
			continue
		}
		for _, x := range subs[i].Figures {
			if x.Value.IsSet() {
				h = append(h, x)
			}
		}
	}
	return h
}

package store

import (
	"context"
	"strings"
	"testing"

	"chitieu/schema"
)

// TestApproveValid: every valid report of the period not reviewed yet is approved; a returned
// one, an invalid one and a missing one are left as they are.
func TestApproveValid(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	p := &schema.Plan{ID: testPlan,
		Units: []schema.Unit{{Code: "381"}, {Code: "382"}, {Code: "383"}, {Code: "384"}},
		Forms: []schema.Form{{ID: "01/CT-TK", Frequency: []schema.Frequency{schema.Monthly}, Units: []string{"381", "382", "383", "384"}}}}
	per := schema.Period{Year: 2024, N: 3, Freq: schema.Monthly}
	src := t.TempDir()
	for _, u := range []struct {
		unit  string
		valid bool
	}{{"381", true}, {"382", true}, {"383", false}} {
		sub := sample("01/CT-TK", u.unit, "2024-03", u.valid)
		if _, err := st.Receive(ctx, writeFile(t, src, u.unit+".xlsx", []byte(u.unit)), sub); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SetReview(ctx, ReviewChange{Form: "01/CT-TK", Unit: "382", Period: "2024-03", State: ReviewReturned, Comment: "sửa dòng 12", By: "cli"}); err != nil {
		t.Fatal(err)
	}
	var approved []string
	if err := st.ApproveValid(ctx, p, per, "cli:an", func(rv Review) error { approved = append(approved, rv.Unit+" "+rv.State+" "+rv.By); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(approved, ", "); got != "381 approved cli:an" {
		t.Errorf("approved: %q", got)
	}
	rep, err := st.Status(ctx, p, per, per.End())
	if err != nil {
		t.Fatal(err)
	}
	var states []string
	for _, u := range rep.Forms[0].Units {
		states = append(states, u.Unit+" "+u.State+" "+u.Review)
	}
	if got := strings.Join(states, ", "); got != "381 valid approved, 382 valid returned, 383 invalid , 384 missing " {
		t.Errorf("after: %s", got)
	}
}

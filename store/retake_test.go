package store

import (
	"context"
	"strings"
	"testing"

	"chitieu/finding"
)

// TestTakesUp: bytes the store holds as a rejected copy are taken up when received again and
// valid, only as the correction a duplicate-submission error advised to receive on its own:
// rejected for that alone, the latest file of its report, the report not approved, and not read
// again only to answer a message (Item.Again). Taken up, the file keeps its place in the receive
// order and supersedes the copy before it.
func TestTakesUp(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	src := t.TempDir()
	rejected := func(name, code string) Submission {
		sub := sample("01/CT-TK", "381", "2024-03", false)
		sub.Name = name
		sub.Findings = append(sub.Findings, finding.Finding{Severity: finding.Error, Code: code, Detail: finding.Text{VI: "x", EN: "x"}})
		return sub
	}
	valid := func(name string) Submission {
		sub := sample("01/CT-TK", "381", "2024-03", true)
		sub.Name = name
		return sub
	}
	recv := func(name string, sub Submission, again bool) Result {
		t.Helper()
		res, err := st.ReceiveBatch(ctx, []Item{{Path: writeFile(t, src, name, []byte(name)), Sub: sub, Again: again}})
		if err != nil {
			t.Fatal(err)
		}
		return res[0]
	}
	current := func() string {
		t.Helper()
		cur, err := st.Submissions(ctx, Filter{Form: "01/CT-TK", Unit: "381", Period: "2024-03", Current: true})
		if err != nil {
			t.Fatal(err)
		}
		var n []string
		for _, s := range cur {
			n = append(n, s.Name)
		}
		return strings.Join(n, ",")
	}
	recv("a.xlsx", valid("a.xlsx"), false)
	b := recv("b.xlsx", rejected("b.xlsx", "duplicate-submission"), false)
	if r := recv("b.xlsx", valid("b.xlsx"), true); r.Adopted || current() != "a.xlsx,b.xlsx" {
		t.Errorf("read again for a reply: adopted %v, current %s", r.Adopted, current())
	}
	r := recv("b.xlsx", valid("b.xlsx"), false)
	if !r.Adopted || current() != "b.xlsx" || r.Submission.Seq != b.Submission.Seq || len(r.Superseded) != 1 || r.Superseded[0].Name != "a.xlsx" {
		t.Errorf("the correction on its own: %+v, current %s", r, current())
	}
	// Rejected for something else: it stays rejected.
	recv("c.xlsx", rejected("c.xlsx", "not-a-number"), false)
	if r := recv("c.xlsx", valid("c.xlsx"), false); r.Adopted {
		t.Errorf("a file rejected for its figures was taken up: %+v", r)
	}
	// Not the latest file of its report: a later copy stands.
	recv("d.xlsx", rejected("d.xlsx", "duplicate-submission"), false)
	recv("e.xlsx", valid("e.xlsx"), false)
	if r := recv("d.xlsx", valid("d.xlsx"), false); r.Adopted || current() != "e.xlsx" {
		t.Errorf("an older rejected copy again: adopted %v, current %s", r.Adopted, current())
	}
}

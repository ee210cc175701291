package store

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestReviewFlow: return with report and cell comments → a correction is received again →
// approve → a later upload is held (kept, listed, current nowhere) → reopen → the held file
// supersedes; every change audited with the account's name; a rebuild ends where the receipts
// did.
func TestReviewFlow(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	src := t.TempDir()
	t0 := time.Date(2024, 4, 3, 2, 0, 0, 0, time.UTC)
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	checked := map[string]Submission{}
	recv := func(name string, h int, valid bool) Result {
		t.Helper()
		sub := sample("01/CT-TK", "381", "2024-03", valid)
		sub.Name, sub.ReceivedAt = name, at(h)
		p := writeFile(t, src, name, []byte(name))
		res, err := st.Receive(ctx, p, sub)
		if err != nil {
			t.Fatal(err)
		}
		checked[sum([]byte(name))] = sub
		return res
	}
	current := func() string {
		t.Helper()
		cur, err := st.Submissions(ctx, Filter{Form: "01/CT-TK", Unit: "381", Period: "2024-03", Current: true})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, s := range cur {
			names = append(names, s.Name)
		}
		return strings.Join(names, ",")
	}
	state := func() string {
		t.Helper()
		rvs, err := st.Reviews(ctx, "2024-03", "01/CT-TK", "381")
		if err != nil {
			t.Fatal(err)
		}
		cur, _ := st.Submissions(ctx, Filter{Form: "01/CT-TK", Unit: "381", Period: "2024-03", Current: true})
		sha := ""
		if len(cur) > 0 {
			sha = cur[0].SHA256
		}
		s, _ := ReviewOf(rvs, sha)
		return s
	}
	change := func(state, comment string, h int, by string, cells ...CellComment) error {
		_, err := st.SetReview(ctx, ReviewChange{Form: "01/CT-TK", Unit: "381", Period: "2024-03", State: state,
			Comment: comment, Cells: cells, By: by, At: at(h)})
		return err
	}

	recv("first.xlsx", 0, true)
	if err := change(ReviewReopened, "why", 1, "office:lan"); !IsCode(err, "not-approved") {
		t.Errorf("reopen of a received report: %v", err)
	}
	if err := change(ReviewReturned, "Kiểm tra lại chỉ số IIP", 1, "office:lan", CellComment{Cell: "D12", Text: "<b>8,20 quá cao</b>"}, CellComment{Cell: "Z99", Text: "x"}); !IsCode(err, "bad-cell") {
		t.Errorf("a cell that is no figure: %v", err)
	}
	if err := change(ReviewReturned, "Kiểm tra lại chỉ số IIP", 1, "office:lan", CellComment{Cell: "d12", Text: "<b>8,20 quá cao</b>"}); err != nil {
		t.Fatal(err)
	}
	if s := state(); s != ReviewReturned {
		t.Errorf("after return: %s", s)
	}
	rvs, _ := st.Reviews(ctx, "2024-03", "", "")
	if len(rvs) != 1 || len(rvs[0].Cells) != 1 || rvs[0].Cells[0] != (CellComment{Sheet: "Biểu 01", Cell: "D12", Text: "<b>8,20 quá cao</b>"}) {
		t.Errorf("reviews: %+v", rvs)
	}
	recv("correction.xlsx", 2, true)
	if s, c := state(), current(); s != ReviewReceived || c != "correction.xlsx" {
		t.Errorf("after the correction: %s, current %s", s, c)
	}
	if err := change(ReviewApproved, "", 3, "office:minh"); err != nil {
		t.Fatal(err)
	}
	if err := change(ReviewApproved, "", 3, "office:minh"); !IsCode(err, "already-approved") {
		t.Errorf("approve twice: %v", err)
	}
	if err := change(ReviewReturned, "x", 3, "office:minh"); !IsCode(err, "approved") {
		t.Errorf("return of an approved report: %v", err)
	}
	res := recv("late.xlsx", 4, true)
	recv("late-bad.xlsx", 5, false)
	if len(res.Superseded) != 0 || res.Submission.SupersededBy == 0 {
		t.Errorf("a file for an approved report superseded %+v", res)
	}
	if s, c := state(), current(); s != ReviewApproved || c != "correction.xlsx" {
		t.Errorf("after a later upload: %s, current %s", s, c)
	}
	if all, _ := st.Submissions(ctx, Filter{Unit: "381"}); len(all) != 4 {
		t.Errorf("the held files are not listed: %d", len(all))
	}
	if err := change(ReviewReopened, " ", 6, "office:minh"); !IsCode(err, "bad-review") {
		t.Errorf("reopen without a reason: %v", err)
	}
	if err := change(ReviewReopened, "Đơn vị gửi số liệu chính thức", 6, "office:minh"); err != nil {
		t.Fatal(err)
	}
	// The held files take their turn in order: late.xlsx supersedes the approved file,
	// late-bad.xlsx (invalid) supersedes no valid one.
	if s, c := state(), current(); s != ReviewReceived || c != "late.xlsx,late-bad.xlsx" {
		t.Errorf("after reopen: %s, current %s", s, c)
	}
	recv("after.xlsx", 7, true)
	if c := current(); c != "after.xlsx" {
		t.Errorf("after reopen, a new file: current %s", c)
	}
	log, _ := st.AuditLog(ctx, 10)
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		got = append(got, fmt.Sprintf("%s %s", log[i].Actor, log[i].Action))
		if !strings.HasPrefix(log[i].Target, "01/CT-TK/381/2024-03") {
			t.Errorf("audit target %q", log[i].Target)
		}
	}
	want := "office:lan review-returned|office:minh review-approved|office:minh review-reopened"
	if strings.Join(got, "|") != want {
		t.Errorf("audit:\n%s\nwant\n%s", strings.Join(got, "|"), want)
	}
	if !strings.Contains(log[0].Detail, "chính thức") || !strings.Contains(log[2].Detail, "D12: <b>8,20") {
		t.Errorf("audit details: %q, %q", log[0].Detail, log[2].Detail)
	}

	before := dump(t, st, true)
	if _, err := st.Rebuild(ctx, false, func(ctx context.Context, a Archived) (Submission, error) {
		s, _, err := HashFile(a.Path)
		return checked[s], err
	}); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, st, true); after != before {
		t.Errorf("after rebuild:\n%s\nwant\n%s", after, before)
	}
}

package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefused: a file refused for its sender is filed under the sender, supersedes nothing, is
// never superseded and counts nowhere; the same bytes received later for the unit they name
// (one receipt or a batch) become that unit's report, and a rebuild from the files alone files
// each as it stands.
func TestRefused(t *testing.T) {
	ctx := context.Background()
	for _, batch := range []bool{false, true} {
		name := "one receipt"
		if batch {
			name = "batch"
		}
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			st := open(t, dir)
			src := t.TempDir()
			own := writeFile(t, src, "own.xlsx", []byte("381's own, invalid"))
			if _, err := st.Receive(ctx, own, sample("01/CT-TK", "381", "2024-03", false)); err != nil {
				t.Fatal(err)
			}
			theirs := writeFile(t, src, "theirs.xlsx", []byte("381's report, sent by 380"))
			refused := sample("01/CT-TK", "381", "2024-03", false)
			refused.Sender, refused.Refused = "380", true
			res, err := st.Receive(ctx, theirs, refused)
			if err != nil || len(res.Superseded) != 0 || res.Submission.Unit != "380" {
				t.Fatalf("refused: %+v %v", res, err)
			}
			cur, _ := st.Submissions(ctx, Filter{Unit: "381", Current: true})
			if len(cur) != 1 || cur[0].Name != "own.xlsx" {
				t.Errorf("381's current reports: %+v", cur)
			}
			if all, _ := st.Submissions(ctx, Filter{}); len(all) != 1 {
				t.Errorf("a plain listing shows the refused file: %d", len(all))
			}
			if mine, _ := st.Submissions(ctx, Filter{Unit: "380", WithRefused: true}); len(mine) != 1 || !mine[0].Refused {
				t.Errorf("the sender's evidence: %+v", mine)
			}
			// A later invalid report of 380's for the same key does not supersede the evidence.
			later := writeFile(t, src, "later.xlsx", []byte("380's own, invalid"))
			if res, _ := st.Receive(ctx, later, sample("01/CT-TK", "380", "2024-03", false)); len(res.Superseded) != 0 {
				t.Errorf("380's own file superseded %+v", res.Superseded)
			}
			// The same bytes for 381 itself: its report now.
			mine := sample("01/CT-TK", "381", "2024-03", true)
			mine.Sender = "381"
			if batch {
				rs, err := st.ReceiveBatch(ctx, []Item{{Path: theirs, Sub: mine}})
				if err != nil {
					t.Fatal(err)
				}
				res = rs[0]
			} else if res, err = st.Receive(ctx, theirs, mine); err != nil {
				t.Fatal(err)
			}
			if !res.Adopted || res.New || len(res.Superseded) != 1 || res.Submission.Unit != "381" || res.Submission.Refused {
				t.Errorf("taken up: %+v", res)
			}
			cur, _ = st.Submissions(ctx, Filter{Unit: "381", Current: true})
			if len(cur) != 1 || cur[0].Name != "theirs.xlsx" || !cur[0].Valid {
				t.Errorf("381's current reports after: %+v", cur)
			}
			before := dump(t, st, false)
			st.Close()
			for _, ext := range []string{"", "-wal", "-shm"} {
				os.Remove(filepath.Join(dir, indexName+ext))
			}
			if _, err := Open(ctx, dir, testPlan); !IsCode(err, "needs-rebuild") || !strings.Contains(err.Error(), "chitieu store rebuild") {
				t.Fatalf("a store without its index: %v", err)
			}
			st2, moved, err := OpenForRebuild(ctx, dir, testPlan)
			if err != nil || moved != "" {
				t.Fatal(moved, err)
			}
			defer st2.Close()
			checks := map[string]Submission{}
			for _, s := range []struct {
				path string
				sub  Submission
			}{{own, sample("01/CT-TK", "381", "2024-03", false)}, {theirs, sample("01/CT-TK", "381", "2024-03", true)}, {later, sample("01/CT-TK", "380", "2024-03", false)}} {
				sum, _, _ := HashFile(s.path)
				checks[sum] = s.sub
			}
			_, err = st2.Rebuild(ctx, false, func(ctx context.Context, a Archived) (Submission, error) {
				sum, _, _ := HashFile(a.Path)
				sub := checks[sum]
				sub.Refused = a.Sender != "" && a.Sender != sub.Unit
				return sub, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if after := dump(t, st2, false); after != before {
				t.Errorf("rebuilt:\n%s\nwant\n%s", after, before)
			}
		})
	}
}

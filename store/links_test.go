package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"
)

func TestLinks(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	a, b := sum([]byte("token a")), sum([]byte("token b"))
	if added, err := st.AddLink(ctx, "SCT", a); err != nil || !added {
		t.Fatalf("first link: %v %v", added, err)
	}
	if added, err := st.AddLink(ctx, "SCT", b); err != nil || added {
		t.Fatalf("a second AddLink must keep the first: %v %v", added, err)
	}
	if err := st.ReplaceLink(ctx, "SCT", b); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceLink(ctx, "CTK", a); err != nil {
		t.Fatal(err)
	}
	links, err := st.Links(ctx)
	if err != nil || len(links) != 2 || links[0].Unit != "CTK" || links[0].TokenSHA256 != a || links[1].Unit != "SCT" || links[1].TokenSHA256 != b {
		t.Fatalf("links: %+v %v", links, err)
	}
	if time.Since(links[0].CreatedAt) > time.Minute {
		t.Errorf("created at %v", links[0].CreatedAt)
	}
	// Two units cannot share a token.
	if err := st.ReplaceLink(ctx, "STC", a); err == nil {
		t.Error("a token already used by another unit was accepted")
	}
	for _, bad := range []struct{ unit, hash string }{{"", a}, {"SCT", "token"}, {"SCT", strings.ToUpper(a)}} {
		if _, err := st.AddLink(ctx, bad.unit, bad.hash); !IsCode(err, "bad-link") {
			t.Errorf("AddLink(%q, %q): %v", bad.unit, bad.hash, err)
		}
	}
}

func TestAuditAndUploads(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	if err := st.Audit(ctx, AuditEntry{Actor: "office", Action: "login", Remote: "127.0.0.1:5000"}); err != nil {
		t.Fatal(err)
	}
	up := Upload{SHA256: sum([]byte("x")), Unit: "SCT", Name: `C:\Users\a\Báo cáo.xlsx`}
	if err := st.RecordUpload(ctx, up, AuditEntry{Actor: "unit:SCT", Action: "upload", Target: up.SHA256, Detail: "<script>", Forwarded: "10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	log, err := st.AuditLog(ctx, 10)
	if err != nil || len(log) != 2 || log[0].Action != "upload" || log[0].Detail != "<script>" || log[0].Forwarded != "10.0.0.1" || log[1].Remote != "127.0.0.1:5000" {
		t.Fatalf("audit log, newest first: %+v %v", log, err)
	}
	if log[0].At.IsZero() || log[0].At.Before(log[1].At) {
		t.Errorf("times: %v then %v", log[1].At, log[0].At)
	}
	if log, _ := st.AuditLog(ctx, 1); len(log) != 1 {
		t.Errorf("limit 1 gave %d", len(log))
	}
	ups, err := st.Uploads(ctx, "SCT")
	if err != nil || len(ups) != 1 || ups[0].Name != "Báo cáo.xlsx" || ups[0].SHA256 != up.SHA256 {
		t.Fatalf("uploads: %+v %v", ups, err)
	}
	if ups, _ := st.UploadsOf(ctx, up.SHA256); len(ups) != 1 || ups[0].Unit != "SCT" {
		t.Errorf("uploads of the file: %+v", ups)
	}
	if ups, _ := st.Uploads(ctx, "CTK"); len(ups) != 0 {
		t.Errorf("another unit's uploads: %+v", ups)
	}
	// The link a file first came through, new: none here, as the upload above was not new.
	if via, err := st.FirstLink(ctx, up.SHA256); via != "" || err != nil {
		t.Errorf("first link of a file not new: %q %v", via, err)
	}
	st.RecordUpload(ctx, Upload{SHA256: up.SHA256, Unit: "STC", Name: "a.xlsx", New: true}, AuditEntry{Actor: "unit:STC", Action: "upload"})
	st.RecordUpload(ctx, Upload{SHA256: up.SHA256, Unit: "CTK", Name: "a.xlsx", New: true}, AuditEntry{Actor: "unit:CTK", Action: "upload"})
	if via, err := st.FirstLink(ctx, up.SHA256); via != "STC" || err != nil {
		t.Errorf("first link: %q %v", via, err)
	}
}

// TestMigrationTwo opens a store made by a program that knew only the first schema step: the
// later ones are applied and what the store held is kept.
func TestMigrationTwo(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all := migrations
	migrations = all[:1]
	st, err := Open(ctx, dir, testPlan)
	if err != nil {
		migrations = all
		t.Fatal(err)
	}
	// The rows as that program wrote them (this one's queries need the later columns).
	at := formatTime(time.Now())
	if _, err := st.db.Exec(`INSERT INTO files VALUES (?, 'a.xlsx', 'a.xlsx', 1, ?, 1);
		INSERT INTO submissions(sha256, form, form_version, unit, period, valid, received_at) VALUES (?, '01/CT-TK', '1', 'SCT', '2024-03', 1, ?)`,
		sum([]byte("a")), at, sum([]byte("a")), at); err != nil {
		migrations = all
		t.Fatal(err)
	}
	st.Close()
	migrations = all
	st = open(t, dir)
	var version int
	if err := st.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(all) {
		t.Fatalf("user_version %d, want %d (%v)", version, len(all), err)
	}
	if subs, _ := st.Submissions(ctx, Filter{}); len(subs) != 1 {
		t.Errorf("%d submissions after the migration", len(subs))
	}
	if _, err := st.AddLink(ctx, "SCT", sum([]byte("t"))); err != nil {
		t.Error(err)
	}
}

func TestVerify(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	for i, name := range []string{"a.xlsx", "b.xlsx"} {
		path := writeFile(t, t.TempDir(), name, []byte(name))
		if _, err := st.Receive(ctx, path, sample("01/CT-TK", "SCT", "2024-0"+string(rune('1'+i)), true)); err != nil {
			t.Fatal(err)
		}
	}
	if problems, err := st.Verify(ctx); err != nil || len(problems) != 0 {
		t.Fatalf("a sound store: %v %v", problems, err)
	}
	a, _ := st.Path(sum([]byte("a.xlsx")))
	b, _ := st.Path(sum([]byte("b.xlsx")))
	os.Remove(a)
	os.WriteFile(b, []byte("changed"), 0o644)
	problems, err := st.Verify(ctx)
	if err != nil || len(problems) != 2 || !strings.Contains(problems[0].English(), "missing") || problems[1].Code != "sha256-mismatch" || !strings.Contains(problems[1].English(), b) {
		t.Fatalf("a damaged store: %q %v", problems, err)
	}
}

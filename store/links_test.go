package store

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"chitieu/finding"
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

// TestMigrations opens a store made by a program that knew only the first schema step, holding
// a finding stored as two sentences (before step 5 kept a message as data): every later step is
// applied, what the store held is kept, and the finding reads as it did in each language, its
// "%" untouched.
func TestMigrations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	all := migrations
	t.Cleanup(func() { migrations = all })
	migrations = all[:1]
	st, err := Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	// The rows as that program wrote them (this one's queries need the later columns).
	at := formatTime(time.Now())
	if _, err := st.db.Exec(`INSERT INTO files VALUES (?, 'a.xlsx', 'a.xlsx', 1, ?, 1);
		INSERT INTO submissions(sha256, form, form_version, unit, period, valid, received_at) VALUES (?, '01/CT-TK', '1', 'SCT', '2024-03', 1, ?);
		INSERT INTO findings(submission_id, ord, severity, code, sheet, cell, indicator, col, value, message_vi, message_en)
		VALUES (1, 0, 'error', 'above-max', 'Biểu 01', 'E12', 'TL', 'TH', '120', 'Tỷ lệ 120% vượt 100%', 'Rate 120% is over 100%')`,
		sum([]byte("a")), at, sum([]byte("a")), at); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// A message refused as the program of step 4 stored it: two sentences.
	migrations = all[:4]
	st = open(t, dir)
	if _, err := st.db.Exec(`INSERT INTO messages(key, sha256, size, sender, sender_name, sent_at, sent_raw, subject, message_id, source,
		refused, detail_vi, detail_en, received_at) VALUES ('<m@x>', 'ab', 1, 'a@x', '', '', '', 's', 'm@x', 'thu.eml', 'too-large',
		'Thư lớn hơn 64 MB (100%)', 'The message is larger than 64 MB (100%)', ?);
		INSERT INTO message_parts VALUES (1, 0, '../a.xlsx', '', 'unsafe-name', 'Tên có đường dẫn', 'The name holds a path')`, at); err != nil {
		t.Fatal(err)
	}
	st.Close()
	migrations = all
	st = open(t, dir)
	var version int
	if err := st.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil || version != len(all) {
		t.Fatalf("user_version %d, want %d (%v)", version, len(all), err)
	}
	subs, err := st.Submissions(ctx, Filter{WithFindings: true})
	if err != nil || len(subs) != 1 || len(subs[0].Findings) != 1 {
		t.Fatalf("after the migrations: %+v, %v", subs, err)
	}
	x := subs[0].Findings[0]
	if x.Severity != finding.Error || x.Code != "above-max" || x.Cell != (finding.Cell{File: "a.xlsx", Sheet: "Biểu 01", Row: 12, Col: 5}) ||
		x.Detail.In(finding.VI) != "Tỷ lệ 120% vượt 100%" || x.Detail.In(finding.EN) != "Rate 120% is over 100%" {
		t.Errorf("finding after the migration: %+v", x)
	}
	if _, err := st.AddLink(ctx, "SCT", sum([]byte("t"))); err != nil {
		t.Error(err)
	}
	msgs, err := st.Messages(ctx)
	if err != nil || len(msgs) != 1 || len(msgs[0].Parts) != 1 {
		t.Fatalf("messages after the migrations: %+v %v", msgs, err)
	}
	m, p := msgs[0], msgs[0].Parts[0]
	if m.Refused != "too-large" || m.Detail.In(finding.VI) != "Thư lớn hơn 64 MB (100%)" || m.Detail.In(finding.EN) != "The message is larger than 64 MB (100%)" ||
		p.Detail.In(finding.EN) != "The name holds a path" || m.Reply != "" {
		t.Errorf("a refusal stored as two sentences, after the migration: %+v", m)
	}
}

// TestFindingAsData receives a finding whose message has arguments and reads it back: the store
// keeps the patterns and the raw arguments, and the message is printed in either language.
func TestFindingAsData(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	path := writeFile(t, t.TempDir(), "a.xlsx", []byte("a"))
	if _, err := st.Receive(ctx, path, sample("01/CT-TK", "SCT", "2024-03", true)); err != nil {
		t.Fatal(err)
	}
	var raw string
	if err := st.db.QueryRow("SELECT detail FROM findings").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, "1.234,5") || strings.Contains(raw, "2 cells") || !strings.Contains(raw, `"1234.5"`) {
		t.Errorf("stored as prose, not data: %s", raw)
	}
	subs, err := st.Submissions(ctx, Filter{WithFindings: true})
	if err != nil || len(subs) != 1 || len(subs[0].Findings) != 1 {
		t.Fatalf("%+v, %v", subs, err)
	}
	d := subs[0].Findings[0].Detail
	if vi, en := d.In(finding.VI), d.In(finding.EN); vi != "Có 2 ô ngoài bảng (1.234,5)" || en != "2 cells outside the table (1,234.5)" {
		t.Errorf("read back: %q / %q", vi, en)
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
	if err != nil || len(problems) != 2 || !strings.Contains(problems[0].In(finding.EN), "missing") || problems[1].Code != "sha256-mismatch" || !strings.Contains(problems[1].In(finding.EN), b) {
		t.Fatalf("a damaged store: %q %v", problems, err)
	}
}

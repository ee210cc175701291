package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestMessages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := open(t, dir)
	path := filepath.Join(t.TempDir(), "Báo cáo.xlsx")
	if err := os.WriteFile(path, []byte("bytes of a workbook"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := st.Receive(ctx, path, Submission{})
	if err != nil {
		t.Fatal(err)
	}
	sent := time.Date(2026, 4, 14, 9, 30, 0, 0, time.FixedZone("", 7*3600))
	m := Message{Key: "<a@x>", SHA256: "ab", Size: 10, From: "kehoach@xa.example", FromName: "Phòng Kế hoạch", SentAt: sent,
		SentRaw: "Tue, 14 Apr 2026 09:30:00 +0700", Subject: "Báo cáo tháng 3", MessageID: "a@x", Source: "thu.eml",
		Parts: []MessagePart{{Name: "../x.xlsx", Refused: "unsafe-name", DetailVI: "tên", DetailEN: "name"}, {Name: "Báo cáo.xlsx", SHA256: res.Submission.SHA256}}}
	if added, err := st.RecordMessage(ctx, m); err != nil || !added {
		t.Fatalf("first: %v %v", added, err)
	}
	m.Source = "again.eml"
	if added, err := st.RecordMessage(ctx, m); err != nil || added {
		t.Fatalf("the same message again must record nothing: %v %v", added, err)
	}
	got, ok, err := st.MessageOf(ctx, res.Submission.SHA256)
	if err != nil || !ok || got.From != m.From || got.Subject != m.Subject || got.MessageID != "a@x" || !got.SentAt.Equal(sent) || got.Source != "thu.eml" {
		t.Fatalf("MessageOf: %+v %v %v", got, ok, err)
	}
	if _, ok, err := st.MessageOf(ctx, "ab"); ok || err != nil {
		t.Errorf("a file no message brought: %v %v", ok, err)
	}
	// UIDs count only under their UIDVALIDITY; the rows outlive a rebuild of the index.
	if err := st.MarkSeen(ctx, "imap://o@h/INBOX", 7, 3, "<a@x>"); err != nil {
		t.Fatal(err)
	}
	if err := st.MarkSeen(ctx, "imap://o@h/INBOX", 7, 3, "<a@x>"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st = open(t, dir)
	if _, err := st.Rebuild(ctx, func(ctx context.Context, a Archived) (Submission, error) { return Submission{}, nil }); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		validity uint32
		want     int
	}{{7, 1}, {8, 0}} {
		seen, err := st.SeenUIDs(ctx, "imap://o@h/INBOX", tc.validity)
		if err != nil || len(seen) != tc.want || tc.want == 1 && !seen[3] {
			t.Errorf("UIDVALIDITY %d: %v %v", tc.validity, seen, err)
		}
	}
	if _, ok, _ := st.MessageOf(ctx, res.Submission.SHA256); !ok {
		t.Error("the message's evidence was lost by a rebuild")
	}
}

package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"chitieu/finding"
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
		Parts: []MessagePart{{Name: "../x.xlsx", Refused: "unsafe-name", Detail: finding.Textf("tên %q có đường dẫn (100%% bị từ chối)", "the name %q holds a path (100%% refused)", "../x.xlsx")}, {Name: "Báo cáo.xlsx", SHA256: res.Submission.SHA256}}}
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
	if _, err := st.Rebuild(ctx, false, func(ctx context.Context, a Archived) (Submission, error) { return Submission{}, nil }); err != nil {
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
	// The refusal is kept as data and printed in the reader's language.
	msgs, err := st.Messages(ctx)
	if err != nil || len(msgs) != 1 || len(msgs[0].Parts) != 2 {
		t.Fatalf("Messages: %+v %v", msgs, err)
	}
	p := msgs[0].Parts[0]
	if p.Refused != "unsafe-name" || p.Detail.In(finding.VI) != `tên "../x.xlsx" có đường dẫn (100% bị từ chối)` ||
		p.Detail.In(finding.EN) != `the name "../x.xlsx" holds a path (100% refused)` || len(p.Detail.Args) != 1 || !msgs[0].Parts[1].Detail.IsZero() {
		t.Errorf("the refused part: %+v", p)
	}
}

// TestRepliesDue: a reply decided but not sent is due under the message's first UID, once for a
// message that came twice, and no longer once sent.
func TestRepliesDue(t *testing.T) {
	ctx := context.Background()
	st := open(t, t.TempDir())
	box := "imap://o@h/INBOX"
	for _, k := range []string{"<a@x>", "<b@x>"} {
		if _, err := st.RecordMessage(ctx, Message{Key: k, Reply: "due"}); err != nil {
			t.Fatal(err)
		}
	}
	for uid, k := range map[uint32]string{3: "<a@x>", 4: "<b@x>", 9: "<a@x>"} {
		if err := st.MarkSeen(ctx, box, 7, uid, k); err != nil {
			t.Fatal(err)
		}
	}
	due, err := st.RepliesDue(ctx, box, 7)
	if err != nil || len(due) != 2 || due[3] != "<a@x>" || due[4] != "<b@x>" {
		t.Fatalf("due: %v %v", due, err)
	}
	if err := st.SetReply(ctx, "<b@x>", "sent"); err != nil {
		t.Fatal(err)
	}
	if due, _ := st.RepliesDue(ctx, box, 7); len(due) != 1 || due[3] != "<a@x>" {
		t.Errorf("after one was sent: %v", due)
	}
	if due, _ := st.RepliesDue(ctx, box, 8); len(due) != 0 {
		t.Errorf("another UIDVALIDITY: %v", due)
	}
	for key, want := range map[string]string{"<a@x>": "due", "<b@x>": "sent", "<c@x>": ""} {
		if got, err := st.ReplyOf(ctx, key); got != want || err != nil {
			t.Errorf("ReplyOf(%s) = %q %v, want %q", key, got, err, want)
		}
	}
}

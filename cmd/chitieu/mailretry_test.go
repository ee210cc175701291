package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/mail/mailtest"
)

// februaryReport is CTK's filled 01/CT-TK for 2024-02, written under dir/forms.
func februaryReport(t *testing.T, dir string) string {
	vals := map[string]string{}
	for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
		vals[ind+"/TH"], vals[ind+"/LK"] = "100", "200"
	}
	return fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 2.xlsx", "2024-02", vals)
}

// fetchReplying is the office's mail fetch --reply against srv, into the store dir/kho, with
// srv's certificate trusted.
func fetchReplying(t *testing.T, srv *mailtest.Server, dir string) (kho string, args []string) {
	kho, ca := filepath.Join(dir, "kho"), filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(ca, srv.CertPEM, 0o644); err != nil {
		t.Fatal(err)
	}
	user := strings.Replace(office, "@", "%40", 1)
	return kho, []string{"mail", "fetch", "--store", kho, "--imap", "imap://" + user + "@" + srv.IMAP + "/INBOX", "--password-file", srv.PasswordFile, "--ca-file", ca,
		"--reply", "--smtp", "smtp://" + user + "@" + srv.SMTP}
}

// TestMailReplyRetry: the office's SMTP server is down when the messages are fetched: each is
// received and recorded, its reply recorded as due, and fetch says so and fails. Once the server
// is back, the next fetch --reply sends each due reply once — a message that came twice is
// answered once — says which were retried, tells of no file again (they were received and
// counted in the first fetch), and a third fetch sends nothing. The reply goes to
// the message's Reply-To where the plan knows it; a Reply-To the plan does not know is not
// answered, though its From is the unit's.
func TestMailReplyRetry(t *testing.T) {
	srv := mailtest.Start(t)
	ctk := "cuc.thongke@thanhhoa.example"
	tk := "thongke@thanhhoa.example" // another address the plan knows: the unit's Reply-To
	for _, a := range []string{office, ctk, tk, "ketoan@gmail.example"} {
		srv.AddMailbox(t, a)
	}
	dir := t.TempDir()
	feb := februaryReport(t, dir)
	withReplyTo := func(msg []byte, to string) []byte {
		return []byte("Reply-To: Phòng Tổng hợp <" + to + ">\r\n" + string(msg))
	}
	msgs := [][]byte{
		unitMessage(t, "Cục Thống kê <"+ctk+">", "Báo cáo tháng 2", "feb@thanhhoa.example", feb),
		withReplyTo(unitMessage(t, "Cục Thống kê <"+ctk+">", "Gửi lại tháng 2", "feb2@thanhhoa.example", feb), tk),
		withReplyTo(unitMessage(t, "Cục Thống kê <"+ctk+">", "Tháng 2 bản sao", "feb3@thanhhoa.example", feb), "ketoan@gmail.example"),
	}
	msgs = append(msgs, msgs[0]) // the first message twice
	for i, m := range msgs {
		submit(t, srv, ctk, []string{office}, m)
		if n := srv.Delivered(t, office, i+1); n != i+1 {
			t.Fatalf("%d messages delivered, want %d\n%s", n, i+1, srv.Log())
		}
	}
	kho, fetch := fetchReplying(t, srv, dir)

	srv.StopSMTP(t)
	code, out, errs := chitieu(t, fetch...)
	if code != exitUsage || !strings.Contains(errs, "2 thư trả lời chưa gửi được") || !strings.Contains(errs, "UID 1: chưa gửi được thư trả lời tới "+ctk) ||
		!strings.Contains(errs, "UID 2: chưa gửi được thư trả lời tới "+tk) || !strings.Contains(out, "4 thư mới; 4 tệp") || !strings.Contains(out, "0 thư trả lời (0 gửi lại)") ||
		!strings.Contains(out, "ketoan@gmail.example: không trả lời") {
		t.Fatalf("fetch with the SMTP server down: exit %d\n%s\n%s", code, out, errs)
	}
	for _, m := range storedMessages(t, kho) {
		want := map[string]string{"feb@thanhhoa.example": "due", "feb2@thanhhoa.example": "due", "feb3@thanhhoa.example": ""}[m.MessageID]
		if m.Reply != want {
			t.Errorf("%s: reply %q, want %q", m.MessageID, m.Reply, want)
		}
	}

	srv.StartSMTP(t)
	code, out, errs = chitieu(t, fetch...)
	if code != exitOK || errs != "" || !strings.Contains(out, "0 thư mới; 0 tệp: 0 đã nhận, 0 bị từ chối (vẫn được lưu làm bằng chứng), 0 đã có từ trước") ||
		!strings.Contains(out, "2 thư trả lời (2 gửi lại)") || strings.Contains(out, "CTK tháng 2.xlsx") ||
		!strings.Contains(out, "UID 1: đã gửi lại thư trả lời tới "+ctk) || !strings.Contains(out, "UID 2: đã gửi lại thư trả lời tới "+tk) {
		t.Fatalf("fetch once the server is back: exit %d\n%s\n%s\n%s", code, out, errs, srv.Log())
	}
	srv.Delivered(t, ctk, 1)
	srv.Delivered(t, tk, 1)
	got := map[string]int{}
	for _, a := range []string{ctk, tk, "ketoan@gmail.example"} {
		got[a] = len(readMailbox(t, srv, a))
	}
	if got[ctk] != 1 || got[tk] != 1 || got["ketoan@gmail.example"] != 0 {
		t.Errorf("replies delivered: %v, want one to the From of the first message, one to the Reply-To of the second, none to an unknown Reply-To", got)
	}
	reply := readMailbox(t, srv, ctk)[0]
	text := quotedPrintableText(t, string(reply.raw))
	if !strings.Contains(text, "HỢP LỆ") || strings.Contains(text, "đã có đúng tệp này") {
		t.Errorf("the retried reply is the first answer to this message's file:\n%s", text)
	}
	for _, m := range storedMessages(t, kho) {
		if m.MessageID != "feb3@thanhhoa.example" && m.Reply != "sent" {
			t.Errorf("%s: reply %q after it was sent", m.MessageID, m.Reply)
		}
	}

	code, out, errs = chitieu(t, fetch...)
	if code != exitOK || !strings.Contains(out, "0 thư mới; 0 tệp") || !strings.Contains(out, "0 thư trả lời") {
		t.Fatalf("a third fetch: %d\n%s\n%s", code, out, errs)
	}
	if n := len(readMailbox(t, srv, ctk)); n != 1 {
		t.Errorf("a third fetch sent again: %d replies", n)
	}
}

// TestMailReplyDueMessageGone: a reply could not be sent, and the message was then deleted from
// the mailbox (moved to another folder by hand, say). The next fetch cannot read it again to
// answer it: it says so, naming the message, so that the office answers the unit by hand.
func TestMailReplyDueMessageGone(t *testing.T) {
	srv := mailtest.Start(t)
	ctk := "cuc.thongke@thanhhoa.example"
	for _, a := range []string{office, ctk} {
		srv.AddMailbox(t, a)
	}
	dir := t.TempDir()
	feb := februaryReport(t, dir)
	submit(t, srv, ctk, []string{office}, unitMessage(t, "Cục Thống kê <"+ctk+">", "Báo cáo tháng 2", "feb@thanhhoa.example", feb))
	if n := srv.Delivered(t, office, 1); n != 1 {
		t.Fatalf("%d messages delivered\n%s", n, srv.Log())
	}
	_, fetch := fetchReplying(t, srv, dir)

	srv.StopSMTP(t)
	if code, out, errs := chitieu(t, fetch...); code != exitUsage || !strings.Contains(errs, "1 thư trả lời chưa gửi được") {
		t.Fatalf("fetch with the SMTP server down: exit %d\n%s\n%s", code, out, errs)
	}
	removed := 0
	for _, sub := range []string{"new", "cur"} {
		box := filepath.Join(srv.Dir, "mail", office, "Maildir", sub)
		entries, _ := os.ReadDir(box)
		for _, en := range entries {
			if data, err := os.ReadFile(filepath.Join(box, en.Name())); err == nil && strings.Contains(string(data), "<feb@thanhhoa.example>") {
				if err := os.Remove(filepath.Join(box, en.Name())); err != nil {
					t.Fatal(err)
				}
				removed++
			}
		}
	}
	if removed != 1 {
		t.Fatalf("%d copies of the message removed from the mailbox, want 1", removed)
	}
	srv.StartSMTP(t)
	code, out, errs := chitieu(t, fetch...)
	if code != exitOK || !strings.Contains(errs, "UID 1: thư <feb@thanhhoa.example> chưa được trả lời") || !strings.Contains(errs, "hãy trả lời đơn vị bằng tay") ||
		!strings.Contains(out, "0 thư trả lời") {
		t.Fatalf("fetch after the message was deleted: exit %d\n%s\n%s", code, out, errs)
	}
	if n := len(readMailbox(t, srv, ctk)); n != 0 {
		t.Errorf("%d replies sent for a message no longer in the mailbox", n)
	}
}

// cancelOn is an output that stops the run (its context) once it has printed a given text.
type cancelOn struct {
	bytes.Buffer
	text   string
	cancel context.CancelFunc
}

func (w *cancelOn) Write(p []byte) (int, error) {
	n, err := w.Buffer.Write(p)
	if strings.Contains(w.String(), w.text) {
		w.cancel()
	}
	return n, err
}

// TestMailReplyStoppedRun: a fetch --reply stopped (Ctrl-C) after a batch's messages were
// recorded but before they were answered leaves their replies due, not lost: the next fetch
// reads them again and answers the unit's message, once. The stop is made where it can be made
// exactly: right after the run has said it will not answer a stranger's message, the first of
// the batch, so that the unit's message, the second, is recorded and not yet answered.
func TestMailReplyStoppedRun(t *testing.T) {
	srv := mailtest.Start(t)
	ctk, stranger := "cuc.thongke@thanhhoa.example", "nguoi.la@gmail.example"
	for _, a := range []string{office, ctk, stranger} {
		srv.AddMailbox(t, a)
	}
	dir := t.TempDir()
	feb := februaryReport(t, dir)
	submit(t, srv, stranger, []string{office}, unitMessage(t, "Người lạ <"+stranger+">", "Chào", "hello@gmail.example"))
	if n := srv.Delivered(t, office, 1); n != 1 {
		t.Fatalf("%d messages delivered\n%s", n, srv.Log())
	}
	submit(t, srv, ctk, []string{office}, unitMessage(t, "Cục Thống kê <"+ctk+">", "Báo cáo tháng 2", "feb@thanhhoa.example", feb))
	if n := srv.Delivered(t, office, 2); n != 2 {
		t.Fatalf("%d messages delivered\n%s", n, srv.Log())
	}
	kho, fetch := fetchReplying(t, srv, dir)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := &cancelOn{text: stranger + ": không trả lời", cancel: cancel}
	var errs bytes.Buffer
	if code := run(ctx, fetch, strings.NewReader(""), out, &errs); code == exitOK || !strings.Contains(out.String(), stranger+": không trả lời") {
		t.Fatalf("the stopped fetch: exit %d\n%s\n%s", code, out.String(), errs.String())
	}
	if n := len(readMailbox(t, srv, ctk)); n != 0 {
		t.Fatalf("the stopped run sent %d replies", n)
	}
	for _, m := range storedMessages(t, kho) {
		if m.MessageID == "feb@thanhhoa.example" && m.Reply != "due" {
			t.Errorf("the unit's message left by the stopped run with its reply %q, want due", m.Reply)
		}
	}

	code, stdout, stderr := chitieu(t, fetch...)
	if code != exitOK || !strings.Contains(stdout, "1 thư trả lời (1 gửi lại)") || !strings.Contains(stdout, "đã gửi lại thư trả lời tới "+ctk) {
		t.Fatalf("the next fetch: exit %d\n%s\n%s", code, stdout, stderr)
	}
	if n := srv.Delivered(t, ctk, 1); n != 1 {
		t.Errorf("%d replies to the unit, want 1", n)
	}
	if n := len(readMailbox(t, srv, stranger)); n != 0 {
		t.Errorf("%d replies to the stranger", n)
	}
	for _, m := range storedMessages(t, kho) {
		want := map[string]string{"feb@thanhhoa.example": "sent", "hello@gmail.example": ""}[m.MessageID]
		if m.Reply != want {
			t.Errorf("%s: reply %q, want %q", m.MessageID, m.Reply, want)
		}
	}
}

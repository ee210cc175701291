package main

import (
	"archive/zip"
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"net/smtp"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"chitieu/mail"
	"chitieu/mail/mailtest"
)

const office = "vanphong@so.example"

// submit sends a message through the server's submission port as a unit's mail program does:
// STARTTLS, AUTH PLAIN, MAIL FROM the unit.
func submit(t testing.TB, srv *mailtest.Server, from string, to []string, msg []byte) {
	t.Helper()
	submitReader(t, srv, from, to, bytes.NewReader(msg))
}

// submitReader is submit of a message read from r (one too large to hold).
func submitReader(t testing.TB, srv *mailtest.Server, from string, to []string, msg io.Reader) {
	t.Helper()
	c, err := smtp.Dial(srv.SMTP)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CertPEM)
	if err := c.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: pool}); err != nil {
		t.Fatal(err)
	}
	if err := c.Auth(smtp.PlainAuth("", from, srv.Password, "127.0.0.1")); err != nil {
		t.Fatal(err)
	}
	if err := c.Mail(from); err != nil {
		t.Fatal(err)
	}
	for _, r := range to {
		if err := c.Rcpt(r); err != nil {
			t.Fatal(err)
		}
	}
	w, err := c.Data()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, msg); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	c.Quit()
}

// mailbox is what an IMAP mailbox holds: each message's bytes and whether it is flagged read.
type boxMessage struct {
	raw  []byte
	seen bool
}

func readMailbox(t testing.TB, srv *mailtest.Server, user string) []boxMessage {
	t.Helper()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CertPEM)
	c, err := client.DialTLS(srv.IMAPS, &tls.Config{ServerName: "127.0.0.1", RootCAs: pool})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Logout()
	if err := c.Login(user, srv.Password); err != nil {
		t.Fatal(err)
	}
	st, err := c.Select("INBOX", true)
	if err != nil {
		t.Fatal(err)
	}
	if st.Messages == 0 {
		return nil
	}
	set := new(imap.SeqSet)
	set.AddRange(1, st.Messages)
	section := &imap.BodySectionName{Peek: true}
	ch := make(chan *imap.Message, 8)
	done := make(chan error, 1)
	go func() { done <- c.Fetch(set, []imap.FetchItem{imap.FetchFlags, section.FetchItem()}, ch) }()
	var out []boxMessage
	for m := range ch {
		raw, _ := io.ReadAll(m.GetBody(section))
		seen := false
		for _, f := range m.Flags {
			seen = seen || f == imap.SeenFlag
		}
		out = append(out, boxMessage{raw, seen})
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	return out
}

// TestMailFetch is the office's month by e-mail against real servers: units send their reports
// through SMTP, chitieu fetches them over IMAP, files each workbook, answers each unit with the
// verdict and the annotated copy, and leaves the mailbox as it was.
func TestMailFetch(t *testing.T) {
	srv := mailtest.Start(t)
	for _, a := range []string{office, "cuc.thongke@thanhhoa.example", "someone@gmail.example"} {
		srv.AddMailbox(t, a)
	}
	dir := t.TempDir()
	month := func(m, lk int) map[string]string {
		vals := map[string]string{}
		for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
			vals[ind+"/TH"], vals[ind+"/LK"] = "100", fmt.Sprint(lk)
		}
		return vals
	}
	feb := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 2.xlsx", "2024-02", month(2, 200))
	bad := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 3.xlsx", "2024-03", month(3, 250)) // 200 + 100 ≠ 250
	apr := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 4.xlsx", "2024-04", month(4, 400))
	ctk := "cuc.thongke@thanhhoa.example"
	msgFeb := unitMessage(t, "Cục Thống kê <"+ctk+">", "Báo cáo tháng 2", "feb@thanhhoa.example", feb)
	// Each delivered before the next is sent, so that the UIDs follow the order sent (Exim
	// delivers each message in a process of its own).
	for i, m := range []struct {
		from string
		msg  []byte
	}{
		{ctk, msgFeb},
		{ctk, unitMessage(t, "Cục Thống kê <"+ctk+">", "Báo cáo tháng 3", "mar@thanhhoa.example", bad)},
		{"someone@gmail.example", unitMessage(t, "someone@gmail.example", "Báo cáo tháng 4", "apr@gmail.example", apr)},
		{ctk, msgFeb}, // the same message twice
	} {
		submit(t, srv, m.from, []string{office}, m.msg)
		if n := srv.Delivered(t, office, i+1); n != i+1 {
			t.Fatalf("%d messages delivered, want %d\n%s", n, i+1, srv.Log())
		}
	}

	kho := filepath.Join(dir, "kho")
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, srv.CertPEM, 0o644)
	user := strings.Replace(office, "@", "%40", 1)
	fetch := []string{"mail", "fetch", "--store", kho, "--imap", "imap://" + user + "@" + srv.IMAP + "/INBOX", "--password-file", srv.PasswordFile, "--ca-file", ca}
	reply := []string{"--reply", "--smtp", "smtp://" + user + "@" + srv.SMTP}

	code, out, errs := chitieu(t, append(fetch, reply...)...)
	if code != exitFound || errs != "" {
		t.Fatalf("fetch: exit %d\n%s\n%s\n%s", code, out, errs, srv.Log())
	}
	if strings.Contains(out, srv.Password) || strings.Contains(errs, srv.Password) {
		t.Error("the password was printed")
	}
	for _, want := range []string{
		"UID 1 › CTK tháng 2.xlsx: 01/CT-TK · CTK · 2024-02: đã nhận",
		"UID 2 › CTK tháng 3.xlsx: 01/CT-TK · CTK · 2024-03: bị từ chối",
		"UID 3 › CTK tháng 4.xlsx: 01/CT-TK · CTK · 2024-04: đã nhận",
		"[sender-mismatch]",
		"someone@gmail.example: không trả lời",
		"4 thư mới; 4 tệp: 3 đã nhận, 1 bị từ chối (vẫn được lưu làm bằng chứng), 1 đã có từ trước; 2 thư trả lời",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Nothing marked read, nothing deleted.
	box := readMailbox(t, srv, office)
	if len(box) != 4 {
		t.Fatalf("the office's mailbox holds %d messages, want 4", len(box))
	}
	for i, m := range box {
		if m.seen {
			t.Errorf("message %d was marked read", i+1)
		}
	}
	// The units' replies, as their mail program receives them.
	srv.Delivered(t, ctk, 2)
	replies := readMailbox(t, srv, ctk)
	if len(replies) != 2 {
		t.Fatalf("the unit got %d replies, want 2 (the copy of a message is not answered twice)", len(replies))
	}
	if n := len(readMailbox(t, srv, "someone@gmail.example")); n != 0 {
		t.Errorf("an address the plan does not know got %d replies", n)
	}
	if keep := os.Getenv("CHITIEU_MAIL_KEEP"); keep != "" { // for a person to read
		for i, r := range replies {
			os.WriteFile(filepath.Join(keep, fmt.Sprintf("reply-%d.eml", i+1)), r.raw, 0o644)
		}
		for i, m := range box { // the units' messages as the office's mailbox holds them
			os.WriteFile(filepath.Join(keep, fmt.Sprintf("unit-message-%d.eml", i+1)), m.raw, 0o644)
		}
	}
	for i, want := range []struct {
		subject, verdict, cell string
		annotated              bool
	}{
		{"Re: Báo cáo tháng 2 — kết quả kiểm tra", "HỢP LỆ — đã nhận vào kho", "", false},
		{"Re: Báo cáo tháng 3 — kết quả kiểm tra", "CHƯA HỢP LỆ", "ô Biểu 01-CT-TK!F18: Điện sản xuất", true},
	} {
		raw := bySubject(t, replies, want.subject).raw
		m, err := mail.Read(bytes.NewReader(raw), t.TempDir(), mail.Limits{})
		if err != nil || m.Refused != nil {
			t.Fatalf("reply %d: %v %v", i, err, m.Refused)
		}
		body := string(raw)
		if m.Subject != want.subject || m.From != office || !strings.Contains(body, "In-Reply-To: <") {
			t.Errorf("reply %d: subject %q from %q", i, m.Subject, m.From)
		}
		text := quotedPrintableText(t, body)
		if !strings.Contains(text, want.verdict) || !strings.Contains(text, want.cell) {
			t.Errorf("reply %d lacks %q / %q:\n%s", i, want.verdict, want.cell, text)
		}
		if got := len(m.Attachments) == 1 && strings.HasSuffix(m.Attachments[0].Name, "kết quả kiểm tra.xlsx"); got != want.annotated {
			t.Errorf("reply %d: annotated copy attached %v, want %v (%+v)", i, got, want.annotated, m.Attachments)
		}
	}
	before := dumpStore(t, kho, true)
	msgs := storedMessages(t, kho)
	if len(msgs) != 3 || msgs[0].From != ctk || msgs[0].MessageID != "feb@thanhhoa.example" || !strings.Contains(msgs[0].Source, ";UID=1") {
		t.Errorf("messages kept: %+v", msgs)
	}

	// Fetching again reads nothing new and sends nothing.
	code, out, errs = chitieu(t, append(fetch, reply...)...)
	if code != exitOK || !strings.Contains(out, "0 thư mới; 0 tệp") {
		t.Fatalf("again: %d\n%s\n%s", code, out, errs)
	}
	if after := dumpStore(t, kho, true); after != before {
		t.Error("fetching again changed the store")
	}
	if n := len(readMailbox(t, srv, ctk)); n != 2 {
		t.Errorf("fetching again sent %d replies in all", n)
	}

	// --mark-seen flags what it read, and only that.
	submit(t, srv, ctk, []string{office}, unitMessage(t, ctk, "Gửi lại tháng 4", "apr2@thanhhoa.example", apr))
	if n := srv.Delivered(t, office, 5); n != 5 {
		t.Fatalf("%d messages delivered, want 5", n)
	}
	if code, out, errs = chitieu(t, append(fetch, "--mark-seen")...); code != exitOK || !strings.Contains(out, "1 thư mới") {
		t.Fatalf("mark-seen: %d\n%s\n%s", code, out, errs)
	}
	box = readMailbox(t, srv, office)
	for i, m := range box {
		if m.seen != (i == 4) {
			t.Errorf("message %d seen %v", i+1, m.seen)
		}
	}
}

// bySubject finds, among messages, the one whose subject starts with prefix: Exim delivers each
// message in a process of its own, so the order in a mailbox is not the order sent.
func bySubject(t testing.TB, msgs []boxMessage, prefix string) boxMessage {
	t.Helper()
	for _, m := range msgs {
		got, err := mail.Read(bytes.NewReader(m.raw), t.TempDir(), mail.Limits{})
		if err == nil && strings.HasPrefix(got.Subject, prefix) {
			return m
		}
	}
	t.Fatalf("no message with the subject %q", prefix)
	return boxMessage{}
}

// quotedPrintableText is a message's text as a person reads it: soft line breaks joined and
// =XX escapes decoded (the reply's text part is quoted-printable).
func quotedPrintableText(t testing.TB, raw string) string {
	t.Helper()
	i := strings.Index(raw, "Content-Transfer-Encoding: quoted-printable")
	if i < 0 {
		return raw
	}
	rest := raw[i:]
	rest = rest[strings.Index(rest, "\r\n\r\n")+4:]
	if j := strings.Index(rest, "\r\n--"); j >= 0 {
		rest = rest[:j]
	}
	b, err := io.ReadAll(qpReader(rest))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestMailCredentials: a password file others may read is refused before anything connects, and
// a password written into the URL is refused too.
func TestMailCredentials(t *testing.T) {
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("secret\n"), 0o644)
	if runtime.GOOS != "windows" { // where file modes say who may read a file
		code, _, errs := chitieu(t, "mail", "fetch", "--store", filepath.Join(dir, "kho"), "--imap", "imaps://a%40b.example@127.0.0.1:1/INBOX", "--password-file", pw)
		if code != exitUsage || !strings.Contains(errs, "chmod 600") {
			t.Errorf("a world-readable password file: %d %s", code, errs)
		}
	}
	os.Chmod(pw, 0o600)
	code, _, errs := chitieu(t, "mail", "fetch", "--store", filepath.Join(dir, "kho"), "--imap", "imaps://a%40b.example:secret@127.0.0.1:1/INBOX", "--password-file", pw)
	if code != exitUsage || !strings.Contains(errs, "--password-file") || strings.Contains(errs, "secret") {
		t.Errorf("a password in the URL: %d %s", code, errs)
	}
}

func qpReader(s string) io.Reader { return quotedprintable.NewReader(strings.NewReader(s)) }

// TestMailRemind reminds a unit whose report is invalid, over SMTP to its mailbox on the real
// server, and writes the reminder of a missing report as a .eml file: due date, days late, the
// reason, the upload link and the blank form attached.
func TestMailRemind(t *testing.T) {
	srv := mailtest.Start(t)
	ctk := "cuc.thongke@thanhhoa.example"
	for _, a := range []string{office, ctk} {
		srv.AddMailbox(t, a)
	}
	dir := t.TempDir()
	vals := func(lk int) map[string]string {
		v := map[string]string{}
		for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
			v[ind+"/TH"], v[ind+"/LK"] = "100", fmt.Sprint(lk)
		}
		return v
	}
	kho := filepath.Join(dir, "kho")
	feb := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 2.xlsx", "2024-02", vals(200))
	mar := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 3.xlsx", "2024-03", vals(250))
	if code, out, errs := chitieu(t, "receive", "--store", kho, feb, mar); code != exitFound {
		t.Fatalf("receive: %d\n%s\n%s", code, out, errs)
	}
	links := filepath.Join(dir, "links.csv")
	if code, _, errs := chitieu(t, "links", "--store", kho, "--base-url", "http://127.0.0.1:8080", "-o", links); code != exitOK {
		t.Fatal(errs)
	}
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, srv.CertPEM, 0o644)
	user := strings.Replace(office, "@", "%40", 1)
	code, out, errs := chitieu(t, "mail", "remind", "--store", kho, "--period", "2024-03", "--date", "2024-04-30", "--links", links,
		"--smtp", "smtp://"+user+"@"+srv.SMTP, "--password-file", srv.PasswordFile, "--ca-file", ca, "--form", "01/CT-TK")
	if code != exitOK || !strings.Contains(out, "01/CT-TK · CTK → "+ctk) {
		t.Fatalf("remind: %d\n%s\n%s\n%s", code, out, errs, srv.Log())
	}
	srv.Delivered(t, ctk, 1)
	got := readMailbox(t, srv, ctk)
	if len(got) != 1 {
		t.Fatalf("the unit got %d reminders", len(got))
	}
	if keep := os.Getenv("CHITIEU_MAIL_KEEP"); keep != "" {
		os.WriteFile(filepath.Join(keep, "reminder.eml"), got[0].raw, 0o644)
	}
	m, err := mail.Read(strings.NewReader(string(got[0].raw)), t.TempDir(), mail.Limits{})
	if err != nil || m.Refused != nil || len(m.Attachments) != 1 || !strings.Contains(m.Attachments[0].Name, "01-CT-TK - 2024-03 - CTK") {
		t.Fatalf("reminder: %v %+v", err, m)
	}
	// The blank form attached is the unit's form for the period, as template makes it.
	code, vout, _ := chitieu(t, "validate", "--format", "json", m.Attachments[0].Path)
	if !strings.Contains(vout, `"unit": "CTK"`) || !strings.Contains(vout, `"period": "2024-03"`) {
		t.Errorf("the attached form (validate %d):\n%s", code, vout)
	}
	text := quotedPrintableText(t, string(got[0].raw))
	for _, want := range []string{"chưa hợp lệ", "Lũy kế từ đầu năm: 250", "Hạn nộp: 05/04/2024", "đã quá hạn", "http://127.0.0.1:8080/"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reminder lacks %q:\n%s", want, text)
		}
	}
	// A dry run writes the missing April report's reminder as a file and sends nothing.
	outDir := filepath.Join(dir, "nhắc")
	code, out, errs = chitieu(t, "mail", "remind", "--store", kho, "--period", "2024-04", "--date", "2024-05-30", "--dry-run", "-o", outDir, "--from", office, "--form", "01/CT-TK")
	if code != exitOK {
		t.Fatalf("dry run: %d\n%s\n%s", code, out, errs)
	}
	m, err = mail.ReadFile(filepath.Join(outDir, "01-CT-TK - 2024-04 - CTK.eml"), t.TempDir(), mail.Limits{})
	if err != nil || m.From != office || len(m.Attachments) != 1 {
		t.Fatalf("dry run's file: %v %+v", err, m)
	}
	if n := len(readMailbox(t, srv, ctk)); n != 1 {
		t.Errorf("a dry run sent mail: %d messages", n)
	}
	// A valid report the office returned is chased too, with what the office asked.
	if code, out, errs := chitieu(t, "review", "--store", kho, "--period", "2024-02", "--form", "01/CT-TK", "--unit", "CTK",
		"--return", "Số điện sản xuất tháng 2 cao bất thường, đề nghị kiểm tra.", "--by", "Lan"); code != exitOK {
		t.Fatalf("review --return: %d\n%s\n%s", code, out, errs)
	}
	code, out, errs = chitieu(t, "mail", "remind", "--store", kho, "--period", "2024-02", "--date", "2024-03-30", "--dry-run", "-o", outDir, "--from", office, "--form", "01/CT-TK")
	if code != exitOK {
		t.Fatalf("dry run for the returned report: %d\n%s\n%s", code, out, errs)
	}
	if _, err := mail.ReadFile(filepath.Join(outDir, "01-CT-TK - 2024-02 - CTK.eml"), t.TempDir(), mail.Limits{}); err != nil {
		t.Fatalf("no reminder for the returned report: %v\n%s", err, out)
	}
	raw, _ := os.ReadFile(filepath.Join(outDir, "01-CT-TK - 2024-02 - CTK.eml"))
	text = quotedPrintableText(t, string(raw))
	for _, want := range []string{"đã trả lại báo cáo", "cao bất thường"} {
		if !strings.Contains(text, want) {
			t.Errorf("the returned report's reminder lacks %q:\n%s", want, text)
		}
	}
}

// TestMailFetchHostile fetches hostile mail from the real mailbox: a 100 MB attachment (the
// message is not even downloaded), names with a path and a drive, a zip bomb. Each is refused
// with a record in the store and named in the unit's reply; the good file beside them is
// received; the messages stay in the mailbox.
func TestMailFetchHostile(t *testing.T) {
	if raceEnabled {
		t.Skip("sends a 100 MB message: .ci/run runs it without the race detector")
	}
	srv := mailtest.Start(t)
	ctk := "cuc.thongke@thanhhoa.example"
	for _, a := range []string{office, ctk} {
		srv.AddMailbox(t, a)
	}
	dir := t.TempDir()
	good := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 2.xlsx", "2024-02", nil)
	head := "From: " + ctk + "\r\nTo: " + office + "\r\nSubject: =?UTF-8?B?QsOhbyBjw6Fv?=\r\nDate: Tue, 14 Jan 2025 09:30:00 +0700\r\nMIME-Version: 1.0\r\n"
	// 100 MB of base64, written as it is sent.
	line := strings.Repeat("QUJD", 19) + "\r\n"
	huge := io.MultiReader(strings.NewReader(head+"Message-ID: <huge@thanhhoa.example>\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: application/vnd.ms-excel; name=\"lon.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
		io.LimitReader(&lines{s: line}, int64(len(line))*(100<<20)/57), strings.NewReader("\r\n--B--\r\n"))
	submitReader(t, srv, ctk, []string{office}, huge)
	if n := srv.Delivered(t, office, 1); n != 1 { // delivered before the next is sent: UID 1
		t.Fatalf("%d messages delivered\n%s", n, srv.Log())
	}
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("bom.xlsx")
	io.Copy(w, io.LimitReader(zeroReader{}, 40<<20))
	zw.Close()
	part := func(name string, b []byte) string {
		return "--B\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrap76(base64.StdEncoding.EncodeToString(b)) + "\r\n"
	}
	goodBytes, _ := os.ReadFile(good)
	submit(t, srv, ctk, []string{office}, []byte(head+"Message-ID: <mixed@thanhhoa.example>\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"+
		part("../../etc/cron.xlsx", goodBytes)+part(`C:\Windows\bao cao.xlsx`, goodBytes)+part("bom.zip", bomb.Bytes())+part("CTK tháng 2.xlsx", goodBytes)+"--B--\r\n"))
	if n := srv.Delivered(t, office, 2); n != 2 {
		t.Fatalf("%d messages delivered\n%s", n, srv.Log())
	}
	kho := filepath.Join(dir, "kho")
	ca := filepath.Join(dir, "ca.pem")
	os.WriteFile(ca, srv.CertPEM, 0o644)
	user := strings.Replace(office, "@", "%40", 1)
	code, out, errs := chitieu(t, "mail", "fetch", "--store", kho, "--imap", "imaps://"+user+"@"+srv.IMAPS+"/INBOX", "--password-file", srv.PasswordFile, "--ca-file", ca,
		"--reply", "--smtp", "smtp://"+user+"@"+srv.SMTP)
	if code != exitFound {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"UID 1: bị từ chối (too-large)",
		"UID 2 › ../../etc/cron.xlsx: bị từ chối (unsafe-name)",
		`UID 2 › C:\Windows\bao cao.xlsx: bị từ chối (unsafe-name)`,
		"UID 2 › bom.zip › bom.xlsx: bị từ chối (too-large)",
		"UID 2 › CTK tháng 2.xlsx: 01/CT-TK · CTK · 2024-02: đã nhận",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	msgs := storedMessages(t, kho)
	if len(msgs) != 2 || msgs[0].Refused != "too-large" || msgs[0].From != ctk || msgs[0].MessageID != "huge@thanhhoa.example" || len(msgs[1].Parts) != 4 || msgs[1].Parts[3].Refused != "" {
		t.Fatalf("records: %+v", msgs)
	}
	if n := len(readMailbox(t, srv, office)); n != 2 {
		t.Errorf("the mailbox holds %d messages, want both still", n)
	}
	srv.Delivered(t, ctk, 2)
	replies := readMailbox(t, srv, ctk)
	if len(replies) != 2 {
		t.Fatalf("%d replies", len(replies))
	}
	// Both replies have the same subject; which was delivered first is Exim's to say.
	text := quotedPrintableText(t, string(replies[0].raw))
	if !strings.Contains(text, "KHÔNG NHẬN") {
		text = quotedPrintableText(t, string(replies[1].raw))
	}
	for _, want := range []string{"KHÔNG NHẬN", "[unsafe-name]", "bom.zip › bom.xlsx", "HỢP LỆ"} {
		if !strings.Contains(text, want) {
			t.Errorf("the reply lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(quotedPrintableText(t, string(replies[0].raw))+quotedPrintableText(t, string(replies[1].raw)), "không tải về") {
		t.Errorf("the reply to the huge message:\n%s", text)
	}
}

// lines repeats a line without end.
type lines struct {
	s string
	i int
}

func (l *lines) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], l.s[l.i:])
		n += c
		l.i = (l.i + c) % len(l.s)
	}
	return n, nil
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

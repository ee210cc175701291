package main

import (
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net/smtp"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/mail/mailtest"
)

// BenchmarkMail1000 receives the same 1,000 reports four ways, each into a new store: from a
// folder (the bound: receive as it was), from 1,000 saved messages in a folder (.eml, and
// Outlook's .msg), and from 1,000 messages in the office's mailbox fetched over IMAP from the
// real server.
//
//	go test -run '^$' -bench Mail1000 -benchtime 1x ./cmd/chitieu
func BenchmarkMail1000(b *testing.B) {
	const n = 1000
	plan, files := receiveCorpus(b, n)
	paths, _ := filepath.Glob(filepath.Join(files, "*.xlsx"))
	emls := filepath.Join(b.TempDir(), "eml")
	os.MkdirAll(emls, 0o755)
	outlook := filepath.Join(b.TempDir(), "msg")
	os.MkdirAll(outlook, 0o755)
	msgs := make([][]byte, len(paths))
	for i, p := range paths {
		from, id := fmt.Sprintf("xa%d@thanhhoa.example", i), fmt.Sprintf("bench-%d@thanhhoa.example", i)
		msgs[i] = unitMessage(b, from, "Báo cáo năm", id, p)
		if err := os.WriteFile(filepath.Join(emls, fmt.Sprintf("%04d.eml", i)), msgs[i], 0o644); err != nil {
			b.Fatal(err)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		m := &mailtest.MSG{Headers: "From: " + from + "\r\nMessage-ID: <" + id + ">\r\nDate: Tue, 14 Jan 2025 09:30:00 +0700\r\n", Subject: "Báo cáo năm",
			Attachments: []mailtest.MSGAttachment{{Name: filepath.Base(p), Data: data}}}
		if err := os.WriteFile(filepath.Join(outlook, fmt.Sprintf("%04d.msg", i)), m.Bytes(), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	run := func(b *testing.B, args ...string) {
		for b.Loop() {
			kho := b.TempDir()
			code, out, errs := chitieu(b, append(args[:len(args):len(args)], "--plan", plan, "--store", kho)...)
			if code != exitOK || !strings.Contains(out, "1000 đã nhận") && !strings.Contains(out, `"files"`) {
				b.Fatalf("%d %s %s", code, out[max(0, len(out)-2000):], errs)
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
	}
	b.Run("folder", func(b *testing.B) { run(b, "receive", files) })
	b.Run("eml", func(b *testing.B) { run(b, "receive", emls) })
	b.Run("msg", func(b *testing.B) { run(b, "receive", outlook) })
	b.Run("imap", func(b *testing.B) {
		srv := mailtest.Start(b)
		srv.AddMailbox(b, office)
		submitAll(b, srv, msgs)
		if got := srv.Delivered(b, office, len(msgs)); got != len(msgs) {
			b.Fatalf("%d of %d messages delivered", got, len(msgs))
		}
		ca := filepath.Join(b.TempDir(), "ca.pem")
		os.WriteFile(ca, srv.CertPEM, 0o644)
		b.ResetTimer()
		run(b, "mail", "fetch", "--imap", "imaps://"+strings.Replace(office, "@", "%40", 1)+"@"+srv.IMAPS+"/INBOX", "--password-file", srv.PasswordFile, "--ca-file", ca)
	})
}

// submitAll sends the messages to the office over one SMTP session, as a mail program sending
// many does.
func submitAll(b *testing.B, srv *mailtest.Server, msgs [][]byte) {
	c, err := smtp.Dial(srv.SMTP)
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(srv.CertPEM)
	if err := c.StartTLS(&tls.Config{ServerName: "127.0.0.1", RootCAs: pool}); err != nil {
		b.Fatal(err)
	}
	if err := c.Auth(smtp.PlainAuth("", office, srv.Password, "127.0.0.1")); err != nil {
		b.Fatal(err)
	}
	for _, m := range msgs {
		if err := c.Mail(office); err != nil {
			b.Fatal(err)
		}
		if err := c.Rcpt(office); err != nil {
			b.Fatal(err)
		}
		w, err := c.Data()
		if err != nil {
			b.Fatal(err)
		}
		w.Write(m)
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
	}
	c.Quit()
}

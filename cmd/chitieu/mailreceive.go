package main

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"chitieu/finding"
	"chitieu/mail"
	"chitieu/store"
	"chitieu/validate"
)

// mailedFile is a workbook a message brought, as receive names and files it.
type mailedFile struct {
	msg   *mail.Message
	label string // where it came from › the attachment's name
	// again is set for a file of a message read again only to send the reply that could not
	// be sent when it came (mail fetch --reply): the file was received then, and is told of
	// then, not again.
	again bool
}

// inbound is a message to receive: what reading it found, and where it came from.
type inbound struct {
	msg *mail.Message
	// label names the message to a person (the saved file, or the mailbox's UID); source is
	// what the store keeps of where it came from.
	label, source string
	// again is set for a message recorded before, read again for its reply (mailedFile.again).
	again bool
}

// receiveFiles files checked workbooks through receive's path, the one receiver (intake): the
// one place the channels of mail hand their files over.
func receiveFiles(r *receiver, opts validate.Options, paths []string) error {
	if len(paths) == 0 {
		return nil
	}
	err := validate.Each(r.e.ctx, opts, paths, r.file)
	if err == nil {
		err = r.flush()
	}
	return err
}

// savedMessage reports whether a path names a saved message.
func savedMessage(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".eml", ".msg":
		return true
	}
	return false
}

// savedMessages takes out of args the saved messages they name: a file ending .eml or .msg, and
// those inside the folders (in name order, hidden ones left out). The folders stay in rest, for
// their workbooks.
func savedMessages(args []string) (saved, rest []string, err error) {
	for _, a := range args {
		st, err := os.Stat(a)
		switch {
		case err != nil:
			rest = append(rest, a) // Collect explains it
			continue
		case !st.IsDir():
			if savedMessage(a) {
				saved = append(saved, a)
			} else {
				rest = append(rest, a)
			}
			continue
		}
		rest = append(rest, a)
		root := a
		if lst, err := os.Lstat(a); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			root = a + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // Collect lists the folder it cannot read
			}
			if strings.HasPrefix(d.Name(), ".") && path != root {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() && savedMessage(path) {
				saved = append(saved, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	return saved, rest, nil
}

// receiveSaved reads the saved messages — .eml, and Outlook's .msg — and receives what they
// brought.
func receiveSaved(r *receiver, opts validate.Options, saved []string) ([]refusedJSON, error) {
	tmp, err := os.MkdirTemp("", "chitieu-mail-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var in []inbound
	for i, path := range saved {
		m, err := mail.ReadFile(path, filepath.Join(tmp, fmt.Sprint(i)), mail.DefaultLimits)
		if err != nil {
			fmt.Fprintf(r.e.stderr, "%s: %s: %s\n", r.path, finding.Printable(path), finding.ErrorText(err, r.e.lang))
			r.status = exitUsage
			continue
		}
		in = append(in, inbound{msg: m, label: path, source: filepath.Base(path)})
	}
	return receiveMessages(r, opts, in, nil)
}

// receiveMessages receives the workbooks the messages brought, as receive does, then records
// the messages as their evidence, all in one transaction, and reports what was refused. seen,
// when set, is told of each message once they are recorded (mail fetch answers it and marks its
// UID read then, not before).
func receiveMessages(r *receiver, opts validate.Options, in []inbound, seen func(int, *mail.Message, bool) error) ([]refusedJSON, error) {
	if r.mailed == nil {
		r.mailed = map[string]*mailedFile{}
	}
	var paths []string
	for _, m := range in {
		for _, a := range m.msg.Attachments {
			if a.Path != "" {
				r.mailed[a.Path] = &mailedFile{msg: m.msg, label: m.label + " › " + a.Label(), again: m.again}
				paths = append(paths, a.Path)
			}
		}
	}
	if err := receiveFiles(r, opts, paths); err != nil {
		return nil, err
	}
	var refused []refusedJSON
	refuse := func(label string, m *mail.Message, why *mail.Refusal) {
		r.rejected++
		if r.status == exitOK {
			r.status = exitFound
		}
		if r.out != nil {
			fmt.Fprintf(r.out, "%s: %s\n", finding.Printable(label), finding.Printable(finding.Textf("bị từ chối (%s): %s", "refused (%s): %s", why.Code, why.Detail.In(r.e.lang)).In(r.e.lang)))
		}
		refused = append(refused, refusedJSON{File: label, Code: why.Code, Reason: why.Detail.In(r.e.lang), Message: messageEntry(m)})
	}
	recs := make([]store.Message, 0, len(in))
	for _, m := range in {
		rec := store.Message{Key: m.msg.Key(), SHA256: m.msg.SHA256, Size: m.msg.Size, From: m.msg.From, FromName: m.msg.FromName,
			SentAt: m.msg.Date, SentRaw: m.msg.DateRaw, Subject: m.msg.Subject, MessageID: m.msg.MessageID, Source: m.source, ReceivedAt: r.receivedAt}
		if r.replyDue {
			rec.Reply = "due"
		}
		if m.msg.Refused != nil {
			rec.Refused, rec.Detail = m.msg.Refused.Code, m.msg.Refused.Detail
			refuse(m.label, m.msg, m.msg.Refused)
		}
		for _, a := range m.msg.Attachments {
			part := store.MessagePart{Name: a.Label(), SHA256: a.SHA256}
			if a.Refused != nil {
				part.Refused, part.Detail = a.Refused.Code, a.Refused.Detail
				refuse(m.label+" › "+a.Label(), m.msg, a.Refused)
			}
			rec.Parts = append(rec.Parts, part)
		}
		if m.msg.Refused == nil && len(m.msg.Attachments) == 0 && r.out != nil {
			fmt.Fprintf(r.out, "%s: %s\n", finding.Printable(m.label), finding.Text{VI: "thư không có bảng tính đính kèm, không có gì để nhận",
				EN: "the message has no workbook attached; nothing to receive"}.In(r.e.lang))
		}
		recs = append(recs, rec)
	}
	added, err := r.st.RecordMessages(r.e.ctx, recs) // one transaction: a thousand messages, one sync
	if err != nil {
		return nil, err
	}
	if seen != nil {
		for i, m := range in {
			if err := seen(i, m.msg, added[i]); err != nil {
				return nil, err
			}
		}
	}
	return refused, nil
}

// The JSON of a message a file came in, and of an attachment or message refused.
type (
	messageJSON struct {
		From      string `json:"from"`
		Date      string `json:"date"`
		Subject   string `json:"subject"`
		MessageID string `json:"message_id"`
	}
	refusedJSON struct {
		File    string       `json:"file"`
		Code    string       `json:"code"`
		Reason  string       `json:"reason"`
		Message *messageJSON `json:"message"`
	}
)

// messageEntry is the "message" of a file's JSON entry; nil for a file no message brought.
func messageEntry(m *mail.Message) *messageJSON {
	if m == nil {
		return nil
	}
	date := m.DateRaw
	if !m.Date.IsZero() {
		date = m.Date.Format(time.RFC3339)
	}
	return &messageJSON{From: m.From, Date: date, Subject: m.Subject, MessageID: m.MessageID}
}

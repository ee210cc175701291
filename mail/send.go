package mail

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"time"

	gomail "github.com/wneessen/go-mail"

	"chitieu/finding"
)

// Outgoing is a message the office sends: a reply with the verdict, or a reminder.
type Outgoing struct {
	From, FromName string
	To             []string
	Subject        string
	// InReplyTo is the Message-ID (without brackets) of the message answered, "" for none.
	InReplyTo string
	// Body is plain text (UTF-8).
	Body string
	// Attach are the files attached, each under its own base name.
	Attach []string
	// Date is the message's date; zero means now.
	Date time.Time
}

// compose lays an outgoing message out as MIME: a quoted-printable UTF-8 text and each file
// base64 with its name in RFC 2231/2047 as go-mail writes it.
func compose(o Outgoing) (*gomail.Msg, error) {
	m := gomail.NewMsg(gomail.WithCharset(gomail.CharsetUTF8), gomail.WithEncoding(gomail.EncodingQP))
	var err error
	if o.FromName != "" {
		err = m.FromFormat(o.FromName, o.From)
	} else {
		err = m.From(o.From)
	}
	if err != nil {
		return nil, finding.Wrapf(err, "địa chỉ gửi %q không dùng được (%v).", "the sender address %q cannot be used (%v).", o.From, err)
	}
	if err := m.To(o.To...); err != nil {
		return nil, finding.Wrapf(err, "địa chỉ nhận %q không dùng được (%v).", "the recipient address %q cannot be used (%v).", o.To, err)
	}
	m.Subject(o.Subject)
	if o.InReplyTo != "" {
		m.SetGenHeader(gomail.HeaderInReplyTo, "<"+o.InReplyTo+">")
		m.SetGenHeader(gomail.HeaderReferences, "<"+o.InReplyTo+">")
	}
	m.SetMessageID()
	if o.Date.IsZero() {
		m.SetDate()
	} else {
		m.SetDateWithValue(o.Date)
	}
	m.SetBodyString(gomail.TypeTextPlain, o.Body)
	for _, a := range o.Attach {
		if _, err := os.Stat(a); err != nil {
			return nil, err
		}
		m.AttachFile(a, gomail.WithFileName(filepath.Base(a)), gomail.WithFileContentType(contentType(a)))
	}
	return m, nil
}

// contentType is a workbook's media type by its name.
func contentType(name string) gomail.ContentType {
	for t, ext := range workbookTypes {
		if ext == filepath.Ext(name) && ext != ".zip" && t != "application/x-zip-compressed" {
			return gomail.ContentType(t)
		}
	}
	return "application/octet-stream"
}

// WriteEML writes o as a saved message (.eml) at path.
func WriteEML(o Outgoing, path string) error {
	m, err := compose(o)
	if err != nil {
		return err
	}
	return m.WriteToFile(path)
}

// Sender sends messages over SMTP: submission with STARTTLS (smtp://, port 587 by default), or
// TLS from the first byte (smtps://, 465), logging in with the account's user and password.
// The password travels unencrypted nowhere: STARTTLS is mandatory except to a loopback address.
type Sender struct {
	a Account
}

// NewSender is a Sender for an smtp:// or smtps:// account.
func NewSender(a Account) *Sender { return &Sender{a} }

// Send sends the messages over one connection.
func (s *Sender) Send(ctx context.Context, msgs ...Outgoing) error {
	if len(msgs) == 0 {
		return nil
	}
	var out []*gomail.Msg
	for _, o := range msgs {
		m, err := compose(o)
		if err != nil {
			return err
		}
		out = append(out, m)
	}
	u := s.a.URL
	policy := gomail.TLSMandatory
	if loopback(u.Hostname()) {
		policy = gomail.TLSOpportunistic
	}
	opts := []gomail.Option{gomail.WithTLSPolicy(policy), gomail.WithTLSConfig(s.a.tlsConfig()), gomail.WithTimeout(2 * time.Minute),
		gomail.WithSMTPAuth(gomail.SMTPAuthPlain), gomail.WithUsername(u.User.Username()), gomail.WithPassword(s.a.Password)}
	port := 587
	if u.Scheme == "smtps" {
		port = 465
		opts = append(opts, gomail.WithSSL())
	}
	if p := u.Port(); p != "" {
		port, _ = strconv.Atoi(p)
	}
	opts = append(opts, gomail.WithPort(port))
	c, err := gomail.NewClient(u.Hostname(), opts...)
	if err != nil {
		return err
	}
	if err := c.DialAndSendWithContext(ctx, out...); err != nil {
		return finding.Wrapf(err, "không gửi được thư qua %s (%v).", "cannot send mail through %s (%v).", net.JoinHostPort(u.Hostname(), strconv.Itoa(port)), err)
	}
	return nil
}

package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap"
	"github.com/emersion/go-imap/client"

	"chitieu/finding"
)

// Account is a mail server's address and the credentials to log in with.
type Account struct {
	// URL is imaps://user@host:993/INBOX (TLS), imap://user@host:143/INBOX (STARTTLS; plain
	// only on a loopback address), smtp://user@host:587 (submission, STARTTLS) or
	// smtps://user@host:465. The user may be written with %40 for "@".
	URL *url.URL
	// Password comes from a file readable by its owner only (ReadPassword); it is never logged.
	Password string
	// RootCAs are the certificates trusted besides the system's (an office's own server); nil
	// for the system's alone.
	RootCAs *x509.CertPool
}

// ParseAccount reads a server's URL: imap, imaps, smtp or smtps, with a user.
func ParseAccount(raw string, schemes ...string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || !slices.Contains(schemes, u.Scheme) {
		return nil, finding.Errorf("địa chỉ máy chủ %q không đọc được; viết dạng %s://ten%%40coquan.gov.vn@may-chu:cong.",
			"cannot read the server address %q; write it as %s://name%%40agency.gov.vn@server:port.", raw, schemes[0])
	}
	if u.User == nil || u.User.Username() == "" {
		return nil, finding.Errorf("địa chỉ máy chủ %q thiếu tên đăng nhập (ten%%40coquan.gov.vn@…).", "the server address %q has no user name (name%%40agency.gov.vn@…).", raw)
	}
	if _, set := u.User.Password(); set {
		return nil, finding.Errorf("đừng ghi mật khẩu trong địa chỉ máy chủ: hãy đặt nó trong tệp --password-file.", "do not put the password in the server address: put it in the --password-file.")
	}
	return u, nil
}

// ReadPassword reads a password from the first line of a file that only its owner may read: a
// password readable by others is refused, never used.
func ReadPassword(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", finding.Wrapf(err, "không đọc được tệp mật khẩu %s.", "cannot read the password file %s.", path)
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 && !windowsPerm() {
		return "", finding.Errorf("tệp mật khẩu %s để người khác đọc được (quyền %04o); hãy chạy chmod 600 %s rồi đổi mật khẩu nếu đã lộ.",
			"the password file %s is readable by others (mode %04o); run chmod 600 %s, and change the password if it leaked.", path, perm, path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", finding.Wrapf(err, "không đọc được tệp mật khẩu %s.", "cannot read the password file %s.", path)
	}
	pw, _, _ := strings.Cut(string(b), "\n")
	pw = strings.TrimRight(pw, "\r")
	if pw == "" {
		return "", finding.Errorf("tệp mật khẩu %s trống.", "the password file %s is empty.", path)
	}
	return pw, nil
}

// loopback reports whether host names this machine: the only place a password may travel
// unencrypted.
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (a Account) tlsConfig() *tls.Config {
	cfg := &tls.Config{ServerName: a.URL.Hostname(), MinVersion: tls.VersionTLS12}
	if a.RootCAs != nil {
		cfg.RootCAs = a.RootCAs
	}
	return cfg
}

// Mailbox is an open IMAP mailbox.
type Mailbox struct {
	c *client.Client
	// Name is the mailbox as the store keeps its UIDs: imap://user@host:port/MAILBOX.
	Name        string
	UIDValidity uint32
	readOnly    bool
}

// OpenMailbox logs in and selects the URL's mailbox (INBOX when none), read-only unless
// writable (to mark messages read).
func OpenMailbox(ctx context.Context, a Account, writable bool) (*Mailbox, error) {
	u := a.URL
	host := u.Host
	if u.Port() == "" {
		port := "143"
		if u.Scheme == "imaps" {
			port = "993"
		}
		host = net.JoinHostPort(u.Hostname(), port)
	}
	dialer := &net.Dialer{Timeout: 30 * time.Second}
	var c *client.Client
	var err error
	if u.Scheme == "imaps" {
		c, err = client.DialWithDialerTLS(dialer, host, a.tlsConfig())
	} else {
		c, err = client.DialWithDialer(dialer, host)
	}
	if err != nil {
		return nil, finding.Wrapf(err, "không kết nối được máy chủ thư %s (%v).", "cannot connect to the mail server %s (%v).", host, err)
	}
	c.Timeout = 5 * time.Minute
	fail := func(err error) (*Mailbox, error) { c.Logout(); return nil, err }
	if u.Scheme == "imap" {
		ok, err := c.SupportStartTLS()
		switch {
		case err != nil:
			return fail(err)
		case ok:
			if err := c.StartTLS(a.tlsConfig()); err != nil {
				return fail(finding.Wrapf(err, "không mã hóa được kết nối tới %s (STARTTLS: %v).", "cannot encrypt the connection to %s (STARTTLS: %v).", host, err))
			}
		case !loopback(u.Hostname()):
			return fail(finding.Errorf("máy chủ %s không mã hóa kết nối (không có STARTTLS): không gửi mật khẩu qua đó. Dùng imaps:// hoặc một máy chủ có TLS.",
				"the server %s does not encrypt the connection (no STARTTLS): the password is not sent over it. Use imaps:// or a server with TLS.", host))
		}
	}
	if err := c.Login(u.User.Username(), a.Password); err != nil {
		return fail(finding.Errorf("máy chủ %s từ chối đăng nhập của %s: kiểm tra tên đăng nhập và tệp mật khẩu.", "the server %s refused the login of %s: check the user name and the password file.", host, u.User.Username()))
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		name = "INBOX"
	}
	st, err := c.Select(name, !writable)
	if err != nil {
		return fail(finding.Wrapf(err, "không mở được hộp thư %s (%v).", "cannot open the mailbox %s (%v).", name, err))
	}
	return &Mailbox{c: c, Name: fmt.Sprintf("imap://%s@%s/%s", u.User.Username(), host, name), UIDValidity: st.UidValidity, readOnly: !writable}, nil
}

// Close logs out.
func (m *Mailbox) Close() error { return m.c.Logout() }

// UIDs returns the UIDs of every message in the mailbox, ascending.
func (m *Mailbox) UIDs() ([]uint32, error) {
	uids, err := m.c.UidSearch(imap.NewSearchCriteria())
	slices.Sort(uids)
	return uids, err
}

// Fetched is a message read from the mailbox.
type Fetched struct {
	UID uint32
	Msg *Message
}

// Fetch reads the messages uids into folders under dir, as Read reads a saved message, without
// marking them read. A message larger than the limit is not downloaded: it comes back refused,
// with the envelope the server gives.
func (m *Mailbox) Fetch(ctx context.Context, uids []uint32, dir string, lim Limits) ([]Fetched, error) {
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	if len(uids) == 0 {
		return nil, nil
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	// Sizes and envelopes first, so that a huge message is never downloaded.
	type head struct {
		size uint32
		env  *imap.Envelope
	}
	heads := map[uint32]head{}
	ch := make(chan *imap.Message, 16)
	done := make(chan error, 1)
	go func() {
		done <- m.c.UidFetch(set, []imap.FetchItem{imap.FetchUid, imap.FetchRFC822Size, imap.FetchEnvelope}, ch)
	}()
	for msg := range ch {
		heads[msg.Uid] = head{msg.Size, msg.Envelope}
	}
	if err := <-done; err != nil {
		return nil, err
	}
	var out []Fetched
	small := new(imap.SeqSet)
	for _, uid := range uids {
		h, ok := heads[uid]
		if !ok {
			continue // expunged meanwhile
		}
		if int64(h.size) > lim.Message {
			out = append(out, Fetched{UID: uid, Msg: tooLargeMessage(h.env, int64(h.size), lim)})
			continue
		}
		small.AddNum(uid)
	}
	if small.Empty() {
		return out, nil
	}
	section := &imap.BodySectionName{Peek: true}
	ch = make(chan *imap.Message, 4)
	go func() { done <- m.c.UidFetch(small, []imap.FetchItem{imap.FetchUid, section.FetchItem()}, ch) }()
	var readErr error
	for msg := range ch {
		body := msg.GetBody(section)
		if body == nil || readErr != nil {
			continue
		}
		got, err := Read(body, filepath.Join(dir, fmt.Sprint(msg.Uid)), lim)
		if err != nil {
			readErr = err
			continue
		}
		out = append(out, Fetched{UID: msg.Uid, Msg: got})
	}
	if err := <-done; err != nil {
		return nil, err
	}
	if readErr != nil {
		return nil, readErr
	}
	slices.SortFunc(out, func(a, b Fetched) int { return int(a.UID) - int(b.UID) })
	return out, ctx.Err()
}

// MarkSeen flags the messages read (\Seen) on the server; the mailbox must be writable.
func (m *Mailbox) MarkSeen(uids []uint32) error {
	if len(uids) == 0 {
		return nil
	}
	if m.readOnly {
		return errors.New("mailbox opened read-only")
	}
	set := new(imap.SeqSet)
	set.AddNum(uids...)
	return m.c.UidStore(set, imap.FormatFlagsOp(imap.AddFlags, true), []interface{}{imap.SeenFlag}, nil)
}

// tooLargeMessage is the record of a message too large to download: its envelope, refused.
func tooLargeMessage(env *imap.Envelope, size int64, lim Limits) *Message {
	m := &Message{Size: size, Refused: &Refusal{"too-large", finding.Textf("Thư lớn %d MB, hơn giới hạn %d MB, không tải về; thư vẫn ở trong hộp thư. Đề nghị đơn vị gửi lại, mỗi thư ít tệp hơn.",
		"The message is %d MB, over the %d MB limit, and was not downloaded; it stays in the mailbox. Ask the unit to send it again, fewer files per message.", size>>20, lim.Message>>20)}}
	if env != nil {
		if len(env.From) > 0 {
			m.From = strings.ToLower(env.From[0].Address())
			m.FromName = decodeHeader(env.From[0].PersonalName)
		}
		// The server gives From as Reply-To when the message has none (RFC 3501, 7.4.2).
		if len(env.ReplyTo) > 0 && !strings.EqualFold(env.ReplyTo[0].Address(), m.From) {
			m.ReplyTo = strings.ToLower(env.ReplyTo[0].Address())
		}
		m.Date, m.Subject, m.MessageID = env.Date, decodeHeader(env.Subject), strings.Trim(env.MessageId, "<>")
		if !m.Date.IsZero() {
			m.DateRaw = m.Date.Format(time.RFC1123Z)
		}
	}
	m.SHA256 = fmt.Sprintf("imap-size-%d-%s", size, m.MessageID)
	return m
}

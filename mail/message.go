package mail

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"net/textproto"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/unicode/norm"

	"chitieu/finding"
	"chitieu/store"
)

// Limits bound what reading one message may cost, whatever the message says: a hostile or broken
// message is refused with a record naming the limit, never read without end.
type Limits struct {
	// Message is the most bytes of a message read, and the most bytes its attachments may
	// take once decoded and unzipped, all together.
	Message int64
	// Attachment is the most bytes of one attachment, or of one workbook inside a .zip, decoded.
	Attachment int64
	// Parts is the most MIME parts (attachments, bodies, containers) of a message, forwarded ones
	// included.
	Parts int
	// Depth is how deep multiparts and forwarded messages may nest (the message itself is 1).
	Depth int
	// ZipEntries is the most entries of a .zip attachment looked at.
	ZipEntries int
}

// DefaultLimits are the limits of a month's reports: a report is a few hundred kilobytes, a
// message from a unit holds a few.
var DefaultLimits = Limits{Message: 64 << 20, Attachment: 32 << 20, Parts: 500, Depth: 16, ZipEntries: 200}

// Message is what a message brought: its envelope, kept as evidence beside each file, and its
// attachments.
type Message struct {
	// From is the sender's address as the From header gives it (lower case); FromName the name.
	From, FromName string
	// ReplyTo is the Reply-To header's first address (lower case), "" when it has none: where
	// the office's answer goes.
	ReplyTo string
	// Date is the Date header, zero when absent or unreadable (DateRaw keeps what it said).
	Date    time.Time
	DateRaw string
	Subject string
	// MessageID is the Message-ID header without its angle brackets.
	MessageID string
	// SHA256 and Size are of the message's bytes as read.
	SHA256 string
	Size   int64
	// Attachments are the workbooks found, and the attachments refused, in the message's order.
	Attachments []Attachment
	// Ignored are the names of attachments that are not workbooks (a PDF, a picture).
	Ignored []string
	// Refused, when not nil, says why the message as a whole was not read (too large, too many
	// parts, nested too deep, broken); Attachments then holds nothing.
	Refused *Refusal
}

// Key is what tells one message from another: its Message-ID where it has one, else its bytes.
// A copy of a message that came twice (a Bcc, a second delivery) has the same key.
func (m *Message) Key() string {
	if m.MessageID != "" {
		return "<" + m.MessageID + ">"
	}
	return "sha256:" + m.SHA256
}

// Answer is the address the office's answer to the message goes to: its Reply-To, else its From.
func (m *Message) Answer() string {
	if m.ReplyTo != "" {
		return m.ReplyTo
	}
	return m.From
}

// Attachment is a workbook a message brought, or one it brought that was refused.
type Attachment struct {
	// Name is the file's name as the message gave it (decoded, NFC).
	Name string
	// Within is where in the message it was found: "" at the top, else the forwarded messages and
	// .zip files that held it, outermost first, joined by " › ".
	Within string
	// Path is where its bytes were written; "" when refused.
	Path   string
	Size   int64
	SHA256 string
	// Refused is why it was not taken.
	Refused *Refusal
}

// Label is how the attachment is named to a person: its name after where it was found.
func (a Attachment) Label() string {
	if a.Within == "" {
		return a.Name
	}
	return a.Within + " › " + a.Name
}

// Refusal is why a message or an attachment was not taken: a finding code (too-large,
// unsafe-name, not-a-message) and a sentence saying what to do.
type Refusal struct {
	Code   string
	Detail finding.Text
}

func (r *Refusal) Error() string { return r.Code + ": " + r.Detail.In(finding.EN) }

// Workbook reports whether a file name is one chitieu reads (or a .zip that may hold some).
func Workbook(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".zip":
		return true
	}
	return false
}

// workbookTypes are the media types that mark an attachment as a workbook whatever its name.
var workbookTypes = map[string]string{
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
	"application/vnd.ms-excel.sheet.macroenabled.12":                    ".xlsm",
	"application/vnd.ms-excel":                                          ".xls",
	"application/vnd.oasis.opendocument.spreadsheet":                    ".ods",
	"application/zip":              ".zip",
	"application/x-zip-compressed": ".zip",
}

// Read reads a message (RFC 5322, MIME) and writes each workbook attached to it, in forwarded
// messages and in .zip files too, into a folder of its own under dir, named as the message
// names it. What breaks a limit is refused with a record; the error is for a failure to read r
// or to write under dir.
func Read(r io.Reader, dir string, lim Limits) (*Message, error) {
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	h := sha256.New()
	cr := &countReader{r: io.TeeReader(io.LimitReader(r, lim.Message+1), h)}
	rd := &reader{dir: dir, lim: lim, budget: lim.Message}
	m := &Message{}
	err := rd.message(m, bufio.NewReader(cr), 1, "")
	if err == nil {
		_, err = io.Copy(io.Discard, cr) // the rest (an epilogue) still counts in the digest
	}
	var ioErr *ioError
	if errors.As(err, &ioErr) {
		return nil, ioErr.err
	}
	m.Size, m.SHA256 = cr.n, hex.EncodeToString(h.Sum(nil))
	var ref *Refusal
	switch {
	case cr.n > lim.Message:
		ref = &Refusal{"too-large", finding.Textf("Thư lớn hơn %d MB, không đọc. Đề nghị đơn vị gửi lại, mỗi thư ít tệp hơn.",
			"The message is larger than %d MB and was not read. Ask the unit to send it again, fewer files per message.", lim.Message>>20)}
	case errors.As(err, &ref):
	case err != nil:
		ref = &Refusal{"not-a-message", finding.Textf("Thư bị hỏng, không đọc được (%v). Đề nghị đơn vị gửi lại.",
			"The message is broken and cannot be read (%v). Ask the unit to send it again.", err)}
	}
	if ref != nil {
		m.refuse(ref)
	}
	return m, nil
}

// ReadFile reads the saved message at path: a MIME message (.eml) as Read does, an Outlook
// message (.msg, a compound file, whatever its name) as ReadMSG does.
func ReadFile(path, dir string, lim Limits) (*Message, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, len(cfbSignature))
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	if IsMSG(head[:n]) {
		return ReadMSG(f, dir, lim)
	}
	return Read(f, dir, lim)
}

type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// ioError is a failure of the reader or the disk, as against a fault of the message.
type ioError struct{ err error }

func (e *ioError) Error() string { return e.err.Error() }

// reader walks one message's parts.
type reader struct {
	dir    string
	lim    Limits
	parts  int
	budget int64 // bytes the attachments may still take
	n      int   // attachments written, for their folder names
}

var decoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, err
	}
	return enc.NewDecoder().Reader(input), nil
}}

// decodeHeader decodes RFC 2047 words, leaving what does not decode as it is.
func decodeHeader(s string) string {
	if d, err := decoder.DecodeHeader(s); err == nil {
		s = d
	}
	return norm.NFC.String(strings.TrimSpace(s))
}

// message reads a message's header and body. The envelope is the top message's (depth 1): a
// forwarded message's attachments are the forwarder's evidence.
func (rd *reader) message(m *Message, br *bufio.Reader, depth int, within string) error {
	tp := textproto.NewReader(br)
	hdr, err := tp.ReadMIMEHeader()
	if err != nil && !(errors.Is(err, io.EOF) && len(hdr) > 0) {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return fmt.Errorf("no header")
		}
		return err
	}
	if depth == 1 {
		envelope(m, hdr)
	}
	return rd.entity(m, hdr, br, depth, within)
}

// envelope fills m's evidence from a header.
func envelope(m *Message, hdr textproto.MIMEHeader) {
	h := netmail.Header(hdr)
	if list, err := (&netmail.AddressParser{WordDecoder: decoder}).ParseList(h.Get("From")); err == nil && len(list) > 0 {
		m.From, m.FromName = strings.ToLower(list[0].Address), norm.NFC.String(list[0].Name)
	} else {
		m.From = strings.ToLower(strings.Trim(strings.TrimSpace(h.Get("From")), "<>"))
	}
	if list, err := (&netmail.AddressParser{WordDecoder: decoder}).ParseList(h.Get("Reply-To")); err == nil && len(list) > 0 {
		m.ReplyTo = strings.ToLower(list[0].Address)
	}
	m.DateRaw = strings.TrimSpace(h.Get("Date"))
	if d, err := netmail.ParseDate(m.DateRaw); err == nil {
		m.Date = d
	}
	m.Subject = decodeHeader(h.Get("Subject"))
	m.MessageID = strings.Trim(strings.TrimSpace(h.Get("Message-Id")), "<>")
}

// entity reads one MIME entity's body: a multipart's parts, a forwarded message, an attachment.
func (rd *reader) entity(m *Message, hdr textproto.MIMEHeader, body io.Reader, depth int, within string) error {
	rd.parts++
	if rd.parts > rd.lim.Parts {
		return &Refusal{"too-large", finding.Textf("Thư có hơn %d phần (tệp đính kèm, nội dung), không đọc. Đề nghị đơn vị gửi lại, mỗi thư ít tệp hơn.",
			"The message has more than %d parts (attachments, bodies) and was not read. Ask the unit to send it again, fewer files per message.", rd.lim.Parts)}
	}
	if depth > rd.lim.Depth {
		return &Refusal{"too-large", finding.Textf("Thư lồng nhau quá %d tầng (chuyển tiếp, nhiều phần), không đọc. Đề nghị đơn vị gửi thẳng tệp báo cáo.",
			"The message nests more than %d levels deep (forwards, multiparts) and was not read. Ask the unit to attach the report directly.", rd.lim.Depth)}
	}
	ctype, params, err := mime.ParseMediaType(hdr.Get("Content-Type"))
	if err != nil {
		ctype, params = "text/plain", map[string]string{}
	}
	decoded := transfer(hdr.Get("Content-Transfer-Encoding"), body)
	switch {
	case strings.HasPrefix(ctype, "multipart/"):
		boundary := params["boundary"]
		if boundary == "" {
			return fmt.Errorf("a multipart without a boundary")
		}
		mr := multipart.NewReader(body, boundary)
		for {
			p, err := mr.NextRawPart()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			if err := rd.entity(m, p.Header, p, depth+1, within); err != nil {
				return err
			}
		}
	case ctype == "message/rfc822" || ctype == "message/global":
		name := forwardedName(hdr, params)
		return rd.message(m, bufio.NewReader(decoded), depth+1, join(within, name))
	}
	name := filename(hdr, params)
	if savedMessageName(name) || ctype == "application/vnd.ms-outlook" {
		return rd.attachedMessage(m, name, within, decoded, depth)
	}
	ext := workbookTypes[ctype]
	switch {
	case name == "" && ext == "":
		return drain(decoded) // a body
	case Workbook(name):
	case name == "":
		name = fmt.Sprintf("tep-dinh-kem-%d%s", rd.parts, ext)
	case ext != "" && filepath.Ext(name) == "":
		name += ext
	default:
		m.Ignored = append(m.Ignored, join(within, name))
		return drain(decoded)
	}
	return rd.attachment(m, name, within, decoded)
}

// forwardedName names a forwarded message by its file name (decoded), else "thư chuyển tiếp".
func forwardedName(hdr textproto.MIMEHeader, params map[string]string) string {
	if n := filename(hdr, params); n != "" {
		return n
	}
	return "thư chuyển tiếp"
}

func join(within, name string) string {
	if within == "" {
		return name
	}
	return within + " › " + name
}

// filename is an attachment's name: Content-Disposition's filename (RFC 2231 filename*= decoded
// by mime), else Content-Type's name, each decoded from RFC 2047 words as mail programs write
// them inside quotes.
func filename(hdr textproto.MIMEHeader, ctParams map[string]string) string {
	name := ""
	if _, dp, err := mime.ParseMediaType(hdr.Get("Content-Disposition")); err == nil {
		name = dp["filename"]
	}
	if name == "" {
		name = ctParams["name"]
	}
	return decodeHeader(name)
}

// transfer undoes a Content-Transfer-Encoding.
func transfer(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Clean{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Clean drops what is not base64 (spaces, stray characters some programs leave), as mail
// readers do.
type base64Clean struct{ r io.Reader }

func (b *base64Clean) Read(p []byte) (int, error) {
	for {
		n, err := b.r.Read(p)
		k := 0
		for _, c := range p[:n] {
			if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/' || c == '=' {
				p[k] = c
				k++
			}
		}
		if k > 0 || err != nil {
			return k, err
		}
	}
}

func drain(r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}

// unsafe says why a name cannot be a file's name, "" when it can: a path (../, a folder), a
// drive letter, a device name, a control character.
func unsafe(name string) string {
	switch {
	case strings.ContainsAny(name, `/\`):
		return "đường dẫn"
	case len(name) >= 2 && name[1] == ':':
		return "ổ đĩa"
	case strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || strings.ContainsRune(`:*?"<>|`, r) }):
		return "ký tự không dùng được trong tên tệp"
	case strings.Trim(name, ". ") == "":
		return "tên rỗng"
	}
	if store.ReservedName(name) {
		return "tên thiết bị của Windows"
	}
	return ""
}

// savedMessageName reports whether an attachment's name is a saved message's (.eml, .msg).
func savedMessageName(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".eml", ".msg":
		return true
	}
	return false
}

// attachedMessage reads a saved message attached to a message (Outlook forwards a message as a
// .msg attached; a .eml may be attached as a file too) for its attachments, found within it. Its
// bytes are written first, bounded as an attachment's, then read, then removed.
func (rd *reader) attachedMessage(m *Message, name, within string, r io.Reader, depth int) error {
	if name == "" {
		name = "thư đính kèm.msg"
	}
	if depth+1 > rd.lim.Depth {
		return &Refusal{"too-large", finding.Textf("Thư lồng nhau quá %d tầng (chuyển tiếp, nhiều phần), không đọc. Đề nghị đơn vị gửi thẳng tệp báo cáo.",
			"The message nests more than %d levels deep (forwards, multiparts) and was not read. Ask the unit to attach the report directly.", rd.lim.Depth)}
	}
	if why := unsafe(name); why != "" {
		name = "thư đính kèm" + strings.ToLower(filepath.Ext(name)) // only read, never filed under its name
	}
	a, err := rd.write(name, within, r)
	if err != nil {
		return err
	}
	if a.Refused != nil {
		m.Attachments = append(m.Attachments, a)
		return nil
	}
	defer os.RemoveAll(filepath.Dir(a.Path))
	rd.budget += a.Size // what it holds is charged as it is read
	f, err := os.Open(a.Path)
	if err != nil {
		return &ioError{err}
	}
	defer f.Close()
	head := make([]byte, len(cfbSignature))
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return &ioError{err}
	}
	inner := join(within, name)
	if IsMSG(head[:n]) {
		err = rd.msgFile(m, f, a.Size, depth+1, inner)
		var broken *brokenMSG
		if errors.As(err, &broken) {
			m.Attachments = append(m.Attachments, Attachment{Name: name, Within: within, Size: a.Size, SHA256: a.SHA256, Refused: &Refusal{"not-a-message",
				finding.Textf("Thư Outlook %s đính kèm bị hỏng, không đọc được (%s). Đề nghị đơn vị gửi lại.",
					"The attached Outlook message %s is broken and cannot be read (%s). Ask the unit to send it again.", name, broken.why)}})
			return nil
		}
		return err
	}
	return rd.message(m, bufio.NewReader(f), depth+1, inner)
}

// attachment writes a workbook (or the workbooks inside a .zip) out of r.
func (rd *reader) attachment(m *Message, name, within string, r io.Reader) error {
	if why := unsafe(name); why != "" {
		m.Attachments = append(m.Attachments, Attachment{Name: name, Within: within, Refused: &Refusal{"unsafe-name",
			finding.Textf("Tên tệp đính kèm %q không dùng được (%s), tệp không được nhận. Đề nghị đơn vị đặt lại tên tệp, chỉ gồm tên, rồi gửi lại.",
				"The attachment's name %q cannot be used (%s); the file was not taken. Ask the unit to rename it to a plain file name and send it again.", name, why)}})
		return drain(r)
	}
	a, err := rd.write(name, within, r)
	if err != nil {
		return err
	}
	if a.Refused == nil && strings.EqualFold(filepath.Ext(name), ".zip") {
		defer os.RemoveAll(filepath.Dir(a.Path))
		return rd.unzip(m, a)
	}
	m.Attachments = append(m.Attachments, a)
	return nil
}

// write writes r into a folder of its own under rd.dir, within the limits.
func (rd *reader) write(name, within string, r io.Reader) (Attachment, error) {
	a := Attachment{Name: name, Within: within}
	limit := min(rd.lim.Attachment, rd.budget)
	rd.n++
	dir := filepath.Join(rd.dir, fmt.Sprint(rd.n))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return a, &ioError{err}
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return a, &ioError{err}
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), io.LimitReader(r, limit+1))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var werr *os.PathError
	if errors.As(err, &werr) {
		return a, &ioError{err}
	}
	if err != nil { // the message's encoding is broken: what could be read is kept and checked
		a.Refused = &Refusal{"not-a-message", finding.Textf("Tệp đính kèm bị hỏng trong thư (%v). Đề nghị đơn vị gửi lại.", "The attachment is damaged in the message (%v). Ask the unit to send it again.", err)}
	}
	if n > limit {
		os.RemoveAll(dir)
		skipped, _ := io.Copy(io.Discard, r)
		a.Size = n + skipped
		a.Refused = tooLarge(name, a.Size, rd.lim.Attachment)
		return a, nil
	}
	if a.Refused != nil {
		os.RemoveAll(dir)
		return a, nil
	}
	rd.budget -= n
	a.Path, a.Size, a.SHA256 = path, n, hex.EncodeToString(h.Sum(nil))
	return a, nil
}

func tooLarge(name string, size, limit int64) *Refusal {
	return &Refusal{"too-large", finding.Textf("Tệp %s lớn hơn giới hạn %d MB (%d byte), không nhận. Một báo cáo chỉ vài trăm KB: kiểm tra lại tệp rồi gửi lại.",
		"File %s is over the %d MB limit (%d bytes) and was not taken. A report is a few hundred KB: check the file and send it again.", name, limit>>20, size)}
}

// refuse records why the message is refused and removes the attachments already written out:
// nothing of a refused message is received.
func (m *Message) refuse(ref *Refusal) {
	m.Refused = ref
	for _, a := range m.Attachments {
		if a.Path != "" {
			os.RemoveAll(filepath.Dir(a.Path))
		}
	}
	m.Attachments, m.Ignored = nil, nil
}

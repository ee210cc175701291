package mail

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/richardlehane/mscfb"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/unicode/norm"

	"chitieu/finding"
)

// Outlook's saved messages (.msg) are read here after Microsoft's specification of the format,
// [MS-OXMSG] "Outlook Item (.msg) File Format"
// (https://learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-oxmsg/): a compound
// file ([MS-CFB]) whose root storage is the message. A message storage holds its fixed-size
// properties in the stream "__properties_version1.0" (a header — 32 bytes for the top message,
// 24 for an embedded one, 8 for an attachment — then one 16-byte entry per property: tag, flags,
// value), each variable-size property in a stream "__substg1.0_IIIITTTT" (property ID and type
// in hex), and each attachment in a storage "__attach_version1.0_#XXXXXXXX"; an attached message
// is a storage "__substg1.0_3701000D" inside its attachment's storage, laid out as a message.
//
// The compound file is read with github.com/richardlehane/mscfb, already in the module (excelize
// reads encrypted workbooks with it), kept by the author of siegfried, the format identifier
// archives use. No Go reader of .msg is kept: the ones published are unreleased forks, GPL, or
// read without bounds. What the format adds over the compound file — a few properties and the
// attachments' storages — is small, and reading it here keeps every limit ours: a stream is read
// only when its declared size fits the file and the limits, and all the streams read together
// may not exceed the file (shared or cyclic sector chains are refused as a broken file).

// MAPI property IDs and types read ([MS-OXPROPS]).
const (
	prSubject                               = 0x0037
	prClientSubmitTime                      = 0x0039
	prSentRepresentingName                  = 0x0042
	prSentRepresentingEmail                 = 0x0065
	prTransportHeaders                      = 0x007D
	prSenderName                            = 0x0C1A
	prSenderEmail                           = 0x0C1F
	prMessageDeliveryTime                   = 0x0E06
	prInternetMessageID                     = 0x1035
	prDisplayName                           = 0x3001
	prAttachDataBin                         = 0x3701 // PT_BINARY: the file; PT_OBJECT: an attached message
	prAttachFilename                        = 0x3704
	prAttachMethod                          = 0x3705
	prAttachLongFilename                    = 0x3707
	prAttachMimeTag                         = 0x370E
	prInternetCPID                          = 0x3FDE
	prMessageCodepage                       = 0x3FFD
	prSenderSMTP                            = 0x5D01
	prSentRepresentingSMTP                  = 0x5D02
	ptUnicode                               = 0x001F // UTF-16LE
	ptString8                               = 0x001E // 8-bit, in the message's code page
	ptBinary                                = 0x0102
	ptObject                                = 0x000D
	ptSysTime                               = 0x0040
	ptLong                                  = 0x0003
	attachMethodEmbeddedMsg                 = 5
	propertiesStream                        = "__properties_version1.0"
	attachPrefix                            = "__attach_version1.0_#"
	maxPropertyString                       = 1 << 20 // a subject, an address, the headers: more is not a property we read
	topHeader, embeddedHeader, attachHeader = 32, 24, 8
)

// cfbSignature begins every compound file ([MS-CFB] 2.2).
var cfbSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// IsMSG reports whether b, the first bytes of a file, begin a compound file (an Outlook .msg).
func IsMSG(b []byte) bool { return bytes.HasPrefix(b, cfbSignature) }

// brokenMSG is the fault of a .msg that cannot be read: its words go into the refusal.
type brokenMSG struct{ why string }

func (b *brokenMSG) Error() string { return b.why }

// ReadMSG reads an Outlook message (.msg) from f as Read reads a MIME message: the envelope
// from its internet headers (as the unit's mail program received or sent it) and its properties,
// each workbook attached to it and to the messages attached to it written under dir. The error
// is for a failure to read f or to write under dir; a broken or hostile file is refused.
func ReadMSG(f *os.File, dir string, lim Limits) (*Message, error) {
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	m := &Message{}
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return nil, err
	}
	m.Size, m.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	if n > lim.Message {
		m.Refused = &Refusal{"too-large", finding.Textf("Thư lớn hơn %d MB, không đọc. Đề nghị đơn vị gửi lại, mỗi thư ít tệp hơn.",
			"The message is larger than %d MB and was not read. Ask the unit to send it again, fewer files per message.", lim.Message>>20)}
		return m, nil
	}
	rd := &reader{dir: dir, lim: lim, budget: lim.Message}
	err = rd.msgFile(m, f, n, 1, "")
	var ioErr *ioError
	if errors.As(err, &ioErr) {
		return nil, ioErr.err
	}
	var ref *Refusal
	var broken *brokenMSG
	switch {
	case errors.As(err, &ref):
	case errors.As(err, &broken):
		ref = &Refusal{"not-a-message", finding.Textf("Thư Outlook (.msg) bị hỏng, không đọc được (%s). Đề nghị đơn vị gửi lại, hoặc lưu lại thư từ Outlook.",
			"The Outlook message (.msg) is broken and cannot be read (%s). Ask the unit to send it again, or save the message from Outlook again.", broken.why)}
	case err != nil:
		ref = &Refusal{"not-a-message", finding.Textf("Thư Outlook (.msg) bị hỏng, không đọc được (%v). Đề nghị đơn vị gửi lại, hoặc lưu lại thư từ Outlook.",
			"The Outlook message (.msg) is broken and cannot be read (%v). Ask the unit to send it again, or save the message from Outlook again.", err)}
	}
	if ref != nil {
		m.refuse(ref)
	}
	return m, nil
}

// cfb is an opened compound file: its entries by path, and what reading its streams may still
// cost.
type cfb struct {
	entries map[string]*mscfb.File // by path: storages' names joined by "/"
	kids    map[string][]string    // a storage's entries' names, in name order
	size    int64                  // the file's size
	left    int64                  // bytes the streams read may still take: the file's size
}

// msgFile opens the compound file and reads the message at its root, at depth (1: the message
// read; more: a message attached to it, found within). The compound file reader is third-party
// code on hostile input: a panic in it is taken for a broken file.
func (rd *reader) msgFile(m *Message, f *os.File, size int64, depth int, within string) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &brokenMSG{fmt.Sprint(p)}
		}
	}()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return &ioError{err}
	}
	head := make([]byte, len(cfbSignature))
	if _, err := io.ReadFull(f, head); err != nil || !IsMSG(head) {
		return &brokenMSG{"not a compound file"}
	}
	if err := cfbHeaderFits(f, size); err != nil {
		return err
	}
	r, err := mscfb.New(f)
	if err != nil {
		return &brokenMSG{err.Error()}
	}
	c := &cfb{entries: map[string]*mscfb.File{}, kids: map[string][]string{}, size: size, left: size}
	for _, e := range r.File {
		parent := strings.Join(e.Path, "/")
		p := e.Name
		if parent != "" {
			p = parent + "/" + e.Name
		}
		if _, dup := c.entries[p]; dup || e.Name == "" {
			continue
		}
		c.entries[p] = e
		c.kids[parent] = append(c.kids[parent], e.Name)
	}
	for _, k := range c.kids {
		slices.Sort(k)
	}
	if _, ok := c.entries[propertiesStream]; !ok {
		return &brokenMSG{"no " + propertiesStream + ": not an Outlook message"}
	}
	return rd.msgStorage(m, c, "", topHeader, depth, within) // a .msg file's root is a top message, attached or not
}

// cfbHeaderFits checks the counts of a compound file's header ([MS-CFB] 2.2) against the file's
// size before mscfb reads them: mscfb makes slices as long as they say and walks chains as many
// sectors long, so a header that claims four billion directory or mini FAT sectors in a file of a
// few kilobytes would have it allocate, and loop, without end.
func cfbHeaderFits(f *os.File, size int64) error {
	h := make([]byte, 512)
	if _, err := f.ReadAt(h, 0); err != nil {
		return &brokenMSG{"the header is cut short"}
	}
	shift := binary.LittleEndian.Uint16(h[30:])
	if shift != 9 && shift != 12 {
		return &brokenMSG{fmt.Sprintf("a sector size of 2^%d bytes", shift)}
	}
	sectors := uint64(size>>shift) + 1 // the sectors the file can hold
	for _, c := range []struct {
		what string
		at   int
	}{{"directory", 40}, {"FAT", 44}, {"mini FAT", 64}, {"DIFAT", 72}} {
		if n := uint64(binary.LittleEndian.Uint32(h[c.at:])); n > sectors {
			return &brokenMSG{fmt.Sprintf("the header claims %d %s sectors, more than the file holds", n, c.what)}
		}
	}
	return nil
}

// cfbPath joins a storage's path and an entry's name.
func cfbPath(storage, name string) string {
	if storage == "" {
		return name
	}
	return storage + "/" + name
}

// stream reads a whole stream of at most max bytes; ok is false when there is none, or it is
// larger than max.
func (c *cfb) stream(p string, max int64) (b []byte, ok bool, err error) {
	e := c.entries[p]
	if e == nil || e.FileInfo().IsDir() {
		return nil, false, nil
	}
	if e.Size < 0 || e.Size > max {
		return nil, false, nil
	}
	r, err := c.open(e)
	if err != nil {
		return nil, false, err
	}
	b, err = io.ReadAll(r)
	return b, err == nil, err
}

// open is a reader of a stream, charged to what the file may cost: a stream that claims more
// than the file holds, or streams that together read more than the file, are a broken file.
func (c *cfb) open(e *mscfb.File) (io.Reader, error) {
	if e.Size > c.size || e.Size > c.left {
		return nil, &brokenMSG{fmt.Sprintf("the stream %s claims %d bytes, more than the file holds", e.Name, e.Size)}
	}
	c.left -= e.Size
	return &cfbStream{e: e, n: e.Size}, nil
}

// cfbStream reads a stream to its declared size and no further, its errors a broken file's.
type cfbStream struct {
	e *mscfb.File
	n int64
}

func (s *cfbStream) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > s.n {
		p = p[:s.n]
	}
	k, err := s.e.Read(p)
	s.n -= int64(k)
	if err == io.EOF && s.n > 0 {
		return k, &brokenMSG{fmt.Sprintf("the stream %s ends %d bytes early", s.e.Name, s.n)}
	}
	if err != nil && err != io.EOF {
		return k, &brokenMSG{err.Error()}
	}
	if k == 0 && s.n > 0 {
		return 0, &brokenMSG{fmt.Sprintf("the stream %s cannot be read", s.e.Name)}
	}
	return k, nil
}

// props are a storage's properties: the fixed-size ones' values by ID, and where its
// variable-size ones are.
type props struct {
	c       *cfb
	storage string
	fixed   map[uint16]propValue
	dec     *encoding.Decoder // of 8-bit strings
}

type propValue struct {
	typ   uint16
	value [8]byte
}

// properties reads a storage's property stream, whose header is hdr bytes long.
func (c *cfb) properties(storage string, hdr int) (*props, error) {
	pr := &props{c: c, storage: storage, fixed: map[uint16]propValue{}}
	b, ok, err := c.stream(cfbPath(storage, propertiesStream), c.size)
	if err != nil {
		return nil, err
	}
	if ok && len(b) >= hdr {
		for b = b[hdr:]; len(b) >= 16; b = b[16:] {
			tag := binary.LittleEndian.Uint32(b)
			var v propValue
			v.typ = uint16(tag)
			copy(v.value[:], b[8:16])
			pr.fixed[uint16(tag>>16)] = v
		}
	}
	cp := uint32(0)
	for _, id := range []uint16{prInternetCPID, prMessageCodepage} {
		if v, ok := pr.fixed[id]; ok && v.typ == ptLong && cp == 0 {
			cp = binary.LittleEndian.Uint32(v.value[:])
		}
	}
	pr.dec = codepage(cp)
	return pr, nil
}

// codepage is the decoder of a Windows code page, Windows-1252 when it is not known.
func codepage(cp uint32) *encoding.Decoder {
	name := "windows-1252"
	switch {
	case cp == 65001:
		name = "utf-8"
	case cp == 874 || cp >= 1250 && cp <= 1258:
		name = fmt.Sprintf("windows-%d", cp)
	case cp == 28591:
		name = "iso-8859-1"
	case cp == 20866:
		name = "koi8-r"
	case cp == 936:
		name = "gbk"
	case cp == 950:
		name = "big5"
	case cp == 932:
		name = "shift_jis"
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		enc, _ = htmlindex.Get("windows-1252")
	}
	return enc.NewDecoder()
}

// str is a string property: Unicode where the file has it, else 8-bit in the message's code
// page; "" when absent or larger than a property we read.
func (pr *props) str(id uint16) (string, error) {
	b, ok, err := pr.c.stream(cfbPath(pr.storage, fmt.Sprintf("__substg1.0_%04X%04X", id, ptUnicode)), maxPropertyString)
	if err != nil {
		return "", err
	}
	if ok {
		u := make([]uint16, len(b)/2)
		for i := range u {
			u[i] = binary.LittleEndian.Uint16(b[2*i:])
		}
		return clean(string(utf16.Decode(u))), nil
	}
	b, ok, err = pr.c.stream(cfbPath(pr.storage, fmt.Sprintf("__substg1.0_%04X%04X", id, ptString8)), maxPropertyString)
	if err != nil || !ok {
		return "", err
	}
	if utf8.Valid(b) {
		return clean(string(b)), nil
	}
	s, err := pr.dec.Bytes(b)
	if err != nil {
		return clean(strings.ToValidUTF8(string(b), "\uFFFD")), nil
	}
	return clean(string(s)), nil
}

// clean drops a string property's terminating NULs and makes it NFC.
func clean(s string) string {
	return norm.NFC.String(strings.TrimRight(s, "\x00"))
}

// time is a PT_SYSTIME property (a FILETIME: 100 ns since 1601), zero when absent.
func (pr *props) time(id uint16) time.Time {
	v, ok := pr.fixed[id]
	if !ok || v.typ != ptSysTime {
		return time.Time{}
	}
	ft := int64(binary.LittleEndian.Uint64(v.value[:]))
	if ft <= 0 {
		return time.Time{}
	}
	const epochDiff = 116444736000000000 // 1601-01-01 to 1970-01-01 in 100 ns
	d := ft - epochDiff                  // no overflow: ft is positive
	t := time.Unix(d/1e7, d%1e7*100).UTC()
	if t.Year() < 1980 || t.Year() > 9999 { // no message was sent then: a damaged or made-up date
		return time.Time{}
	}
	return t
}

// long is a PT_LONG property, -1 when absent.
func (pr *props) long(id uint16) int64 {
	v, ok := pr.fixed[id]
	if !ok || v.typ != ptLong {
		return -1
	}
	return int64(int32(binary.LittleEndian.Uint32(v.value[:])))
}

// msgStorage reads the message in a storage: its envelope (the top message's only: an attached
// message's files are the sender's evidence, as a forwarded one's are) and its attachments.
func (rd *reader) msgStorage(m *Message, c *cfb, storage string, hdr, depth int, within string) error {
	rd.parts++
	if rd.parts > rd.lim.Parts {
		return &Refusal{"too-large", finding.Textf("Thư có hơn %d phần (tệp đính kèm, nội dung), không đọc. Đề nghị đơn vị gửi lại, mỗi thư ít tệp hơn.",
			"The message has more than %d parts (attachments, bodies) and was not read. Ask the unit to send it again, fewer files per message.", rd.lim.Parts)}
	}
	if depth > rd.lim.Depth {
		return &Refusal{"too-large", finding.Textf("Thư lồng nhau quá %d tầng (chuyển tiếp, nhiều phần), không đọc. Đề nghị đơn vị gửi thẳng tệp báo cáo.",
			"The message nests more than %d levels deep (forwards, multiparts) and was not read. Ask the unit to attach the report directly.", rd.lim.Depth)}
	}
	pr, err := c.properties(storage, hdr)
	if err != nil {
		return err
	}
	if depth == 1 {
		if err := msgEnvelope(m, pr); err != nil {
			return err
		}
	}
	for _, name := range c.kids[storage] {
		if !strings.HasPrefix(name, attachPrefix) {
			continue
		}
		if err := rd.msgAttachment(m, c, cfbPath(storage, name), depth, within); err != nil {
			return err
		}
	}
	return nil
}

// msgEnvelope fills m's evidence: from the internet headers the message came with where it has
// them (a message received), else from its properties (a message sent, or saved as a draft).
func msgEnvelope(m *Message, pr *props) error {
	headers, err := pr.str(prTransportHeaders)
	if err != nil {
		return err
	}
	if strings.TrimSpace(headers) != "" {
		hdr, err := textproto.NewReader(bufio.NewReader(strings.NewReader(strings.TrimLeft(headers, "\r\n") + "\r\n\r\n"))).ReadMIMEHeader()
		if err == nil || len(hdr) > 0 {
			envelope(m, hdr)
		}
	}
	get := func(ids ...uint16) (string, error) {
		for _, id := range ids {
			s, err := pr.str(id)
			if err != nil || strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s), err
			}
		}
		return "", nil
	}
	if s, err := get(prSubject); err != nil {
		return err
	} else if s != "" {
		m.Subject = s // as Outlook decoded it
	}
	if !strings.Contains(m.From, "@") {
		// The SMTP addresses first: PR_SENDER_EMAIL_ADDRESS is an Exchange name (/O=…) for mail
		// sent inside an Exchange organisation.
		for _, id := range []uint16{prSentRepresentingSMTP, prSenderSMTP, prSentRepresentingEmail, prSenderEmail} {
			s, err := pr.str(id)
			if err != nil {
				return err
			}
			if strings.Contains(s, "@") && !strings.HasPrefix(s, "/") {
				m.From = strings.ToLower(strings.Trim(strings.TrimSpace(s), "<>"))
				break
			}
		}
	}
	if m.FromName == "" {
		s, err := get(prSentRepresentingName, prSenderName)
		if err != nil {
			return err
		}
		if !strings.EqualFold(s, m.From) {
			m.FromName = s
		}
	}
	if m.Date.IsZero() {
		for _, id := range []uint16{prClientSubmitTime, prMessageDeliveryTime} {
			if t := pr.time(id); !t.IsZero() {
				m.Date = t
				if m.DateRaw == "" {
					m.DateRaw = t.Format(time.RFC1123Z)
				}
				break
			}
		}
	}
	if m.MessageID == "" {
		s, err := get(prInternetMessageID)
		if err != nil {
			return err
		}
		m.MessageID = strings.Trim(s, "<>")
	}
	return nil
}

// msgAttachment reads one attachment's storage: a file, taken as a MIME attachment is, or an
// attached message, read for its own attachments.
func (rd *reader) msgAttachment(m *Message, c *cfb, storage string, depth int, within string) error {
	rd.parts++
	if rd.parts > rd.lim.Parts {
		return &Refusal{"too-large", finding.Textf("Thư có hơn %d phần (tệp đính kèm, nội dung), không đọc. Đề nghị đơn vị gửi lại, mỗi thư ít tệp hơn.",
			"The message has more than %d parts (attachments, bodies) and was not read. Ask the unit to send it again, fewer files per message.", rd.lim.Parts)}
	}
	pr, err := c.properties(storage, attachHeader)
	if err != nil {
		return err
	}
	name := ""
	for _, id := range []uint16{prAttachLongFilename, prAttachFilename, prDisplayName} {
		if name, err = pr.str(id); err != nil {
			return err
		}
		if name = strings.TrimSpace(name); name != "" {
			break
		}
	}
	embedded := cfbPath(storage, fmt.Sprintf("__substg1.0_%04X%04X", prAttachDataBin, ptObject))
	if e := c.entries[embedded]; e != nil && e.FileInfo().IsDir() && c.entries[cfbPath(embedded, propertiesStream)] != nil &&
		(pr.long(prAttachMethod) == attachMethodEmbeddedMsg || pr.long(prAttachMethod) == -1) {
		if name == "" {
			name = "thư đính kèm"
		}
		return rd.msgStorage(m, c, embedded, embeddedHeader, depth+1, join(within, name))
	}
	mimeTag, err := pr.str(prAttachMimeTag)
	if err != nil {
		return err
	}
	ext := workbookTypes[strings.ToLower(strings.TrimSpace(mimeTag))]
	saved := savedMessageName(name) || strings.EqualFold(strings.TrimSpace(mimeTag), "message/rfc822")
	switch {
	case saved: // a message saved as a file and attached: read for its attachments
	case name == "" && ext == "":
		return nil
	case Workbook(name):
	case name == "":
		name = fmt.Sprintf("tep-dinh-kem-%d%s", rd.parts, ext)
	case ext != "" && filepath.Ext(name) == "":
		name += ext
	default:
		m.Ignored = append(m.Ignored, join(within, name))
		return nil
	}
	data := c.entries[cfbPath(storage, fmt.Sprintf("__substg1.0_%04X%04X", prAttachDataBin, ptBinary))]
	if data == nil || data.FileInfo().IsDir() {
		m.Attachments = append(m.Attachments, Attachment{Name: name, Within: within, Refused: &Refusal{"not-a-message",
			finding.Textf("Tệp đính kèm %s không có trong thư (chỉ là liên kết hoặc bị hỏng). Đề nghị đơn vị đính kèm chính tệp báo cáo rồi gửi lại.",
				"The attachment %s is not in the message (only a link to it, or damaged). Ask the unit to attach the report file itself and send it again.", name)}})
		return nil
	}
	if data.Size > c.size || data.Size > c.left { // what the file cannot hold: a broken entry, the rest still read
		m.Attachments = append(m.Attachments, Attachment{Name: name, Within: within, Refused: &Refusal{"not-a-message",
			finding.Textf("Tệp đính kèm %s bị hỏng trong thư (khai %d byte, hơn cả tệp thư). Đề nghị đơn vị gửi lại.",
				"The attachment %s is damaged in the message (it claims %d bytes, more than the whole message). Ask the unit to send it again.", name, data.Size)}})
		return nil
	}
	if limit := min(rd.lim.Attachment, rd.budget); data.Size > limit {
		if why := unsafe(name); why != "" {
			return rd.attachment(m, name, within, strings.NewReader(""))
		}
		m.Attachments = append(m.Attachments, Attachment{Name: name, Within: within, Size: data.Size, Refused: tooLarge(name, data.Size, rd.lim.Attachment)})
		return nil
	}
	r, err := c.open(data)
	if err != nil {
		return err
	}
	if saved {
		return rd.attachedMessage(m, name, within, r, depth)
	}
	return rd.attachment(m, name, within, r)
}

package mail

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"chitieu/mail/mailtest"
)

// saveMSG writes m as a .msg file and returns its path.
func saveMSG(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// big is a workbook's bytes over the compound file's 4096-byte cutoff: kept in sectors of its
// own, not in the mini stream.
var big = append(append([]byte{}, book...), bytes.Repeat([]byte("ô"), 6000)...)

// TestReadMSG reads Outlook messages as Outlook saves them: received (with their internet
// headers) and sent (properties only, 8-bit strings), a workbook in the mini stream and one in
// sectors of its own, one inside an attached message, a picture ignored.
func TestReadMSG(t *testing.T) {
	received := &mailtest.MSG{
		Headers: "Received: from mail.thanhhoa.example\r\nFrom: =?UTF-8?B?Q+G7pWMgVGjhu5FuZyBrw6o=?= <Cuc.ThongKe@ThanhHoa.example>\r\n" +
			"Reply-To: tonghop@thanhhoa.example\r\nDate: Tue, 14 Jan 2025 09:30:00 +0700\r\nMessage-ID: <bc3@thanhhoa.example>\r\nSubject: =?UTF-8?B?QsOhbyBjw6FvIHRow6FuZyAz?=\r\n",
		Subject: "Báo cáo tháng 3", SenderName: "Cục Thống kê", SenderSMTP: "cuc.thongke@thanhhoa.example",
		Attachments: []mailtest.MSGAttachment{
			{Name: "Biểu 01 tháng 3.xlsx", Data: book},
			{Name: "ảnh.png", Data: []byte("\x89PNG")},
			{Name: "lớn.xlsx", Data: big},
			{Name: "Chuyển tiếp: báo cáo", Message: &mailtest.MSG{Subject: "Báo cáo", SenderSMTP: "xa@example.org",
				Attachments: []mailtest.MSGAttachment{{Name: "Biểu 02.xlsx", Data: book}}}},
		},
	}
	m, err := ReadFile(saveMSG(t, "thư.msg", received.Bytes()), t.TempDir(), Limits{})
	if err != nil || m.Refused != nil {
		t.Fatalf("%v %v", err, m.Refused)
	}
	if m.From != "cuc.thongke@thanhhoa.example" || m.FromName != "Cục Thống kê" || m.ReplyTo != "tonghop@thanhhoa.example" ||
		m.Subject != "Báo cáo tháng 3" || m.MessageID != "bc3@thanhhoa.example" || !m.Date.Equal(time.Date(2025, 1, 14, 2, 30, 0, 0, time.UTC)) ||
		m.Key() != "<bc3@thanhhoa.example>" || len(m.SHA256) != 64 {
		t.Errorf("envelope: %+v", m)
	}
	if g := fmt.Sprint(got(t, m, nil)); g != "[Biểu 01 tháng 3.xlsx: ok lớn.xlsx: ok Chuyển tiếp: báo cáo › Biểu 02.xlsx: ok]" {
		t.Errorf("attachments: %s", g)
	}
	if b, _ := os.ReadFile(m.Attachments[1].Path); !bytes.Equal(b, big) {
		t.Errorf("the workbook in sectors of its own: %d bytes, want %d", len(b), len(big))
	}
	if b, _ := os.ReadFile(m.Attachments[0].Path); !bytes.Equal(b, book) {
		t.Errorf("the workbook in the mini stream: %q", b)
	}
	if fmt.Sprint(m.Ignored) != "[ảnh.png]" {
		t.Errorf("ignored: %q", m.Ignored)
	}

	sent := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	draft := &mailtest.MSG{Subject: "Báo cáo tháng 2", SenderName: "Phòng Tài chính", SenderSMTP: "KeHoach@Xa.example", Sent: sent, String8: true,
		Attachments: []mailtest.MSGAttachment{{Name: "b.xlsx", Data: book}}}
	m, err = ReadFile(saveMSG(t, "đã gửi.msg", draft.Bytes()), t.TempDir(), Limits{})
	if err != nil || m.Refused != nil {
		t.Fatalf("%v %v", err, m.Refused)
	}
	if m.From != "kehoach@xa.example" || m.FromName != "Phòng Tài chính" || m.Subject != "Báo cáo tháng 2" || !m.Date.Equal(sent) ||
		m.MessageID != "" || m.Key() != "sha256:"+m.SHA256 || len(m.Attachments) != 1 {
		t.Errorf("a message without headers, 8-bit strings: %+v", m)
	}
}

// TestAttachedMessages: Outlook forwards a message as a .msg attached, to a MIME message or to
// another .msg, and a .eml may be attached too: each is read for its workbooks, found within it,
// the envelope staying the outer message's; a broken attached .msg is refused by its name.
func TestAttachedMessages(t *testing.T) {
	inner := (&mailtest.MSG{Headers: "From: xa@example.org\r\nMessage-ID: <inner@x>\r\n", Subject: "tháng 3",
		Attachments: []mailtest.MSGAttachment{{Name: "Biểu 02.xlsx", Data: book}}}).Bytes()
	eml := head + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" + attach("Fw tháng 3.msg", inner) + attach("hỏng.msg", inner[:700]) + "--B--\r\n"
	m := read(t, eml, Limits{})
	if g := fmt.Sprint(got(t, m, book)); m.Refused != nil || m.From != "kehoach@xa.example" || g != "[Fw tháng 3.msg › Biểu 02.xlsx: ok hỏng.msg: not-a-message]" {
		t.Errorf("a .msg attached to a MIME message: from %q, refused %v, got %s", m.From, m.Refused, g)
	}
	outer := (&mailtest.MSG{Headers: "From: cuc.thongke@thanhhoa.example\r\n", Attachments: []mailtest.MSGAttachment{
		{Name: "chuyển tiếp.eml", Data: []byte(thunderbird(book))}, {Name: "Fw.msg", Data: inner}}}).Bytes()
	m, err := ReadFile(saveMSG(t, "x.msg", outer), t.TempDir(), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if g := fmt.Sprint(got(t, m, book)); m.Refused != nil || m.From != "cuc.thongke@thanhhoa.example" || g != "[chuyển tiếp.eml › Báo cáo tháng 3.xlsx: ok Fw.msg › Biểu 02.xlsx: ok]" {
		t.Errorf("messages attached to a .msg: from %q, refused %v, got %s", m.From, m.Refused, g)
	}
}

// TestReadMSGSaved reads .msg files real mail programs saved (Apache POI's test data): the
// envelope from their headers, their attachments — none a workbook — listed as ignored; and two
// files OSS-Fuzz made to break a reader, refused.
func TestReadMSGSaved(t *testing.T) {
	for _, tc := range []struct {
		file, from, subject, id, ignored, refused string
	}{
		{"attachment_test_msg.msg", "nicolas1.23456@free.fr", "test pièce jointe 1", "", "[test-unicode.doc pj1.txt]", ""},
		{"example_received_unicode.msg", "mike.farman@alfresco.com", "This is a test message please ignore", "27350255.35521263227107828.JavaMail.root@zimbra.alfresco.com", "[alfresco.gif]", ""},
		{"clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg", "", "", "", "[]", "not-a-message"},
		{"clusterfuzz-testcase-minimized-POIHSMFFuzzer-5336473854148608.msg", "", "", "", "[]", "not-a-message"},
	} {
		m, err := ReadFile(filepath.Join("testdata", "msg", tc.file), t.TempDir(), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		code := ""
		if m.Refused != nil {
			code = m.Refused.Code
		}
		if m.From != tc.from || m.Subject != tc.subject || m.MessageID != tc.id || fmt.Sprint(m.Ignored) != tc.ignored || code != tc.refused || len(m.Attachments) != 0 {
			t.Errorf("%s: from %q subject %q id %q ignored %q refused %v", tc.file, m.From, m.Subject, m.MessageID, m.Ignored, m.Refused)
		}
	}
}

// TestHostileMSG: broken and hostile .msg files are refused with a record, never a crash or a
// hang — truncated, a cyclic sector chain, sizes the file cannot hold, 10,000 attachments,
// messages nested 100 deep, a name with a path — and a thousand files with random bytes changed.
func TestHostileMSG(t *testing.T) {
	good := (&mailtest.MSG{Headers: "From: a@b.example\r\n", Subject: "s", Attachments: []mailtest.MSGAttachment{
		{Name: "nhỏ.xlsx", Data: book}, {Name: "lớn.xlsx", Data: big}}}).Bytes()
	read := func(t *testing.T, b []byte, lim Limits) *Message {
		t.Helper()
		dir := t.TempDir()
		m, err := ReadFile(saveMSG(t, "x.msg", b), dir, lim)
		if err != nil {
			t.Fatal(err)
		}
		if m.Refused != nil {
			if m.Refused.Detail.In("vi") == "" || len(m.Attachments) != 0 {
				t.Errorf("refusal %v with %d attachments", m.Refused, len(m.Attachments))
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("a refused message left %d folders", len(left))
			}
		}
		return m
	}
	refused := func(m *Message) string {
		if m.Refused == nil {
			return ""
		}
		return m.Refused.Code
	}
	// dirEntry is where the directory entry of a stream named name, size bytes long, is.
	dirEntry := func(b []byte, name string, size int) int {
		u := []byte{}
		for _, r := range name {
			u = binary.LittleEndian.AppendUint16(u, uint16(r))
		}
		for i := 0; i+128 <= len(b); i += 128 {
			if bytes.HasPrefix(b[i:], u) && b[i+66] == 2 && int(binary.LittleEndian.Uint32(b[i+120:])) == size {
				return i
			}
		}
		t.Fatalf("no directory entry %s of %d bytes", name, size)
		return 0
	}
	t.Run("truncated", func(t *testing.T) {
		for _, n := range []int{0, 7, 8, 100, 512, 1024, len(good) / 2, len(good) - 512, len(good) - 1} {
			m := read(t, good[:n], Limits{})
			if n < 8 && refused(m) != "not-a-message" && len(m.Attachments) != 0 {
				// under 8 bytes it is no compound file: read as MIME, which refuses it too or finds nothing
				t.Errorf("%d bytes: %v", n, m.Refused)
			}
			if n >= 8 && refused(m) != "not-a-message" {
				// a file cut in its last sectors may still read whole when what was cut is unused
				if ok := fmt.Sprint(got(t, m, nil)); ok != "[nhỏ.xlsx: ok lớn.xlsx: ok]" {
					t.Errorf("%d bytes: refused %v, attachments %s", n, m.Refused, ok)
				}
			}
		}
	})
	t.Run("a size the file cannot hold", func(t *testing.T) {
		b := bytes.Clone(good)
		e := dirEntry(b, "__substg1.0_37010102", len(book)) // the small workbook's data
		binary.LittleEndian.PutUint32(b[e+120:], 0xFFFFFF00)
		m := read(t, b, Limits{})
		if g := fmt.Sprint(got(t, m, nil)); m.Refused != nil || g != "[nhỏ.xlsx: not-a-message lớn.xlsx: ok]" ||
			!strings.Contains(m.Attachments[0].Refused.Detail.In("en"), "more than the whole message") {
			t.Errorf("refused %v, got %s", m.Refused, g)
		}
		// Within the file's size but over the attachment limit: too large, not read.
		binary.LittleEndian.PutUint32(b[e+120:], 2048)
		m = read(t, b, Limits{Message: 64 << 20, Attachment: 1024, Parts: 10, Depth: 5, ZipEntries: 5})
		if g := fmt.Sprint(got(t, m, nil)); m.Refused != nil || !strings.HasPrefix(g, "[nhỏ.xlsx: too-large") {
			t.Errorf("refused %v, got %s", m.Refused, g)
		}
	})
	t.Run("cyclic sector chain", func(t *testing.T) {
		b := bytes.Clone(good)
		e := dirEntry(b, "__substg1.0_37010102", len(big)) // the big workbook: in sectors of its own
		start := binary.LittleEndian.Uint32(b[e+116:])
		fat := int(binary.LittleEndian.Uint32(b[76:])+1) * 512
		binary.LittleEndian.PutUint32(b[fat+4*int(start)+4:], start) // its second sector points back to its first
		done := make(chan *Message, 1)
		go func() { done <- read(t, b, Limits{}) }()
		select {
		case m := <-done:
			t.Logf("refused %v, got %v", m.Refused, got(t, m, nil))
			if g := fmt.Sprint(got(t, m, nil)); m.Refused == nil && strings.Contains(g, "lớn.xlsx: ok") {
				if data, _ := os.ReadFile(m.Attachments[1].Path); bytes.Equal(data, big) {
					t.Errorf("a cyclic chain read as the workbook")
				}
			}
		case <-time.After(time.Minute):
			t.Fatal("a cyclic sector chain hangs the reader")
		}
	})
	t.Run("header counts the file cannot hold", func(t *testing.T) {
		// Four billion directory sectors; half a billion FAT sectors and as many mini FAT sectors
		// as those allow: mscfb would allocate and walk them all.
		for _, c := range []struct{ at, v int }{{40, 0xFFFFFFF0}, {44, 0x20000000}} {
			b := bytes.Clone(good)
			binary.LittleEndian.PutUint32(b[c.at:], uint32(c.v))
			if c.at == 44 {
				binary.LittleEndian.PutUint32(b[64:], 0xFFFFFFF0)
			}
			done := make(chan *Message, 1)
			go func() { done <- read(t, b, Limits{}) }()
			select {
			case m := <-done:
				if refused(m) != "not-a-message" || !strings.Contains(m.Refused.Detail.In("en"), "more than the file holds") {
					t.Errorf("header field at %d: refused %v", c.at, m.Refused)
				}
			case <-time.After(time.Minute):
				t.Fatalf("header field at %d: the reader does not return", c.at)
			}
		}
	})
	t.Run("10,000 attachments", func(t *testing.T) {
		many := &mailtest.MSG{Subject: "s"}
		for i := range 10000 {
			many.Attachments = append(many.Attachments, mailtest.MSGAttachment{Name: fmt.Sprintf("b%d.xlsx", i), Data: book})
		}
		if m := read(t, many.Bytes(), Limits{}); refused(m) != "too-large" {
			t.Errorf("refused %v", m.Refused)
		}
	})
	t.Run("nesting 100 deep", func(t *testing.T) {
		deep := &mailtest.MSG{Attachments: []mailtest.MSGAttachment{{Name: "b.xlsx", Data: book}}}
		for range 100 {
			deep = &mailtest.MSG{Attachments: []mailtest.MSGAttachment{{Name: "fw", Message: deep}}}
		}
		if m := read(t, deep.Bytes(), Limits{}); refused(m) != "too-large" {
			t.Errorf("refused %v", m.Refused)
		}
	})
	t.Run("names with a path or a drive", func(t *testing.T) {
		b := (&mailtest.MSG{Attachments: []mailtest.MSGAttachment{{Name: "../../etc/cron.xlsx", Data: book}, {Name: `C:\Windows\a.xlsx`, Data: book}, {Name: "ok.xlsx", Data: book}}}).Bytes()
		m := read(t, b, Limits{})
		if g := fmt.Sprint(got(t, m, nil)); g != `[../../etc/cron.xlsx: unsafe-name C:\Windows\a.xlsx: unsafe-name ok.xlsx: ok]` {
			t.Errorf("got %s", g)
		}
	})
	t.Run("too large", func(t *testing.T) {
		if m := read(t, good, Limits{Message: 4096, Attachment: 1024, Parts: 10, Depth: 5, ZipEntries: 5}); refused(m) != "too-large" || m.SHA256 == "" {
			t.Errorf("refused %v", m.Refused)
		}
	})
	t.Run("random bytes changed", func(t *testing.T) {
		rng := rand.New(rand.NewPCG(26, 1))
		n := 1000
		if testing.Short() {
			n = 200
		}
		if s := os.Getenv("CHITIEU_MSG_MUTATIONS"); s != "" { // a longer run, by hand
			fmt.Sscan(s, &n)
		}
		for range n {
			b := bytes.Clone(good)
			for range 1 + rng.IntN(8) {
				if rng.IntN(2) == 0 {
					b[rng.IntN(len(b))] = byte(rng.IntN(256))
					continue
				}
				// A count, a sector number or a size set to what breaks readers: none, the
				// chain's end, free, the largest, one past the file, one.
				words := []uint32{0, 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0x7FFFFFFF, uint32(len(b) / 512), 1}
				at := rng.IntN(len(b)/4) * 4
				if rng.IntN(2) == 0 {
					at = rng.IntN(128/4) * 4 // the header's fields
				}
				binary.LittleEndian.PutUint32(b[at:], words[rng.IntN(len(words))])
			}
			read(t, b, Limits{}) // refused or read: returns, and cleans up what it refused
		}
	})
}

// FuzzReadMSG: whatever the bytes, reading returns (refused, or read within the limits).
func FuzzReadMSG(f *testing.F) {
	f.Add((&mailtest.MSG{Headers: "From: a@b.example\r\n", Attachments: []mailtest.MSGAttachment{{Name: "a.xlsx", Data: book}}}).Bytes())
	for _, name := range []string{"attachment_test_msg.msg", "clusterfuzz-testcase-minimized-POIHSMFFuzzer-4735011465854976.msg"} {
		if b, err := os.ReadFile(filepath.Join("testdata", "msg", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		dir := t.TempDir()
		m, err := ReadFile(saveMSG(t, "f.msg", b), dir, Limits{Message: 1 << 20, Attachment: 1 << 20, Parts: 50, Depth: 5, ZipEntries: 5})
		if err != nil {
			t.Fatal(err)
		}
		if m.Refused != nil && len(m.Attachments) != 0 {
			t.Fatal("a refused message with attachments")
		}
	})
}

// TestMSGTime: a PT_SYSTIME property reads as its instant; one no message can have been sent at
// — before 1980, past 9999, or beyond what a duration holds (it once wrapped round to 2185) — is
// no date at all.
func TestMSGTime(t *testing.T) {
	at := func(ft uint64) time.Time {
		var v propValue
		v.typ = ptSysTime
		binary.LittleEndian.PutUint64(v.value[:], ft)
		pr := &props{fixed: map[uint16]propValue{0x0039: v}}
		return pr.time(0x0039)
	}
	sent := time.Date(2025, 1, 14, 2, 30, 0, 0, time.UTC)
	ft := uint64(sent.Unix())*1e7 + 116444736000000000
	if got := at(ft); !got.Equal(sent) {
		t.Errorf("FILETIME %d reads %v, want %v", ft, got, sent)
	}
	for _, ft := range []uint64{1, 116444736000000000, 1<<63 - 1, 1 << 63, ^uint64(0)} {
		if got := at(ft); !got.IsZero() {
			t.Errorf("FILETIME %d reads %v, want no date", ft, got)
		}
	}
}

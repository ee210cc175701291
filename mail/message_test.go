package mail

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime/quotedprintable"
	"os"
	"strings"
	"testing"
)

// wrap64 is base64 in 76-character lines, as mail programs write it.
func wrap64(b []byte) string {
	s := base64.StdEncoding.EncodeToString(b)
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return out.String() + s + "\r\n"
}

func qp(b []byte) string {
	var buf bytes.Buffer
	w := quotedprintable.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.String()
}

var book = []byte("PK\x03\x04 not really a workbook, the parser does not care \xe1\xba\xa1")

const head = "From: =?UTF-8?B?UGjDsm5nIEvhur8gaG/huqFjaA==?= <KeHoach@Xa.Example>\r\n" +
	"To: office@so.example\r\nDate: Tue, 14 Apr 2026 09:30:00 +0700\r\n" +
	"Subject: =?UTF-8?Q?B=C3=A1o_c=C3=A1o_th=C3=A1ng_3?=\r\nMessage-ID: <abc.123@xa.example>\r\nMIME-Version: 1.0\r\n"

// thunderbird is a message as Thunderbird writes it: RFC 2231 names, base64.
func thunderbird(att []byte) string {
	return head + "Content-Type: multipart/mixed; boundary=\"------------b1\"\r\n\r\n" +
		"This is a multi-part message in MIME format.\r\n--------------b1\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: 8bit\r\n\r\nKính gửi Sở,\r\n\r\n" +
		"--------------b1\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;\r\n name=\"=?UTF-8?B?QsOhbyBjw6FvIHRow6FuZyAzLnhsc3g=?=\"\r\n" +
		"Content-Disposition: attachment;\r\n filename*0*=UTF-8''B%C3%A1o%20c%C3%A1o%20;\r\n filename*1*=th%C3%A1ng%203.xlsx\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
		wrap64(att) + "\r\n--------------b1--\r\n"
}

// outlook is a message as Outlook writes it: multipart/related inside multipart/mixed, RFC 2047
// names in quotes, quoted-printable.
func outlook(att []byte) string {
	return head + "Content-Type: multipart/mixed;\r\n\tboundary=\"_004_mixed_\"\r\n\r\n--_004_mixed_\r\n" +
		"Content-Type: multipart/related;\r\n\tboundary=\"_003_rel_\";\r\n\ttype=\"multipart/alternative\"\r\n\r\n--_003_rel_\r\n" +
		"Content-Type: multipart/alternative;\r\n\tboundary=\"_000_alt_\"\r\n\r\n--_000_alt_\r\nContent-Type: text/plain; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrap64([]byte("Kính gửi")) +
		"\r\n--_000_alt_\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n<p>Kính gửi</p>\r\n--_000_alt_--\r\n\r\n--_003_rel_\r\nContent-Type: image/png; name=\"image001.png\"\r\nContent-ID: <image001.png@01D>\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--_003_rel_--\r\n\r\n" +
		"--_004_mixed_\r\nContent-Type: application/vnd.ms-excel.sheet.macroEnabled.12;\r\n\tname=\"=?utf-8?B?Qmnhu4N1IDAxIC0gWMOjIMSQw7RuZyBTxqFuLnhsc20=?=\"\r\n" +
		"Content-Disposition: attachment;\r\n\tfilename=\"=?utf-8?B?Qmnhu4N1IDAxIC0gWMOjIMSQw7RuZyBTxqFuLnhsc20=?=\"; size=100\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
		qp(att) + "\r\n--_004_mixed_--\r\n"
}

func zipOf(t *testing.T, entries map[string][]byte, order ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(entries[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func attach(name string, b []byte) string {
	return "--B\r\nContent-Type: application/octet-stream; name=\"" + name + "\"\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" + wrap64(b)
}

func read(t *testing.T, msg string, lim Limits) *Message {
	t.Helper()
	m, err := Read(strings.NewReader(msg), t.TempDir(), lim)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// got lists what a message brought: each attachment's label and its refusal's code or "ok"
// with its bytes checked against want.
func got(t *testing.T, m *Message, want []byte) []string {
	t.Helper()
	var out []string
	for _, a := range m.Attachments {
		if a.Refused != nil {
			out = append(out, a.Label()+": "+a.Refused.Code)
			continue
		}
		b, err := os.ReadFile(a.Path)
		if err != nil {
			t.Fatal(err)
		}
		if want != nil && !bytes.Equal(b, want) {
			t.Errorf("%s: bytes differ (%d against %d)", a.Label(), len(b), len(want))
		}
		out = append(out, a.Label()+": ok")
	}
	return out
}

func TestReadAsMailProgramsWrite(t *testing.T) {
	fwd := head + "Content-Type: multipart/mixed; boundary=\"F\"\r\n\r\n--F\r\nContent-Type: text/plain\r\n\r\n---------- Forwarded message ---------\r\n--F\r\nContent-Type: message/rfc822; name=\"=?UTF-8?Q?B=C3=A1o_c=C3=A1o.eml?=\"\r\nContent-Disposition: attachment\r\n\r\n" +
		thunderbird(book) + "\r\n--F--\r\n"
	zipped := head + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" + attach("bao cao.zip", zipOf(t, map[string][]byte{
		"Thư mục/Biểu 02.xlsx": book, "ghi chú.txt": []byte("x"), "../../thoat.xlsx": book, `C:\Windows\win.xlsx`: book,
	}, "Thư mục/Biểu 02.xlsx", "ghi chú.txt", "../../thoat.xlsx", `C:\Windows\win.xlsx`)) + "--B--\r\n"
	for _, tc := range []struct {
		name, msg string
		want      []string
		ignored   int
	}{
		{"thunderbird rfc2231 base64", thunderbird(book), []string{"Báo cáo tháng 3.xlsx: ok"}, 0},
		{"outlook related rfc2047 quoted-printable", outlook(book), []string{"Biểu 01 - Xã Đông Sơn.xlsm: ok"}, 1},
		{"forwarded message", fwd, []string{"Báo cáo.eml › Báo cáo tháng 3.xlsx: ok"}, 0},
		{"zip", zipped, []string{"bao cao.zip › Biểu 02.xlsx: ok", "bao cao.zip › ../../thoat.xlsx: unsafe-name", `bao cao.zip › C:\Windows\win.xlsx: unsafe-name`}, 1},
		{"unsafe names", head + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" + attach("../../etc/x.xlsx", book) + attach(`D:\bao cao.xlsx`, book) + attach("tốt.xlsx", book) + attach("lpt5.tar.xlsx", book) + attach("COM7.xlsx", book) + "--B--\r\n",
			[]string{"../../etc/x.xlsx: unsafe-name", `D:\bao cao.xlsx: unsafe-name`, "tốt.xlsx: ok", "lpt5.tar.xlsx: unsafe-name", "COM7.xlsx: unsafe-name"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := read(t, tc.msg, Limits{})
			if m.Refused != nil {
				t.Fatalf("refused: %v", m.Refused)
			}
			if m.From != "kehoach@xa.example" || m.FromName != "Phòng Kế hoạch" || m.Subject != "Báo cáo tháng 3" || m.MessageID != "abc.123@xa.example" || m.Date.IsZero() {
				t.Errorf("envelope: %q %q %q %q %v", m.From, m.FromName, m.Subject, m.MessageID, m.Date)
			}
			if g := got(t, m, book); fmt.Sprint(g) != fmt.Sprint(tc.want) {
				t.Errorf("got %q\nwant %q", g, tc.want)
			}
			if len(m.Ignored) != tc.ignored {
				t.Errorf("ignored %q, want %d", m.Ignored, tc.ignored)
			}
		})
	}
}

// TestSameMessageSameKey: a message that came twice, once with more Received lines, is one
// message; without a Message-ID its bytes tell.
func TestSameMessageSameKey(t *testing.T) {
	a := read(t, thunderbird(book), Limits{})
	b := read(t, "Received: from relay by mx; Tue, 14 Apr 2026 09:31:00 +0700\r\n"+thunderbird(book), Limits{})
	if a.Key() != b.Key() || a.SHA256 == b.SHA256 {
		t.Errorf("keys %s %s, sums %s %s", a.Key(), b.Key(), a.SHA256, b.SHA256)
	}
	noID := strings.Replace(thunderbird(book), "Message-ID: <abc.123@xa.example>\r\n", "", 1)
	if c := read(t, noID, Limits{}); c.Key() != "sha256:"+c.SHA256 {
		t.Errorf("key without Message-ID: %s", c.Key())
	}
}

// repeat is a reader of n bytes of s over and over, so that a huge message costs no memory.
type repeat struct {
	s []byte
	n int64
	i int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	k := 0
	for k < len(p) && r.n > 0 {
		c := copy(p[k:min(len(p), k+int(min(r.n, int64(len(r.s)-r.i))))], r.s[r.i:])
		k += c
		r.n -= int64(c)
		r.i = (r.i + c) % len(r.s)
	}
	return k, nil
}

func TestHostileMail(t *testing.T) {
	if raceEnabled {
		t.Skip("streams 100 MB messages and a zip bomb: .ci/run runs it without the race detector")
	}
	// A zip bomb: 200 MB of zeros in a zip of a few hundred KB.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	w, _ := zw.Create("bom.xlsx")
	io.Copy(w, io.LimitReader(zeros{}, 200<<20))
	zw.Close()
	var many strings.Builder
	many.WriteString(head + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n")
	for i := range 10000 {
		many.WriteString(attach(fmt.Sprintf("b%d.xlsx", i), book))
	}
	many.WriteString("--B--\r\n")
	deep := thunderbird(book)
	for i := range 100 {
		deep = fmt.Sprintf("From: a@b.example\r\nContent-Type: multipart/mixed; boundary=\"D%d\"\r\n\r\n--D%d\r\nContent-Type: message/rfc822\r\n\r\n%s\r\n--D%d--\r\n", i, i, deep, i)
	}
	t.Run("100 MB attachment", func(t *testing.T) {
		line := []byte(strings.Repeat("QUJD", 19) + "\r\n")
		body := io.MultiReader(strings.NewReader(head+"Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: application/vnd.ms-excel; name=\"lon.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
			&repeat{s: line, n: int64(len(line)) * (100 << 20) / 57}, strings.NewReader("\r\n--B--\r\n"))
		m, err := Read(body, t.TempDir(), Limits{})
		if err != nil {
			t.Fatal(err)
		}
		if m.Refused == nil || m.Refused.Code != "too-large" || len(m.Attachments) != 0 || m.From != "kehoach@xa.example" {
			t.Fatalf("refused %v, %d attachments, from %q", m.Refused, len(m.Attachments), m.From)
		}
		// Under a message limit that lets it in, the attachment alone is refused.
		body = io.MultiReader(strings.NewReader(head+"Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: application/vnd.ms-excel; name=\"lon.xlsx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"),
			&repeat{s: line, n: int64(len(line)) * (100 << 20) / 57}, strings.NewReader("\r\n--B--\r\n"+attach("nho.xlsx", book)+"--B--\r\n"))
		m, err = Read(body, t.TempDir(), Limits{Message: 200 << 20, Attachment: 32 << 20, Parts: 10, Depth: 5, ZipEntries: 5})
		if err != nil {
			t.Fatal(err)
		}
		if g := fmt.Sprint(got(t, m, nil)); m.Refused != nil || g != "[lon.xlsx: too-large]" {
			t.Fatalf("refused %v, got %s", m.Refused, g)
		}
	})
	for _, tc := range []struct {
		name, msg string
		refused   string // the message's refusal
		want      []string
	}{
		{"10,000 attachments", many.String(), "too-large", nil},
		{"nesting 100 deep", deep, "too-large", nil},
		{"zip bomb", head + "Content-Type: multipart/mixed; boundary=\"B\"\r\n\r\n" + attach("bom.zip", bomb.Bytes()) + attach("that.xlsx", book) + "--B--\r\n", "", []string{"bom.zip › bom.xlsx: too-large", "that.xlsx: ok"}},
		{"not a message", "\x00\x01\x02garbage", "not-a-message", nil},
		{"multipart without boundary", head + "Content-Type: multipart/mixed\r\n\r\nx", "not-a-message", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m, err := Read(strings.NewReader(tc.msg), dir, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			code := ""
			if m.Refused != nil {
				code = m.Refused.Code
				if m.Refused.Detail.In("vi") == "" || len(m.Attachments) != 0 {
					t.Errorf("refusal %v with %d attachments", m.Refused, len(m.Attachments))
				}
				if left, _ := os.ReadDir(dir); len(left) != 0 {
					t.Errorf("a refused message left %d folders", len(left))
				}
			}
			if code != tc.refused {
				t.Fatalf("refused %q, want %q", code, tc.refused)
			}
			if g := got(t, m, nil); fmt.Sprint(g) != fmt.Sprint(tc.want) {
				t.Errorf("got %q, want %q", g, tc.want)
			}
		})
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestReplyTo: the answer goes to Reply-To where the message has one, else to From.
func TestReplyTo(t *testing.T) {
	m := read(t, "From: a@x.example\r\nReply-To: =?UTF-8?B?UGjDsm5nIFThu5VuZyBo4bujcA==?= <TongHop@X.example>, other@x.example\r\nSubject: s\r\n\r\nbody", Limits{})
	if m.ReplyTo != "tonghop@x.example" || m.Answer() != "tonghop@x.example" {
		t.Errorf("Reply-To %q, answer %q", m.ReplyTo, m.Answer())
	}
	m = read(t, "From: a@x.example\r\nSubject: s\r\n\r\nbody", Limits{})
	if m.ReplyTo != "" || m.Answer() != "a@x.example" {
		t.Errorf("no Reply-To: %q, answer %q", m.ReplyTo, m.Answer())
	}
}

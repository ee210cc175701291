package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/mail/mailtest"
	"chitieu/seeds"
	"chitieu/store"
)

// unitMessage is a message as a unit's mail program writes it (Thunderbird: multipart/mixed, a
// text body, each file base64 with its name in RFC 2231), from the given address.
func unitMessage(t testing.TB, from, subject, id string, files ...string) []byte {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "From: %s\r\nTo: vanphong@so.example\r\nSubject: =?UTF-8?B?%s?=\r\nDate: Tue, 14 Jan 2025 09:30:00 +0700\r\n", from, base64.StdEncoding.EncodeToString([]byte(subject)))
	if id != "" {
		fmt.Fprintf(&b, "Message-ID: <%s>\r\n", id)
	}
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"------------X1\"\r\n\r\n--------------X1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nKính gửi Sở Công Thương,\r\nĐơn vị gửi báo cáo.\r\n")
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		fmt.Fprintf(&b, "--------------X1\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\nContent-Disposition: attachment; filename*=UTF-8''%s\r\nContent-Transfer-Encoding: base64\r\n\r\n%s\r\n",
			strings.ReplaceAll(url.PathEscape(name), "+", "%2B"), wrap76(base64.StdEncoding.EncodeToString(data)))
	}
	b.WriteString("--------------X1--\r\n")
	return []byte(b.String())
}

func wrap76(s string) string {
	var out strings.Builder
	for len(s) > 76 {
		out.WriteString(s[:76] + "\r\n")
		s = s[76:]
	}
	return out.String() + s
}

// TestReceiveSavedMessages receives a folder of saved messages as a specialist saves them from
// Thunderbird: each workbook filed with its message as evidence, a stranger's message warned
// about, a dangerous name refused with a record, the same messages again recording nothing.
func TestReceiveSavedMessages(t *testing.T) {
	dir := t.TempDir()
	month := func(m int) map[string]string {
		vals := map[string]string{}
		for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
			vals[ind+"/TH"], vals[ind+"/LK"] = "100", fmt.Sprint(100*m)
		}
		return vals
	}
	feb := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 2.xlsx", "2024-02", month(2))
	mar := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 3.xlsx", "2024-03", month(3))
	inbox := filepath.Join(dir, "Thư đã lưu")
	os.MkdirAll(inbox, 0o755)
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(inbox, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("1 tháng 2.eml", unitMessage(t, "Cục Thống kê <Cuc.ThongKe@thanhhoa.example>", "Báo cáo tháng 2", "feb@thanhhoa.example", feb))
	write("2 tháng 3.eml", unitMessage(t, "someone@gmail.example", "Báo cáo tháng 3", "mar@gmail.example", mar))
	bad := strings.Replace(string(unitMessage(t, "cuc.thongke@thanhhoa.example", "Gửi lại", "", feb)), "filename*=UTF-8''", "filename*=UTF-8''..%2F..%2F", 1)
	write("3 đường dẫn.eml", []byte(bad))
	write("ghi chú.txt", []byte("not a message"))
	kho := filepath.Join(dir, "kho")

	code, out, errs := chitieu(t, "receive", "--store", kho, "--format", "json", inbox)
	if code != exitFound {
		t.Fatalf("exit %d, want %d (a refused attachment)\n%s\n%s", code, exitFound, out, errs)
	}
	var doc struct {
		Files []struct {
			File     string
			Unit     string
			Valid    bool
			New      bool
			Findings []struct{ Code, Severity, Message string }
			Message  *struct {
				From, Date, Subject string
				MessageID           string `json:"message_id"`
			}
		}
		Refused []struct{ File, Code, Reason string }
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatal(err, out)
	}
	if len(doc.Files) != 2 || len(doc.Refused) != 1 {
		t.Fatalf("%d files, %d refused:\n%s", len(doc.Files), len(doc.Refused), out)
	}
	for i, want := range []struct {
		file, from, id, date, mismatch string
	}{
		{"1 tháng 2.eml › CTK tháng 2.xlsx", "cuc.thongke@thanhhoa.example", "feb@thanhhoa.example", "2025-01-14T09:30:00+07:00", ""},
		{"2 tháng 3.eml › CTK tháng 3.xlsx", "someone@gmail.example", "mar@gmail.example", "2025-01-14T09:30:00+07:00", "sender-mismatch"},
	} {
		f := doc.Files[i]
		if !strings.HasSuffix(f.File, want.file) || !f.Valid || !f.New || f.Message == nil || f.Message.From != want.from || f.Message.MessageID != want.id || f.Message.Date != want.date || !strings.HasPrefix(f.Message.Subject, "Báo cáo tháng") {
			t.Errorf("file %d: %+v %+v", i, f, f.Message)
		}
		codes := ""
		for _, x := range f.Findings {
			if x.Code == "sender-mismatch" {
				codes = x.Code
				if x.Severity != "warning" || !strings.Contains(x.Message, "cuc.thongke@thanhhoa.example") {
					t.Errorf("%+v", x)
				}
			}
		}
		if codes != want.mismatch {
			t.Errorf("file %d: sender-mismatch %q, want %q", i, codes, want.mismatch)
		}
	}
	if r := doc.Refused[0]; !strings.HasSuffix(r.File, "3 đường dẫn.eml › ../../CTK tháng 2.xlsx") || r.Code != "unsafe-name" || !strings.Contains(r.Reason, "gửi lại") {
		t.Errorf("refused %+v", r)
	}
	for _, leak := range []string{os.TempDir() + string(filepath.Separator) + "chitieu-mail-"} {
		if strings.Contains(out, leak) {
			t.Errorf("the output names the unpacking folder %s", leak)
		}
	}
	before := dumpStore(t, kho, true)
	if strings.Contains(before, "chitieu-mail-") {
		t.Error("the store names the unpacking folder")
	}
	// The same messages again (and one of them as a second copy): nothing new.
	os.WriteFile(filepath.Join(inbox, "4 bản sao.eml"), append([]byte("Received: from mx by so.example; Tue, 14 Jan 2025 09:31:00 +0700\r\n"), unitMessage(t, "cuc.thongke@thanhhoa.example", "Báo cáo tháng 2", "feb@thanhhoa.example", feb)...), 0o644)
	// A unit's answer quoting the earlier attachment: a new message, the same file.
	quoting := strings.Replace(string(unitMessage(t, "cuc.thongke@thanhhoa.example", "Re: Báo cáo tháng 2", "re-feb@thanhhoa.example", feb)),
		"Đơn vị gửi báo cáo.", "Xin xác nhận đã nhận.\r\n> Đơn vị gửi báo cáo.", 1)
	os.WriteFile(filepath.Join(inbox, "5 trả lời.eml"), []byte(quoting), 0o644)
	code, out, errs = chitieu(t, "receive", "--store", kho, inbox)
	if code != exitFound || !strings.Contains(out, "4 đã có từ trước") {
		t.Fatalf("again: %d\n%s\n%s", code, out, errs)
	}
	if after := dumpStore(t, kho, true); after != before {
		t.Error("the same messages again changed the store's submissions")
	}
	if strings.Contains(out, "chitieu-mail-") {
		t.Errorf("the output names the unpacking folder:\n%s", out)
	}
	msgs := storedMessages(t, kho)
	if len(msgs) != 4 || msgs[2].Parts[0].Refused != "unsafe-name" || msgs[0].Parts[0].SHA256 == "" || msgs[3].MessageID != "re-feb@thanhhoa.example" || msgs[3].Parts[0].SHA256 != msgs[0].Parts[0].SHA256 {
		t.Errorf("%d messages recorded, want 4 (the copy is the same message; the answer quoting the file is one more): %+v", len(msgs), msgs)
	}
}

func storedMessages(t testing.TB, dir string) []store.Message {
	t.Helper()
	st, err := store.Open(context.Background(), dir, seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	msgs, err := st.Messages(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return msgs
}

// TestReceiveMsg receives Outlook messages saved as .msg, alone and in a folder beside the
// workbooks: each workbook attached (and in a message attached) is filed with the sender, date,
// subject and Message-ID from the message's internet headers as evidence, a sender the plan does
// not know gets the sender-mismatch warning, and the same message saved as .eml too is the same
// message: nothing new. A broken .msg is refused, named, and the rest received.
func TestReceiveMsg(t *testing.T) {
	dir := t.TempDir()
	vals := map[string]string{}
	for _, ind := range []string{"SL_DIEN", "SL_DIESEL", "SL_XANG", "SL_XIMANG", "SL_DUONG"} {
		vals[ind+"/TH"], vals[ind+"/LK"] = "100", "200"
	}
	feb := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 2.xlsx", "2024-02", vals)
	mar := fillForm(t, filepath.Join(dir, "forms"), "CTK tháng 3.xlsx", "2024-03", map[string]string{"SL_DIEN/TH": "100", "SL_DIEN/LK": "250"})
	febBytes, _ := os.ReadFile(feb)
	marBytes, _ := os.ReadFile(mar)
	headers := func(from, id string) string {
		return "Received: from mx.thanhhoa.example by so.example; Tue, 14 Jan 2025 09:31:00 +0700\r\nFrom: " + from + "\r\nTo: vanphong@so.example\r\n" +
			"Subject: =?UTF-8?B?" + base64.StdEncoding.EncodeToString([]byte("Báo cáo tháng 2")) + "?=\r\nDate: Tue, 14 Jan 2025 09:30:00 +0700\r\nMessage-ID: <" + id + ">\r\n"
	}
	inbox := filepath.Join(dir, "Outlook")
	os.MkdirAll(inbox, 0o755)
	one := &mailtest.MSG{Headers: headers("Cục Thống kê <cuc.thongke@thanhhoa.example>", "feb@thanhhoa.example"), Subject: "Báo cáo tháng 2",
		Attachments: []mailtest.MSGAttachment{{Name: "CTK tháng 2.xlsx", Data: febBytes}, {Name: "chữ ký.png", Data: []byte("\x89PNG")}}}
	fwd := &mailtest.MSG{Headers: headers("someone@gmail.example", "fw@gmail.example"), Subject: "Fw: tháng 3",
		Attachments: []mailtest.MSGAttachment{{Name: "Báo cáo tháng 3", Message: &mailtest.MSG{Subject: "tháng 3", SenderSMTP: "x@y.example",
			Attachments: []mailtest.MSGAttachment{{Name: "CTK tháng 3.xlsx", Data: marBytes}}}}}}
	os.WriteFile(filepath.Join(inbox, "1 tháng 2.msg"), one.Bytes(), 0o644)
	os.WriteFile(filepath.Join(inbox, "2 chuyển tiếp.msg"), fwd.Bytes(), 0o644)
	broken := fwd.Bytes()
	os.WriteFile(filepath.Join(inbox, "3 hỏng.msg"), broken[:len(broken)/3], 0o644)
	kho := filepath.Join(dir, "kho")

	code, out, errs := chitieu(t, "receive", "--store", kho, inbox)
	if code != exitFound || errs != "" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errs)
	}
	for _, want := range []string{
		"1 tháng 2.msg › CTK tháng 2.xlsx: 01/CT-TK · CTK · 2024-02: đã nhận",
		"2 chuyển tiếp.msg › Báo cáo tháng 3 › CTK tháng 3.xlsx: 01/CT-TK · CTK · 2024-03: bị từ chối",
		"[sender-mismatch]",
		"3 hỏng.msg: bị từ chối (not-a-message): Thư Outlook (.msg) bị hỏng",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	msgs := storedMessages(t, kho)
	if len(msgs) != 3 || msgs[0].From != "cuc.thongke@thanhhoa.example" || msgs[0].MessageID != "feb@thanhhoa.example" || msgs[0].Subject != "Báo cáo tháng 2" ||
		msgs[0].Source != "1 tháng 2.msg" || msgs[0].SentRaw != "Tue, 14 Jan 2025 09:30:00 +0700" || len(msgs[0].Parts) != 1 || msgs[0].Parts[0].SHA256 == "" ||
		msgs[1].From != "someone@gmail.example" || msgs[1].Parts[0].Name != "Báo cáo tháng 3 › CTK tháng 3.xlsx" ||
		msgs[2].Refused != "not-a-message" || msgs[2].Detail.In("en") == "" {
		t.Fatalf("messages recorded: %+v", msgs)
	}
	// The .msg alone, and the same message saved as .eml: nothing new.
	before := dumpStore(t, kho, true)
	eml := filepath.Join(dir, "tháng 2.eml")
	os.WriteFile(eml, unitMessage(t, "Cục Thống kê <cuc.thongke@thanhhoa.example>", "Báo cáo tháng 2", "feb@thanhhoa.example", feb), 0o644)
	code, out, errs = chitieu(t, "receive", "--store", kho, filepath.Join(inbox, "1 tháng 2.msg"), eml)
	if code != exitOK || !strings.Contains(out, "2 đã có từ trước") {
		t.Fatalf("again: %d\n%s\n%s", code, out, errs)
	}
	if after := dumpStore(t, kho, true); after != before {
		t.Error("the same message again changed the store")
	}
	if n := len(storedMessages(t, kho)); n != 3 {
		t.Errorf("%d messages recorded, want 3: the .eml is the .msg's message", n)
	}
}

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

package mail

import (
	"cmp"
	"fmt"
	"strings"

	"chitieu/finding"
	"chitieu/validate"
)

// Filed is a workbook a message brought, as receiving it came out: the checked file, the name
// the unit gave it, and its annotated copy ("" when it has no findings).
type Filed struct {
	Name      string
	File      *validate.File
	Annotated string
	// Again is set when the store had the file's bytes already: nothing new was recorded.
	Again bool
}

// ReplyBody is the office's answer to a message, in the unit's language (Vietnamese by
// default): for each file, valid and received, or each finding with its cell and what to do;
// then the attachments that were refused and why.
func ReplyBody(m *Message, files []Filed, office string, lang finding.Lang) string {
	tr := func(vi, en string, args ...any) string { return finding.Textf(vi, en, args...).In(lang) }
	var b strings.Builder
	b.WriteString(tr("Kính gửi %s,\n\n", "Dear %s,\n\n", cmp.Or(m.FromName, m.From)))
	sent := m.DateRaw
	if !m.Date.IsZero() {
		sent = m.Date.Format("15:04 02/01/2006")
	}
	b.WriteString(tr("%s đã nhận thư \"%s\" gửi lúc %s. Kết quả kiểm tra từng tệp:\n\n", "%s received the message \"%s\" sent at %s. The check of each file:\n\n",
		office, m.Subject, sent))
	n := 0
	for _, f := range files {
		n++
		fmt.Fprintf(&b, "%d. %s\n", n, f.Name)
		if s := f.File.Sub; s != nil && s.Identified {
			b.WriteString(tr("   Biểu %s · đơn vị %s · kỳ %s\n", "   Form %s · unit %s · period %s\n", s.Identity.Form, s.Identity.Unit, s.Identity.Period))
		}
		switch {
		case f.File.Valid():
			b.WriteString(tr("   HỢP LỆ — đã nhận vào kho.", "   VALID — received into the store."))
		default:
			b.WriteString(tr("   CHƯA HỢP LỆ — chưa được tính; tệp vẫn được lưu làm bằng chứng. Đề nghị sửa rồi gửi lại.",
				"   NOT VALID — not counted; the file is kept as evidence. Please correct it and send it again."))
		}
		if f.Again {
			b.WriteString(tr(" (Sở đã có đúng tệp này từ trước.)", " (The office already had this very file.)"))
		}
		b.WriteString("\n")
		for _, x := range f.File.Findings {
			where := x.Cell.InFile()
			sev := tr("Lỗi", "Error")
			if x.Severity == finding.Warning {
				sev = tr("Lưu ý", "Note")
			}
			if where != "" {
				fmt.Fprintf(&b, "   - %s, %s %s: %s [%s]\n", sev, tr("ô", "cell"), where, x.Detail.In(lang), x.Code)
			} else {
				fmt.Fprintf(&b, "   - %s: %s [%s]\n", sev, x.Detail.In(lang), x.Code)
			}
		}
		if f.Annotated != "" {
			b.WriteString(tr("   Bản kiểm tra có đánh dấu từng ô được đính kèm thư này.\n", "   The annotated copy, each cell marked, is attached.\n"))
		}
		b.WriteString("\n")
	}
	for _, a := range m.Attachments {
		if a.Refused == nil {
			continue
		}
		n++
		fmt.Fprintf(&b, "%d. %s\n   %s [%s]\n\n", n, a.Label(), tr("KHÔNG NHẬN", "NOT TAKEN")+" — "+a.Refused.Detail.In(lang), a.Refused.Code)
	}
	if m.Refused != nil {
		fmt.Fprintf(&b, "%s [%s]\n\n", m.Refused.Detail.In(lang), m.Refused.Code)
	}
	if n == 0 && m.Refused == nil {
		b.WriteString(tr("Thư không có tệp bảng tính (.xlsx) đính kèm. Đề nghị đính kèm biểu báo cáo rồi gửi lại.\n\n",
			"The message has no workbook (.xlsx) attached. Please attach the report form and send it again.\n\n"))
	}
	b.WriteString(tr("Thư này do chương trình chitieu gửi tự động; xin đừng trả lời thư này nếu không có gì cần trao đổi.\n%s\n",
		"This message was sent by chitieu; no need to answer it unless something needs discussing.\n%s\n", office))
	return b.String()
}

// ReplySubject is the subject of the answer to a message.
func ReplySubject(m *Message, lang finding.Lang) string {
	s := m.Subject
	if !strings.HasPrefix(strings.ToLower(s), "re:") {
		s = "Re: " + s
	}
	return s + finding.Text{VI: " — kết quả kiểm tra", EN: " — check result"}.In(lang)
}

package mail

import (
	"archive/zip"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"

	"chitieu/finding"
)

// unzip takes the workbooks inside a .zip attachment a, each as an attachment found "within" the
// zip. Entries are bounded in number, each by the attachment limit and all by the message's
// budget, whatever the zip's directory claims (a zip bomb is refused as too-large); an entry
// whose name is a path out of the folder or a drive is refused; folders inside the zip are
// flattened to the entry's base name; other files and zips inside the zip are listed as ignored.
func (rd *reader) unzip(m *Message, a Attachment) error {
	within := join(a.Within, a.Name)
	zr, err := zip.OpenReader(a.Path)
	if err != nil {
		m.Attachments = append(m.Attachments, Attachment{Name: a.Name, Within: a.Within, Size: a.Size, SHA256: a.SHA256, Refused: &Refusal{"not-a-workbook",
			finding.Textf("Tệp nén %s không mở được (%v). Đề nghị đơn vị gửi thẳng tệp báo cáo, không nén.",
				"The zip file %s cannot be opened (%v). Ask the unit to attach the report itself, not zipped.", a.Name, err)}})
		return nil
	}
	defer zr.Close()
	seen := 0
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		seen++
		if seen > rd.lim.ZipEntries {
			m.Attachments = append(m.Attachments, Attachment{Name: a.Name, Within: a.Within, Refused: &Refusal{"too-large",
				finding.Textf("Tệp nén %s có hơn %d tệp; chỉ %d tệp đầu được xem. Đề nghị đơn vị gửi riêng các tệp còn lại.",
					"The zip file %s holds more than %d files; only the first %d were looked at. Ask the unit to send the others separately.", a.Name, rd.lim.ZipEntries, rd.lim.ZipEntries)}})
			break
		}
		name := zipName(f)
		base := path.Base(strings.ReplaceAll(name, `\`, "/"))
		if !Workbook(base) || strings.EqualFold(path.Ext(base), ".zip") {
			m.Ignored = append(m.Ignored, join(within, name))
			continue
		}
		if why := zipUnsafe(name); why != "" {
			m.Attachments = append(m.Attachments, Attachment{Name: name, Within: within, Refused: &Refusal{"unsafe-name",
				finding.Textf("Tệp %q trong tệp nén có tên không dùng được (%s), không nhận. Đề nghị đơn vị nén lại chỉ với tên tệp, rồi gửi lại.",
					"File %q in the zip has a name that cannot be used (%s); it was not taken. Ask the unit to zip the plain file again and send it.", name, why)}})
			continue
		}
		if f.UncompressedSize64 > uint64(rd.lim.Attachment) {
			m.Attachments = append(m.Attachments, Attachment{Name: base, Within: within, Size: int64(min(f.UncompressedSize64, 1<<62)), Refused: tooLarge(base, int64(min(f.UncompressedSize64, 1<<62)), rd.lim.Attachment)})
			continue
		}
		rc, err := f.Open()
		if err != nil {
			m.Attachments = append(m.Attachments, Attachment{Name: base, Within: within, Refused: &Refusal{"not-a-workbook",
				finding.Textf("Tệp %s trong tệp nén không giải nén được (%v).", "File %s in the zip cannot be unzipped (%v).", base, err)}})
			continue
		}
		x, err := rd.write(base, within, rc)
		rc.Close()
		if err != nil {
			return err
		}
		if x.Refused != nil && x.Refused.Code == "not-a-message" {
			x.Refused = &Refusal{"not-a-workbook", finding.Textf("Tệp %s trong tệp nén bị hỏng.", "File %s in the zip is damaged.", base)}
		}
		m.Attachments = append(m.Attachments, x)
	}
	return nil
}

// zipName is an entry's name: UTF-8 where the zip says so or it reads as UTF-8, else the DOS
// code page Windows' own zipper writes.
func zipName(f *zip.File) string {
	name := f.Name
	if !f.NonUTF8 || utf8.ValidString(name) {
		return norm.NFC.String(name)
	}
	if d, err := charmap.CodePage437.NewDecoder().String(name); err == nil {
		return d
	}
	return name
}

// zipUnsafe says why an entry's name would lead out of a folder, "" when it cannot: an absolute
// path, a drive, "..".
func zipUnsafe(name string) string {
	n := strings.ReplaceAll(name, `\`, "/")
	switch {
	case strings.HasPrefix(n, "/"):
		return "đường dẫn tuyệt đối"
	case len(n) >= 2 && n[1] == ':':
		return "ổ đĩa"
	}
	for _, part := range strings.Split(n, "/") {
		if part == ".." {
			return "đường dẫn ra ngoài thư mục (../)"
		}
	}
	return unsafe(path.Base(n))
}

package xlsx

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// XMLSafe is the one escaper every string chitieu writes into a workbook goes through: a
// character XML 1.0 forbids (the control characters other than tab, line feed and carriage
// return; U+FFFE, U+FFFF) becomes its OOXML escape _xHHHH_, which Excel reads back as the
// character and every XML parser accepts; a byte that is not UTF-8 is dropped. A cell that
// held "1_x0001_0" is read as "1\x010" and is written back as it came, not as a raw U+0001
// that makes the file damaged for Excel and unopenable for openpyxl.
func XMLSafe(s string) string {
	if xmlClean(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			// not UTF-8: dropped
		case forbidden(r) && r < 0x10000:
			fmt.Fprintf(&b, "_x%04X_", r)
		case forbidden(r):
			// outside the BMP and forbidden: none is
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// forbidden reports whether XML 1.0 has no place for r.
func forbidden(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return r > 0x10FFFF
}

func xmlClean(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x80 {
			return !strings.ContainsFunc(s, func(r rune) bool { return forbidden(r) || r == utf8.RuneError })
		}
	}
	return true
}

// coreXML writes docProps/core.xml as Excel does, every element with its namespace's prefix:
// excelize writes <lastModifiedBy> in the default namespace, which is correct XML but which
// ExcelJS, matching prefixes, refuses ("Unexpected xml node in parseOpen").
func coreXML(p coreProps) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
	b.WriteString(`<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">`)
	el := func(name, v string) {
		if v != "" {
			b.WriteString("<" + name + ">" + escaped(v) + "</" + name + ">")
		}
	}
	el("dc:title", p.Title)
	el("dc:subject", p.Subject)
	el("dc:creator", p.Creator)
	el("cp:keywords", p.Keywords)
	el("dc:description", p.Description)
	el("cp:lastModifiedBy", p.LastModifiedBy)
	el("cp:category", p.Category)
	el("cp:contentStatus", p.ContentStatus)
	el("dc:identifier", p.Identifier)
	el("dc:language", p.Language)
	el("cp:revision", p.Revision)
	el("cp:version", p.Version)
	for _, d := range []struct{ name, v string }{{"dcterms:created", p.Created}, {"dcterms:modified", p.Modified}} {
		v := d.v
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			v = t.UTC().Format("2006-01-02T15:04:05Z")
		}
		if v != "" {
			b.WriteString("<" + d.name + ` xsi:type="dcterms:W3CDTF">` + escaped(v) + "</" + d.name + ">")
		}
	}
	b.WriteString(`</cp:coreProperties>`)
	return []byte(b.String())
}

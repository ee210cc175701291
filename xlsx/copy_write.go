package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// Writing the annotated copy: the kept parts in name order, rewritten where marks go, with their relationships and content types.

// write writes the copy: content types, the rewritten workbook, sheets, styles and
// relationships, the added parts, and every other part kept, in name order.
func (c *copier) write(w io.Writer) error {
	book, err := c.planBook()
	if err != nil {
		return err
	}
	zw := zip.NewWriter(w)
	type entry struct {
		name  string
		write func(io.Writer) error
	}
	var entries []entry
	add := func(name string, write func(io.Writer) error) { entries = append(entries, entry{name, write}) }
	for _, key := range c.order {
		p := c.parts[key]
		switch {
		case key == c.book:
			add(p.name, func(w io.Writer) error { return c.writeBook(w, book) })
		case key == book.styles:
			add(p.name, func(w io.Writer) error { return c.writeStyles(w, key, book.st) })
		case book.dropped[key]:
			continue
		case book.marked[key] != nil:
			s := book.marked[key]
			add(p.name, func(w io.Writer) error { return c.writeMarkedSheet(w, p, s, book.st) })
		case p.ctype == typeCore:
			add(p.name, func(w io.Writer) error { return c.writeCore(w, p) })
		case isXML(p.ctype):
			add(p.name, func(w io.Writer) error { return c.rewrite(w, p) })
		default:
			add(p.name, func(w io.Writer) error { return copyRaw(w, p.zf) })
		}
		if rels := book.relsOf(key, p.rels); len(rels) > 0 {
			add(relsOf(p.name), func(w io.Writer) error { return c.writeRels(w, p.name, rels) })
		}
	}
	for _, extra := range book.added {
		add(extra.name, extra.write)
	}
	add("_rels/.rels", func(w io.Writer) error { return c.writeRels(w, "", c.root) })
	slices.SortFunc(entries, func(a, b entry) int { return strings.Compare(a.name, b.name) })
	ct := entry{"[Content_Types].xml", func(w io.Writer) error { return c.writeContentTypes(w, book) }}
	for _, e := range append([]entry{ct}, entries...) {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if err := e.write(fw); err != nil {
			return fmt.Errorf("%s: %w", e.name, err)
		}
		if err := c.budget.check(); err != nil {
			return err
		}
	}
	return zw.Close()
}

// relativeTarget is the target of a relationship from the part from to the part to, relative to
// from's folder.
func relativeTarget(from, to string) string {
	if from == "" {
		return to
	}
	dir := strings.Split(path.Dir(from), "/")
	if dir[0] == "." {
		dir = nil
	}
	target := strings.Split(to, "/")
	i := 0
	for i < len(dir) && i < len(target)-1 && dir[i] == target[i] {
		i++
	}
	return strings.Repeat("../", len(dir)-i) + strings.Join(target[i:], "/")
}

func copyRaw(w io.Writer, zf *zip.File) error {
	r, err := zf.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	_, err = io.Copy(w, r)
	return err
}

// rewrite writes an XML part again through the decoder: well-formed, UTF-8, colours valid, no
// sheet selected but the annex.
func (c *copier) rewrite(w io.Writer, p *pkgPart) error {
	x := newXMLOut(w)
	x.decl()
	err := c.each(p.zf, c.partLimit(), func(ts *tokens, tok xml.Token) error {
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "sheetView" {
			tok = withoutAttr(se, "tabSelected")
		}
		x.token(tok)
		return nil
	})
	if err != nil {
		return err
	}
	return x.close()
}

func withoutAttr(se xml.StartElement, local string) xml.StartElement {
	out := se
	out.Attr = nil
	for _, a := range se.Attr {
		if !(a.Name.Local == local && a.Name.Space == "") {
			out.Attr = append(out.Attr, a)
		}
	}
	return out
}

func withAttr(se xml.StartElement, local, value string) xml.StartElement {
	out := withoutAttr(se, local)
	out.Attr = append(out.Attr, xml.Attr{Name: xml.Name{Local: local}, Value: value})
	return out
}

// writeRels writes the relationships part of the part from (its name as written, "" for the
// package): targets are the parts' names as written, relative as Excel writes them, so that
// programs that match names exactly (LibreOffice, openpyxl) find what Excel finds
// case-insensitively, and those that mishandle absolute targets (excelize) find them too.
func (c *copier) writeRels(w io.Writer, from string, rels []rel) error {
	x := newXMLOut(w)
	x.decl()
	x.raw(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for _, r := range rels {
		target := r.target
		if r.mode != "External" {
			name := r.part
			if p := c.parts[r.part]; p != nil {
				name = p.name
			}
			target = relativeTarget(from, name)
		}
		x.raw(`<Relationship Id="` + escaped(r.id) + `" Type="` + escaped(r.typ) + `" Target="` + escaped(target) + `"`)
		if r.mode != "" {
			x.raw(` TargetMode="` + escaped(r.mode) + `"`)
		}
		x.raw(`/>`)
	}
	x.raw(`</Relationships>`)
	return x.close()
}

func (c *copier) writeContentTypes(w io.Writer, book *bookPlan) error {
	x := newXMLOut(w)
	x.decl()
	x.raw(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	x.raw(`<Default Extension="rels" ContentType="` + typeRels + `"/><Default Extension="xml" ContentType="application/xml"/>`)
	type over struct{ name, ctype string }
	var overs []over
	for _, key := range c.order {
		if p := c.parts[key]; !book.dropped[key] && p.ctype != "" {
			overs = append(overs, over{p.name, p.ctype})
		}
	}
	for _, a := range book.added {
		overs = append(overs, over{a.name, a.ctype})
	}
	slices.SortFunc(overs, func(a, b over) int { return strings.Compare(a.name, b.name) })
	for _, o := range overs {
		x.raw(`<Override PartName="/` + escaped(o.name) + `" ContentType="` + escaped(o.ctype) + `"/>`)
	}
	x.raw(`</Types>`)
	return x.close()
}

// typeCore is the content type of docProps/core.xml.
const typeCore = "application/vnd.openxmlformats-package.core-properties+xml"

// writeCore writes the core properties again with every element prefixed (coreXML): a form
// made by an earlier chitieu, or saved by a program that writes <lastModifiedBy> in the default
// namespace, would otherwise give an annotated copy that ExcelJS refuses. Properties that do
// not read as core properties are copied as they are.
func (c *copier) writeCore(w io.Writer, p *pkgPart) error {
	r, err := p.zf.Open()
	if err != nil {
		return err
	}
	var core struct { // excelize.DocProperties's fields, in its order
		Category       string `xml:"category"`
		ContentStatus  string `xml:"contentStatus"`
		Created        string `xml:"created"`
		Creator        string `xml:"creator"`
		Description    string `xml:"description"`
		Identifier     string `xml:"identifier"`
		Keywords       string `xml:"keywords"`
		LastModifiedBy string `xml:"lastModifiedBy"`
		Modified       string `xml:"modified"`
		Revision       string `xml:"revision"`
		Subject        string `xml:"subject"`
		Title          string `xml:"title"`
		Language       string `xml:"language"`
		Version        string `xml:"version"`
	}
	err = xml.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&core)
	r.Close()
	if err != nil {
		return c.rewrite(w, p)
	}
	_, err = w.Write(coreXML(coreProps(core)))
	return err
}

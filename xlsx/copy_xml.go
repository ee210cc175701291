package xlsx

import (
	"bufio"
	"encoding/xml"
	"io"
	"strings"
)

// Writing XML token by token, for the annotated copy: every XML part of a copy is read by the
// same decoder as the reader's (tokens) and written again by xmlOut, so that what comes out is
// well-formed UTF-8 with no document type declaration (no entity of a billion laughs survives)
// and no colour an application refuses.

// xmlOut writes tokens as XML. An element started is written as <e/> if it ends at once.
type xmlOut struct {
	w       *bufio.Writer
	pending *xml.StartElement // started, its ">" not yet written
}

func newXMLOut(w io.Writer) *xmlOut { return &xmlOut{w: bufio.NewWriterSize(w, 64<<10)} }

func (x *xmlOut) flushStart() {
	if x.pending != nil {
		x.w.WriteByte('>')
		x.pending = nil
	}
}

// decl writes the XML declaration every part begins with: the part is UTF-8 whatever it was.
func (x *xmlOut) decl() {
	x.w.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n")
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// start writes a start element, its colours made valid.
func (x *xmlOut) start(se xml.StartElement) {
	x.flushStart()
	x.w.WriteByte('<')
	x.w.WriteString(qname(se.Name))
	for _, a := range se.Attr {
		v := a.Value
		if a.Name.Local == "rgb" && a.Name.Space == "" {
			v = validARGB(v, se.Name.Local)
		}
		x.w.WriteByte(' ')
		x.w.WriteString(qname(a.Name))
		x.w.WriteString(`="`)
		escapeAttr(x.w, v)
		x.w.WriteByte('"')
	}
	se = se.Copy()
	x.pending = &se
}

// end writes an end element, or closes the element just started as <e/>.
func (x *xmlOut) end(name xml.Name) {
	if x.pending != nil {
		x.w.WriteString("/>")
		x.pending = nil
		return
	}
	x.w.WriteString("</")
	x.w.WriteString(qname(name))
	x.w.WriteByte('>')
}

// empty writes an element with attributes and no content.
func (x *xmlOut) empty(name xml.Name, attrs ...xml.Attr) {
	x.start(xml.StartElement{Name: name, Attr: attrs})
	x.end(name)
}

// text writes character data.
func (x *xmlOut) text(s []byte) {
	x.flushStart()
	escapeText(x.w, s)
}

// raw writes markup made by the caller.
func (x *xmlOut) raw(s string) {
	x.flushStart()
	x.w.WriteString(s)
}

// token writes a token read: elements, text, comments; processing instructions other than the
// XML declaration; never a document type declaration.
func (x *xmlOut) token(tok xml.Token) {
	switch t := tok.(type) {
	case xml.StartElement:
		x.start(t)
	case xml.EndElement:
		x.end(t.Name)
	case xml.CharData:
		x.text(t)
	case xml.Comment:
		x.flushStart()
		x.w.WriteString("<!--")
		x.w.WriteString(strings.ReplaceAll(string(t), "--", "- -"))
		x.w.WriteString("-->")
	case xml.ProcInst:
		if t.Target != "xml" {
			x.flushStart()
			x.w.WriteString("<?" + t.Target + " " + string(t.Inst) + "?>")
		}
	}
}

func (x *xmlOut) close() error {
	x.flushStart()
	return x.w.Flush()
}

func escapeText(w *bufio.Writer, s []byte) {
	if !xmlClean(string(s)) {
		s = []byte(XMLSafe(string(s)))
	}
	last := 0
	for i, c := range s {
		var esc string
		switch c {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '\r':
			esc = "&#xD;"
		default:
			continue
		}
		w.Write(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.Write(s[last:])
}

func escapeAttr(w *bufio.Writer, s string) {
	s = XMLSafe(s)
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '"':
			esc = "&quot;"
		case '\t':
			esc = "&#x9;"
		case '\n':
			esc = "&#xA;"
		case '\r':
			esc = "&#xD;"
		default:
			continue
		}
		w.WriteString(s[last:i])
		w.WriteString(esc)
		last = i + 1
	}
	w.WriteString(s[last:])
}

// escaped is s escaped for an attribute or text.
func escaped(s string) string {
	var b strings.Builder
	bw := bufio.NewWriter(&b)
	escapeAttr(bw, s)
	bw.Flush()
	return b.String()
}

// validARGB returns an rgb attribute's value as the eight hexadecimal digits of an ARGB colour:
// six digits get an opaque alpha; anything else (FF00000000, FF) — which openpyxl refuses to
// open and other programs read each their own way — becomes white for a cell's fill, where it
// shows as no fill, and black elsewhere, where black is the default.
func validARGB(v, elem string) string {
	hex := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if c := s[i] | 0x20; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
				return false
			}
		}
		return true
	}
	switch {
	case len(v) == 8 && hex(v):
		return strings.ToUpper(v)
	case len(v) == 6 && hex(v):
		return "FF" + strings.ToUpper(v)
	case elem == "fgColor" || elem == "bgColor":
		return "FFFFFFFF"
	}
	return "FF000000"
}

package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The sheets of an annotated copy: a marked sheet gets its cells' formats with the fill, a
// comments part and its drawing in place of the ones it had (their comments merged in), and the
// annex is written from scratch.

// sheetMark is a mark in its sheet, with the cell format it has and gets.
type sheetMark struct {
	Mark
	style, xf int
	done      bool
}

type markedSheet struct {
	marks  []*sheetMark          // in row and column order
	at     map[[2]int]*sheetMark // by row and column
	legacy string                // the relationship id of the sheet's comments drawing, "" if none
	relID  string                // the relationship id of the new drawing
	prefix string                // the relationships namespace's prefix on the sheet's root
}

// comment is a comment of a sheet, as the copy writes it.
type comment struct {
	row, col     int
	author, text string
}

// planMarked reads a marked sheet for what the copy needs before writing it: the cell format
// of each marked cell, the comments it has and its comments drawing, and adds the new comments
// and drawing.
func (c *copier) planMarked(b *bookPlan, key string, marks []Mark, inUse func(string) bool) (*markedSheet, error) {
	ms := &markedSheet{at: map[[2]int]*sheetMark{}}
	for _, m := range marks {
		if m.Row < 1 || m.Col < 1 || m.Row > maxRows || m.Col > maxCols {
			continue
		}
		k := [2]int{m.Row, m.Col}
		if prev := ms.at[k]; prev != nil {
			prev.Comment += "\n" + m.Comment
			continue
		}
		sm := &sheetMark{Mark: m}
		ms.at[k] = sm
		ms.marks = append(ms.marks, sm)
	}
	slices.SortFunc(ms.marks, func(a, b *sheetMark) int { return cmpRowCol(a.Row, a.Col, b.Row, b.Col) })
	p := c.parts[key]
	var row, col int
	err := c.each(p.zf, c.partLimit(), func(ts *tokens, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "worksheet":
			ms.prefix = nsPrefix(se, relNS)
		case "row":
			row++
			if r, err := strconv.Atoi(attr(se, "r")); err == nil {
				row = r
			}
			col = 0
		case "c":
			col++
			if r, cc, ok := parseRef(attr(se, "r")); ok {
				row, col = r, cc
			}
			if m := ms.at[[2]int{row, col}]; m != nil {
				m.style, _ = strconv.Atoi(attr(se, "s"))
			}
		case "legacyDrawing":
			if len(ts.open) == 2 {
				ms.legacy = relID(se)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// The comments it had: kept, but those of an earlier copy (the same author), which the new
	// ones replace; their parts and the drawing showing them are left out.
	var kept []comment
	for _, r := range p.rels {
		switch {
		case r.kind() == "comments":
			old, err := c.readComments(c.parts[r.part])
			if err != nil && c.budget.check() != nil {
				return nil, err
			}
			for _, cm := range old {
				if cm.author != c.a.Author {
					kept = append(kept, cm)
				}
			}
			b.dropRel(key, r.id)
			b.dropped[r.part] = true
		case r.id == ms.legacy && r.kind() == "vmlDrawing":
			b.dropRel(key, r.id)
			b.dropped[r.part] = true
		}
	}
	var all []comment
	for _, m := range ms.marks {
		text := m.Comment
		if i := slices.IndexFunc(kept, func(k comment) bool { return k.row == m.Row && k.col == m.Col }); i >= 0 {
			text += "\n\n" + strings.TrimSpace(kept[i].author+": "+kept[i].text)
			kept = slices.Delete(kept, i, i+1)
		}
		all = append(all, comment{m.Row, m.Col, c.a.Author, text})
	}
	for _, k := range kept {
		all = append(all, comment{k.row, k.col, k.author, k.text})
	}
	slices.SortFunc(all, func(a, b comment) int { return cmpRowCol(a.row, a.col, b.row, b.col) })
	commentsName := c.freeName("xl/comments%d.xml", inUse)
	b.added = append(b.added, addedPart{commentsName, typeComments, func(w io.Writer) error { return writeComments(w, all) }})
	vmlName := c.freeName("xl/drawings/vmlDrawing%d.vml", inUse)
	block := len(b.marked) + 1
	b.added = append(b.added, addedPart{vmlName, typeVML, func(w io.Writer) error { return writeNotes(w, all, block) }})
	ms.relID = freeID(p.rels, "rIdChitieuVml")
	b.extraRels[key] = append(b.extraRels[key],
		rel{id: freeID(p.rels, "rIdChitieuComments"), typ: relComments, part: commentsName},
		rel{id: ms.relID, typ: relVML, part: vmlName})
	return ms, nil
}

func cmpRowCol(r1, c1, r2, c2 int) int {
	if r1 != r2 {
		return r1 - r2
	}
	return c1 - c2
}

// maxComments bounds the comments read from a sheet's comments part.
const maxComments = 65536

// readComments reads a comments part: each comment's cell, author and text.
func (c *copier) readComments(p *pkgPart) ([]comment, error) {
	if p == nil {
		return nil, nil
	}
	var (
		authors []string
		out     []comment
	)
	err := c.each(p.zf, maxStylePart, func(ts *tokens, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "author":
			s, err := text(ts)
			if err != nil {
				return err
			}
			authors = append(authors, s)
		case "comment":
			if len(out) >= maxComments {
				return &OpenError{TooLarge, DetailPart}
			}
			r, col, ok := parseRef(attr(se, "ref"))
			if !ok {
				return nil
			}
			author := ""
			if i, err := strconv.Atoi(attr(se, "authorId")); err == nil && i >= 0 && i < len(authors) {
				author = authors[i]
			}
			out = append(out, comment{row: r, col: col, author: author})
		case "text":
			s, err := stringItem(ts)
			if err != nil {
				return err
			}
			if len(out) > 0 {
				out[len(out)-1].text = s
			}
		}
		return nil
	})
	return out, err
}

// writeComments writes a comments part.
func writeComments(w io.Writer, all []comment) error {
	x := newXMLOut(w)
	x.decl()
	x.raw(`<comments xmlns="` + mainNS + `"><authors>`)
	var authors []string
	for _, cm := range all {
		if !slices.Contains(authors, cm.author) {
			authors = append(authors, cm.author)
		}
	}
	for _, a := range authors {
		x.raw("<author>" + escaped(a) + "</author>")
	}
	x.raw("</authors><commentList>")
	for _, cm := range all {
		x.raw(fmt.Sprintf(`<comment ref="%s" authorId="%d"><text><r><rPr><sz val="10"/><rFont val="Tahoma"/><family val="2"/></rPr><t xml:space="preserve">%s</t></r></text></comment>`,
			Cell(cm.row, cm.col), slices.Index(authors, cm.author), escaped(clipRunes(cm.text, maxCellText))))
	}
	x.raw("</commentList></comments>")
	return x.close()
}

// maxCellText is the most characters a cell or a comment holds.
const maxCellText = 32767

func clipRunes(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// writeNotes writes the drawing that shows comments (legacy VML, which Excel still requires):
// one hidden note per comment, numbered in its own block of shape ids.
func writeNotes(w io.Writer, all []comment, block int) error {
	x := newXMLOut(w)
	blocks := []string{}
	for i := 0; i <= len(all)/1024; i++ {
		blocks = append(blocks, strconv.Itoa(block*64+i))
	}
	x.raw(`<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">`)
	x.raw(`<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="` + strings.Join(blocks, ",") + `"/></o:shapelayout>`)
	x.raw(`<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>`)
	first := (block * 64) * 1024
	for i, cm := range all {
		r, c := cm.row-1, cm.col-1
		x.raw(fmt.Sprintf(`<v:shape id="_x0000_s%d" type="#_x0000_t202" style="position:absolute;margin-left:80pt;margin-top:2pt;width:240pt;height:110pt;z-index:%d;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto">`, first+i+1, i+1))
		x.raw(`<v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox>`)
		x.raw(fmt.Sprintf(`<x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>%d, 15, %d, 2, %d, 15, %d, 16</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>%d</x:Row><x:Column>%d</x:Column></x:ClientData></v:shape>`,
			c+1, max(r-1, 0), c+4, max(r-1, 0)+6, r, c))
	}
	x.raw(`</xml>`)
	return x.close()
}

// writeMarkedSheet writes a marked sheet: each marked cell with its format and the fill (a cell
// or a row the sheet lacks is added), the new comments drawing referred to, no tab selected.
func (c *copier) writeMarkedSheet(w io.Writer, p *pkgPart, ms *markedSheet, st *stylePlan) error {
	x := newXMLOut(w)
	x.decl()
	var (
		row, col  int
		inData    bool
		prefix    string // the main namespace's prefix
		rowMarks  []*sheetMark
		next      int // the next mark not yet written, in order
		wroteDraw bool
		skipping  bool // inside the sheet's own legacyDrawing, which the new one replaces
	)
	el := func(local string) xml.Name { return xml.Name{Space: prefix, Local: local} }
	cellOf := func(m *sheetMark) {
		x.empty(el("c"), xml.Attr{Name: xml.Name{Local: "r"}, Value: Cell(m.Row, m.Col)}, xml.Attr{Name: xml.Name{Local: "s"}, Value: strconv.Itoa(m.xf)})
		m.done = true
	}
	// rowsBefore writes the rows of the marks before row r that the sheet lacks.
	rowsBefore := func(r int) {
		for next < len(ms.marks) && ms.marks[next].Row < r {
			m := ms.marks[next]
			if !m.done {
				x.start(xml.StartElement{Name: el("row"), Attr: []xml.Attr{{Name: xml.Name{Local: "r"}, Value: strconv.Itoa(m.Row)}}})
				for next < len(ms.marks) && ms.marks[next].Row == m.Row {
					if !ms.marks[next].done {
						cellOf(ms.marks[next])
					}
					next++
				}
				x.end(el("row"))
				continue
			}
			next++
		}
	}
	drawing := func() {
		rp, decl := ms.prefix, []xml.Attr(nil)
		if rp == "" {
			rp = "rchitieu"
			decl = []xml.Attr{{Name: xml.Name{Space: "xmlns", Local: rp}, Value: relNS}}
		}
		x.empty(el("legacyDrawing"), append(decl, xml.Attr{Name: xml.Name{Space: rp, Local: "id"}, Value: ms.relID})...)
		wroteDraw = true
	}
	// Elements the comments drawing comes before (CT_Worksheet's order).
	afterDrawing := map[string]bool{"legacyDrawingHF": true, "drawingHF": true, "picture": true, "oleObjects": true, "controls": true,
		"webPublishItems": true, "tableParts": true, "extLst": true}
	err := c.each(p.zf, c.partLimit(), func(ts *tokens, tok xml.Token) error {
		depth := len(ts.open)
		if skipping {
			if ee, ok := tok.(xml.EndElement); ok && depth == 1 && ee.Name.Local == "legacyDrawing" {
				skipping = false
			}
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case depth == 1:
				prefix = t.Name.Space
			case depth == 2 && t.Name.Local == "legacyDrawing":
				if !wroteDraw {
					drawing()
				}
				skipping = true
				return nil
			case depth == 2 && !wroteDraw && afterDrawing[t.Name.Local]:
				drawing()
			}
			switch t.Name.Local {
			case "sheetData":
				inData = true
			case "sheetView":
				t = withoutAttr(t, "tabSelected")
			case "row":
				if !inData {
					break
				}
				row++
				if r, err := strconv.Atoi(attr(t, "r")); err == nil {
					row = r
				}
				col = 0
				rowsBefore(row)
				rowMarks = rowMarks[:0]
				for _, m := range ms.marks {
					if m.Row == row && !m.done {
						rowMarks = append(rowMarks, m)
					}
				}
			case "c":
				if !inData {
					break
				}
				col++
				if r, cc, ok := parseRef(attr(t, "r")); ok {
					row, col = r, cc
				}
				for _, m := range rowMarks {
					if !m.done && m.Col < col {
						cellOf(m)
					}
				}
				if m := ms.at[[2]int{row, col}]; m != nil && !m.done {
					t = withAttr(t, "s", strconv.Itoa(m.xf))
					m.done = true
				}
			}
			x.start(t)
			return nil
		case xml.EndElement:
			switch {
			case t.Name.Local == "row" && inData:
				for _, m := range rowMarks {
					if !m.done {
						cellOf(m)
					}
				}
			case t.Name.Local == "sheetData":
				inData = false
				rowsBefore(maxRows + 1)
			case depth == 0 && !wroteDraw:
				drawing()
			}
		}
		x.token(tok)
		return nil
	})
	if err != nil {
		return err
	}
	return x.close()
}

// writeAnnex writes the annex sheet: inline strings (the shared strings stay as they were),
// widths, the frozen rows, links to cells, A4 landscape one page wide.
func writeAnnex(w io.Writer, a *AnnexSheet, styles [][]int) error {
	x := newXMLOut(w)
	x.decl()
	x.raw(`<worksheet xmlns="` + mainNS + `" xmlns:r="` + relNS + `">`)
	x.raw(`<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`)
	x.raw(`<sheetViews><sheetView tabSelected="1" workbookViewId="0">`)
	if a.Freeze > 1 {
		top := Cell(a.Freeze, 1)
		x.raw(fmt.Sprintf(`<pane ySplit="%d" topLeftCell="%s" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="%s" sqref="%s"/>`, a.Freeze-1, top, top, top))
	}
	x.raw(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(a.Widths) > 0 {
		x.raw("<cols>")
		for i, wd := range a.Widths {
			x.raw(fmt.Sprintf(`<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(wd, 'f', -1, 64)))
		}
		x.raw("</cols>")
	}
	x.raw("<sheetData>")
	type link struct{ ref, place, text string }
	var links []link
	for i, r := range a.Rows {
		if len(r.Cells) == 0 && r.Height == 0 {
			continue
		}
		attrs := fmt.Sprintf(` r="%d"`, i+1)
		if r.Height > 0 {
			attrs += fmt.Sprintf(` ht="%s" customHeight="1"`, strconv.FormatFloat(min(r.Height, MaxRowHeight), 'f', -1, 64))
		}
		x.raw("<row" + attrs + ">")
		for j, cell := range r.Cells {
			ref := Cell(i+1, j+1)
			switch {
			case cell.Number != "" && IsNumber(cell.Number):
				x.raw(fmt.Sprintf(`<c r="%s" s="%d"><v>%s</v></c>`, ref, styles[i][j], strings.TrimSpace(cell.Number)))
			case cell.Text != "":
				x.raw(fmt.Sprintf(`<c r="%s" s="%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>`, ref, styles[i][j], escaped(clipRunes(cell.Text, maxCellText))))
			default:
				x.raw(fmt.Sprintf(`<c r="%s" s="%d"/>`, ref, styles[i][j]))
			}
			if cell.Link != "" {
				links = append(links, link{ref, cell.Link, cell.Text})
			}
		}
		x.raw("</row>")
	}
	x.raw("</sheetData>")
	if len(links) > 0 {
		x.raw("<hyperlinks>")
		for _, l := range links {
			x.raw(fmt.Sprintf(`<hyperlink ref="%s" location="%s" display="%s"/>`, l.ref, escaped(l.place), escaped(clipRunes(l.text, 255))))
		}
		x.raw("</hyperlinks>")
	}
	x.raw(`<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>`)
	x.raw(`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>`)
	x.raw(`</worksheet>`)
	return x.close()
}

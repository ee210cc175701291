package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The plan of an annotated copy's workbook: which sheets stay and in what order, the annex put
// first, the styles, and the parts added, dropped and related.

type bookSheet struct {
	name, rid string
	part      string // partName, "" when its relationship was dropped
}

// addedPart is a part the copy adds.
type addedPart struct {
	name, ctype string
	write       func(io.Writer) error
}

type bookPlan struct {
	sheets []bookSheet
	// newIndex maps a sheet's index in the original to its index in the copy (the annex is 0);
	// a sheet left out is absent.
	newIndex  map[int]int
	annexID   string // the annex's relationship id in the workbook's relationships
	annexPart string
	sheetID   int // the annex's sheetId
	styles    string
	st        *stylePlan
	marked    map[string]*markedSheet // by the sheet's partName
	dropped   map[string]bool
	extraRels map[string][]rel
	dropRels  map[string]map[string]bool
	added     []addedPart
}

// relsOf is a part's relationships in the copy.
func (b *bookPlan) relsOf(key string, rels []rel) []rel {
	var out []rel
	for _, r := range rels {
		if !b.dropRels[key][r.id] && (r.mode == "External" || !b.dropped[r.part]) {
			out = append(out, r)
		}
	}
	return append(out, b.extraRels[key]...)
}

func (b *bookPlan) dropRel(key, id string) {
	if b.dropRels[key] == nil {
		b.dropRels[key] = map[string]bool{}
	}
	b.dropRels[key][id] = true
}

// freeName returns a part name not in use, from a pattern with one %d.
func (c *copier) freeName(pattern string, taken func(string) bool) string {
	for n := 1; ; n++ {
		name := fmt.Sprintf(pattern, n)
		if c.entries[partName(name)] == nil && !taken(name) {
			return name
		}
	}
}

func freeID(rels []rel, prefix string) string {
	for n := 1; ; n++ {
		id := prefix + strconv.Itoa(n)
		if !slices.ContainsFunc(rels, func(r rel) bool { return r.id == id }) {
			return id
		}
	}
}

func (c *copier) planBook() (*bookPlan, error) {
	b := &bookPlan{newIndex: map[int]int{}, marked: map[string]*markedSheet{}, dropped: map[string]bool{},
		extraRels: map[string][]rel{}, dropRels: map[string]map[string]bool{}}
	book := c.parts[c.book]
	byID := map[string]rel{}
	for _, r := range book.rels {
		byID[r.id] = r
	}
	maxID := 0
	err := c.each(book.zf, maxBookPart, func(ts *tokens, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			return nil
		}
		if len(b.sheets) >= MaxSheets {
			return &OpenError{TooLarge, DetailSheets}
		}
		id, _ := strconv.Atoi(attr(se, "sheetId"))
		maxID = max(maxID, id)
		s := bookSheet{name: attr(se, "name"), rid: relID(se)}
		if r, ok := byID[s.rid]; ok {
			s.part = r.part
		}
		b.sheets = append(b.sheets, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	b.sheetID = maxID + 1
	// The sheets kept, in order after the annex; an earlier annex is left out.
	used := map[string]int{}
	next := 1
	for i, s := range b.sheets {
		if s.part == "" || c.a.drops(s.name) {
			continue
		}
		b.newIndex[i] = next
		next++
		used[s.part]++
	}
	for _, s := range b.sheets {
		if s.part != "" && c.a.drops(s.name) {
			b.dropRel(c.book, s.rid)
			if used[s.part] == 0 {
				b.dropped[s.part] = true
			}
		}
	}
	inUse := func(name string) bool {
		return c.parts[partName(name)] != nil || slices.ContainsFunc(b.added, func(a addedPart) bool { return partName(a.name) == partName(name) })
	}
	// The annex.
	b.annexPart = c.freeName("xl/worksheets/sheet%d.xml", inUse)
	b.annexID = freeID(book.rels, "rIdChitieu")
	b.extraRels[c.book] = append(b.extraRels[c.book], rel{id: b.annexID, typ: relWorksheet, part: b.annexPart})
	// The marked sheets, each by the first sheet of its name.
	bySheet := map[string][]Mark{}
	for _, m := range c.a.Marks {
		bySheet[m.Sheet] = append(bySheet[m.Sheet], m)
	}
	for _, name := range sortedStrings(bySheet) {
		i := slices.IndexFunc(b.sheets, func(s bookSheet) bool { return s.name == name && s.part != "" })
		if i < 0 || b.dropped[b.sheets[i].part] || b.marked[b.sheets[i].part] != nil {
			continue
		}
		key := b.sheets[i].part
		ms, err := c.planMarked(b, key, bySheet[name], inUse)
		if err != nil {
			return nil, err
		}
		b.marked[key] = ms
	}
	// The styles: the workbook's, or a new part; the marked cells' formats read from them.
	for _, r := range book.rels {
		if r.kind() == "styles" && c.parts[r.part] != nil {
			b.styles = r.part
		}
	}
	wanted := map[int]bool{}
	for _, ms := range b.marked {
		for _, m := range ms.marks {
			wanted[m.style] = true
		}
	}
	if b.st, err = c.planStyles(b.styles, wanted); err != nil {
		return nil, err
	}
	if b.styles == "" {
		name := c.freeName("xl/styles%d.xml", inUse)
		st := b.st
		b.added = append(b.added, addedPart{name, typeStyles, func(w io.Writer) error { return st.writeNew(w) }})
		b.extraRels[c.book] = append(b.extraRels[c.book], rel{id: freeID(book.rels, "rIdChitieuStyles"), typ: relStyles, part: name})
	}
	for _, key := range sortedStrings(b.marked) {
		for _, m := range b.marked[key].marks {
			m.xf = b.st.markXF(m.style, m.Fill)
		}
	}
	// The annex's styles, then its part.
	annex := &c.a.Sheet
	styles := make([][]int, len(annex.Rows))
	for i, r := range annex.Rows {
		styles[i] = make([]int, len(r.Cells))
		for j, cell := range r.Cells {
			styles[i][j] = b.st.styleXF(cell.Style)
		}
	}
	b.added = append(b.added, addedPart{b.annexPart, typeWorksheet, func(w io.Writer) error { return writeAnnex(w, annex, styles) }})
	return b, nil
}

func sortedStrings[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// writeBook writes the workbook part with the annex first: sheets left out are not listed,
// defined names scoped to a sheet follow it to its new place (or go with it), the annex prints
// its titles on every page, and it is the sheet shown when the file opens.
func (c *copier) writeBook(w io.Writer, b *bookPlan) error {
	x := newXMLOut(w)
	x.decl()
	relPrefix := ""
	main := ""
	sheetIndex := -1
	skip := 0 // depth of an element being left out, 0 for none
	wroteNames := false
	annexName := c.a.Sheet.Name
	names := func(prefix string) string {
		if c.a.Sheet.Titles[1] == 0 {
			return ""
		}
		el := qname(xml.Name{Space: prefix, Local: "definedName"})
		return fmt.Sprintf(`<%s name="_xlnm.Print_Titles" localSheetId="0">%s</%s>`, el,
			escaped(fmt.Sprintf("'%s'!$%d:$%d", strings.ReplaceAll(annexName, "'", "''"), c.a.Sheet.Titles[0], c.a.Sheet.Titles[1])), el)
	}
	// Elements the defined names come before when the workbook has none.
	afterNames := map[string]bool{"calcPr": true, "oleSize": true, "customWorkbookViews": true, "pivotCaches": true, "smartTagPr": true,
		"smartTagTypes": true, "webPublishing": true, "fileRecoveryPr": true, "webPublishObjects": true, "extLst": true}
	err := c.each(c.parts[c.book].zf, maxBookPart, func(ts *tokens, tok xml.Token) error {
		depth := len(ts.open)
		if skip > 0 {
			if _, ok := tok.(xml.EndElement); ok && depth < skip {
				skip = 0
			}
			return nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case depth == 1:
				main = t.Name.Space
				relPrefix = nsPrefix(t, relNS)
			case depth == 2 && !wroteNames && afterNames[t.Name.Local]:
				if n := names(main); n != "" {
					el := qname(xml.Name{Space: main, Local: "definedNames"})
					x.raw("<" + el + ">" + n + "</" + el + ">")
				}
				wroteNames = true
			}
			switch t.Name.Local {
			case "sheets":
				x.start(t)
				rp := relPrefix
				decl := ""
				if rp == "" {
					rp, decl = "r", ` xmlns:r="`+relNS+`"`
				}
				x.raw(fmt.Sprintf(`<%s name="%s" sheetId="%d" %s:id="%s"%s/>`, qname(xml.Name{Space: main, Local: "sheet"}),
					escaped(annexName), b.sheetID, rp, b.annexID, decl))
				return nil
			case "sheet":
				sheetIndex++
				if _, kept := b.newIndex[sheetIndex]; !kept {
					skip = depth
					return nil
				}
				x.start(withoutAttr(t, "tabSelected"))
				return nil
			case "workbookView":
				x.start(withAttr(withoutAttr(t, "firstSheet"), "activeTab", "0"))
				return nil
			case "definedNames":
				x.start(t)
				x.raw(names(main))
				wroteNames = true
				return nil
			case "definedName":
				if v := attr(t, "localSheetId"); v != "" {
					old, err := strconv.Atoi(v)
					idx, kept := b.newIndex[old]
					if err != nil || !kept {
						skip = depth
						return nil
					}
					x.start(withAttr(t, "localSheetId", strconv.Itoa(idx)))
					return nil
				}
			}
		case xml.EndElement:
			if depth == 0 && !wroteNames {
				if n := names(main); n != "" {
					el := qname(xml.Name{Space: main, Local: "definedNames"})
					x.raw("<" + el + ">" + n + "</" + el + ">")
				}
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

// nsPrefix is the prefix an element declares for a namespace URI ending like uri (the
// transitional or the strict one), or "".
func nsPrefix(se xml.StartElement, uri string) string {
	tail := uri[strings.LastIndexByte(uri, '/'):]
	for _, a := range se.Attr {
		if a.Name.Space == "xmlns" && (a.Value == uri || strings.HasSuffix(a.Value, tail) && strings.Contains(a.Value, "officeDocument")) {
			return a.Name.Local
		}
	}
	return ""
}

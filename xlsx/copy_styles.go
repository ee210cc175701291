package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// The styles of an annotated copy: the workbook's own, with fills, fonts, borders and cell
// formats appended for the marked cells (each keeps its format and gets the fill) and the annex.

// styleContainers are the children of <styleSheet> in the schema's order (ECMA-376 part 1,
// §18.8.39); the copy appends to the first six.
var styleContainers = []string{"numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles", "colors", "extLst"}

// styleItem is the element each container holds.
var styleItem = map[string]string{"numFmts": "numFmt", "fonts": "font", "fills": "fill", "borders": "border", "cellStyleXfs": "xf", "cellXfs": "xf"}

// styleDefaults are what a container made from nothing starts with: what Excel expects there
// (fills 0 and 1 are reserved).
var styleDefaults = map[string][]string{
	"fonts":        {`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>`},
	"fills":        {`<fill><patternFill patternType="none"/></fill>`, `<fill><patternFill patternType="gray125"/></fill>`},
	"borders":      {`<border><left/><right/><top/><bottom/><diagonal/></border>`},
	"cellStyleXfs": {`<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>`},
	"cellXfs":      {`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>`},
}

// capturedXF is a cell format of the workbook, to be copied with another fill.
type capturedXF struct {
	start xml.StartElement
	inner string
}

type stylePlan struct {
	prefix  string         // the prefix of the styles' elements
	count   map[string]int // items in each container as the workbook has them
	created map[string]bool
	xfs     map[int]capturedXF
	added   map[string][]string // new items by container
	index   map[string]int      // item XML → its index, so that equal items are added once
}

// add appends an item to a container once, returning its index.
func (s *stylePlan) add(container, item string) int {
	key := container + "\x00" + item
	if i, ok := s.index[key]; ok {
		return i
	}
	i := s.count[container] + len(s.added[container])
	s.added[container] = append(s.added[container], item)
	s.index[key] = i
	return i
}

func (s *stylePlan) el(local string) string { return qname(xml.Name{Space: s.prefix, Local: local}) }

// planStyles reads the workbook's styles ("" when it has none): how many items each container
// holds, and the cell formats the marked cells have (wanted).
func (c *copier) planStyles(part string, wanted map[int]bool) (*stylePlan, error) {
	s := &stylePlan{count: map[string]int{}, created: map[string]bool{}, xfs: map[int]capturedXF{}, added: map[string][]string{}, index: map[string]int{}}
	seen := map[string]bool{}
	if part != "" {
		var (
			capturing *capturedXF
			inner     strings.Builder
			out       *xmlOut
			xfIndex   = -1
		)
		err := c.each(c.parts[part].zf, maxStylePart, func(ts *tokens, tok xml.Token) error {
			depth := len(ts.open)
			if capturing != nil {
				if _, ok := tok.(xml.EndElement); ok && depth == 2 {
					out.close()
					capturing.inner = inner.String()
					s.xfs[xfIndex] = *capturing
					capturing = nil
					return nil
				}
				out.token(tok)
				return nil
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				return nil
			}
			switch depth {
			case 1:
				s.prefix = se.Name.Space
			case 2:
				seen[se.Name.Local] = true
			case 3:
				parent := ts.parent()
				if styleItem[parent] != se.Name.Local {
					return nil
				}
				if s.count[parent] >= maxCellFormats {
					return &OpenError{TooLarge, DetailStyles}
				}
				s.count[parent]++
				if parent == "cellXfs" {
					xfIndex++
					if wanted[xfIndex] {
						capturing = &capturedXF{start: se.Copy()}
						inner.Reset()
						out = newXMLOut(&inner)
					}
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for container, defaults := range styleDefaults {
		if !seen[container] {
			s.created[container] = true
			s.count[container] = len(defaults)
		}
	}
	return s, nil
}

// markXF returns the cell format of a marked cell: its own (xf), with the fill.
func (s *stylePlan) markXF(xf int, fill string) int {
	fillID := s.add("fills", fillXML(s, fill))
	c, ok := s.xfs[xf]
	if !ok {
		return s.add("cellXfs", fmt.Sprintf(`<%s numFmtId="0" fontId="0" fillId="%d" borderId="0" xfId="0" applyFill="1"/>`, s.el("xf"), fillID))
	}
	start := withAttr(withAttr(c.start, "fillId", strconv.Itoa(fillID)), "applyFill", "1")
	var b strings.Builder
	x := newXMLOut(&b)
	x.start(start)
	x.raw(c.inner)
	x.end(start.Name)
	x.close()
	return s.add("cellXfs", b.String())
}

func fillXML(s *stylePlan, rgb string) string {
	return fmt.Sprintf(`<%s><%s patternType="solid"><%s rgb="%s"/><%s indexed="64"/></%s></%s>`, s.el("fill"), s.el("patternFill"),
		s.el("fgColor"), validARGB(rgb, "fgColor"), s.el("bgColor"), s.el("patternFill"), s.el("fill"))
}

// styleXF returns the cell format of an annex cell's style.
func (s *stylePlan) styleXF(st Style) int {
	size := st.Size
	if size == 0 {
		size = 12
	}
	color := st.Color
	if color == "" {
		color = "000000"
	}
	var font strings.Builder
	font.WriteString("<" + s.el("font") + ">")
	if st.Bold {
		font.WriteString("<" + s.el("b") + "/>")
	}
	if st.Italic {
		font.WriteString("<" + s.el("i") + "/>")
	}
	fmt.Fprintf(&font, `<%s val="%s"/><%s rgb="%s"/><%s val="%s"/><%s val="1"/></%s>`, s.el("sz"), strconv.FormatFloat(size, 'f', -1, 64),
		s.el("color"), validARGB(color, "color"), s.el("name"), Font, s.el("family"), s.el("font"))
	fontID := s.add("fonts", font.String())
	fillID := 0
	if st.Fill != "" {
		fillID = s.add("fills", fillXML(s, st.Fill))
	}
	borderID := 0
	if st.Border {
		var b strings.Builder
		b.WriteString("<" + s.el("border") + ">")
		for _, side := range []string{"left", "right", "top", "bottom"} {
			fmt.Fprintf(&b, `<%s style="thin"><%s rgb="FF000000"/></%s>`, s.el(side), s.el("color"), s.el(side))
		}
		b.WriteString("<" + s.el("diagonal") + "/></" + s.el("border") + ">")
		borderID = s.add("borders", b.String())
	}
	align := fmt.Sprintf(` vertical="%s"`, map[bool]string{true: "top", false: "center"}[st.Top])
	if h := [...]string{"", "left", "center", "right"}[st.Align]; h != "" {
		align = ` horizontal="` + h + `"` + align
	}
	if st.Wrap {
		align += ` wrapText="1"`
	}
	if st.Indent > 0 {
		align += fmt.Sprintf(` indent="%d"`, st.Indent)
	}
	locked := "1"
	if st.Input {
		locked = "0"
	}
	return s.add("cellXfs", fmt.Sprintf(`<%s numFmtId="0" fontId="%d" fillId="%d" borderId="%d" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1" applyProtection="1"><%s%s/><%s locked="%s"/></%s>`,
		s.el("xf"), fontID, fillID, borderID, s.el("alignment"), align, s.el("protection"), locked, s.el("xf")))
}

// container writes a container made from nothing: its defaults and what was added.
func (s *stylePlan) container(x *xmlOut, name string) {
	items := append(slices.Clone(styleDefaults[name]), s.added[name]...)
	if name == "cellXfs" || name == "fonts" || name == "fills" || name == "borders" || name == "cellStyleXfs" {
		x.raw(fmt.Sprintf(`<%s count="%d">`, s.el(name), len(items)))
		for _, it := range items {
			x.raw(it)
		}
		x.raw("</" + s.el(name) + ">")
	}
}

// writeNew writes a styles part for a workbook that has none.
func (s *stylePlan) writeNew(w io.Writer) error {
	x := newXMLOut(w)
	x.decl()
	x.raw(`<styleSheet xmlns="` + mainNS + `">`)
	for _, name := range []string{"fonts", "fills", "borders", "cellStyleXfs", "cellXfs"} {
		s.container(x, name)
	}
	x.raw(`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`)
	return x.close()
}

// writeStyles writes the workbook's styles with the items added at the end of their containers
// (and the containers it lacks made), each container's count set to what it now holds.
func (c *copier) writeStyles(w io.Writer, key string, s *stylePlan) error {
	x := newXMLOut(w)
	x.decl()
	order := func(name string) int { return slices.Index(styleContainers, name) }
	emitted := map[string]bool{}
	missingBefore := func(limit int) {
		for _, name := range styleContainers[:limit] {
			if s.created[name] && !emitted[name] {
				s.container(x, name)
				emitted[name] = true
			}
		}
	}
	err := c.each(c.parts[key].zf, maxStylePart, func(ts *tokens, tok xml.Token) error {
		depth := len(ts.open)
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 2 {
				if i := order(t.Name.Local); i >= 0 {
					missingBefore(i)
				} else if t.Name.Local == "extLst" {
					missingBefore(len(styleContainers))
				}
				if _, grows := styleItem[t.Name.Local]; grows && len(s.added[t.Name.Local]) > 0 {
					t = withAttr(t, "count", strconv.Itoa(s.count[t.Name.Local]+len(s.added[t.Name.Local])))
				}
			}
			x.start(t)
			return nil
		case xml.EndElement:
			switch {
			case depth == 1:
				for _, it := range s.added[t.Name.Local] {
					x.raw(it)
				}
			case depth == 0:
				missingBefore(len(styleContainers))
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

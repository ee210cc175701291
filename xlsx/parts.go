package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/encoding/htmlindex"
)

// The parts of a workbook the reader reads, following SpreadsheetML (ECMA-376 part 1, §18).
// Elements are matched by local name, so that files whose writer gave the main namespace a
// prefix (<x:c>) read the same.

type sheetRef struct{ name, part string }

// sheetData holds the cells of one worksheet that hold a value or a formula: rows[r-1] holds
// the cells of row r in column order. Only cells holding something take room, so what a sheet
// costs follows its XML and not how far apart its cells stand.
type sheetData struct {
	name   string
	rows   [][]cell
	shared []sharedFormula
}

// formula is a cell's formula text, a shared formula moved to the cell.
func (sd *sheetData) formula(row int, c *cell) string {
	if c.shared == 0 {
		return c.formula
	}
	m := sd.shared[c.shared-1]
	return shiftRefs(m.formula, row-m.row, c.col-m.col)
}

// at returns the cell at a 1-based row and column, or nil.
func (sd *sheetData) at(row, col int) *cell {
	if row < 1 || row > len(sd.rows) {
		return nil
	}
	cells := sd.rows[row-1]
	i, ok := slices.BinarySearchFunc(cells, col, func(c cell, col int) int { return c.col - col })
	if !ok {
		return nil
	}
	return &cells[i]
}

// cell is a cell as stored in the sheet's XML.
type cell struct {
	col     int
	v       string // <v>, or an inline string's text
	formula string
	// shared is 1 + the index in sheetData.shared of the shared formula the cell uses, whose
	// text is made only when the cell is read (a sheet can have a million cells sharing one
	// long formula); 0 for none.
	shared int
	typ    cellType
	style  int
}

type cellType uint8

const (
	typeNumber cellType = iota // t="n", no t, or a t no program writes
	typeShared                 // t="s": v is an index into the shared strings
	typeInline                 // t="inlineStr"
	typeString                 // t="str": a formula's text result
	typeBool                   // t="b"
	typeError                  // t="e"
	typeDate                   // t="d": an ISO 8601 date as text
)

var cellTypes = map[string]cellType{"n": typeNumber, "s": typeShared, "inlineStr": typeInline, "str": typeString,
	"b": typeBool, "e": typeError, "d": typeDate}

// newWorkbook reads the workbook part and its relationships: the sheets, their names and parts.
func newWorkbook(f io.Closer, zr *zip.Reader, lim Limits) (*Workbook, error) {
	wb := &Workbook{file: f, lim: lim, parts: make(map[string]*zip.File, len(zr.File)),
		stringsPart: "xl/sharedstrings.xml", stylesPart: "xl/styles.xml"}
	for _, zf := range zr.File {
		wb.parts[strings.ToLower(strings.TrimPrefix(zf.Name, "/"))] = zf
	}
	targets := map[string]string{}
	err := wb.scan("xl/_rels/workbook.xml.rels", func(ts *tokens, se xml.StartElement) error {
		if se.Name.Local == "Relationship" {
			if attr(se, "TargetMode") != "External" {
				target := resolve("xl", attr(se, "Target"))
				targets[attr(se, "Id")] = target
				typ := attr(se, "Type")
				switch typ[strings.LastIndexByte(typ, '/')+1:] {
				case "sharedStrings":
					wb.stringsPart = target
				case "styles":
					wb.stylesPart = target
				}
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNoPart) {
		return nil, &OpenError{NotWorkbook, err.Error()}
	}
	err = wb.scan("xl/workbook.xml", func(ts *tokens, se xml.StartElement) error {
		if se.Name.Local == "sheet" {
			wb.sheets = append(wb.sheets, sheetRef{name: attr(se, "name"), part: targets[relID(se)]})
		}
		return nil
	})
	if err != nil {
		return nil, &OpenError{NotWorkbook, err.Error()}
	}
	return wb, nil
}

// relID is an element's r:id attribute, whatever prefix the relationships namespace has.
func relID(se xml.StartElement) string {
	for _, a := range se.Attr {
		if a.Name.Local == "id" && a.Name.Space != "" {
			return a.Value
		}
	}
	return ""
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == "xml") {
			return a.Value
		}
	}
	return ""
}

// resolve turns a relationship's target into a part name: relative to dir unless absolute.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.ToLower(path.Clean(target[1:]))
	}
	return strings.ToLower(path.Join(dir, target))
}

var errNoPart = errors.New("part missing")

// open opens a part for streaming; the zip reader refuses to inflate it past its declared size,
// which the limits have bounded.
func (wb *Workbook) open(name string) (io.ReadCloser, error) {
	zf := wb.parts[strings.ToLower(name)]
	if zf == nil {
		return nil, fmt.Errorf("%s: %w", name, errNoPart)
	}
	return zf.Open()
}

// tokens reads a part's XML token by token, without namespace processing (the fastest way
// encoding/xml has), and checks what that way does not: that each end tag closes the element
// open and that the part does not end inside one.
type tokens struct {
	d    *xml.Decoder
	open []string
}

func newTokens(r io.Reader) *tokens {
	d := xml.NewDecoder(r)
	// Office programs write UTF-8; a part that declares another encoding (ISO-8859-1,
	// windows-1258, UTF-16, …) is decoded as the WHATWG encoding standard names it.
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q", label)
		}
		return enc.NewDecoder().Reader(input), nil
	}
	return &tokens{d: d}
}

// next returns the next token; io.EOF only at the end of a complete document.
func (ts *tokens) next() (xml.Token, error) {
	tok, err := ts.d.RawToken()
	if err == io.EOF && len(ts.open) > 0 {
		return nil, fmt.Errorf("the XML ends inside <%s>", ts.open[len(ts.open)-1])
	}
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case xml.StartElement:
		ts.open = append(ts.open, t.Name.Local)
	case xml.EndElement:
		if len(ts.open) == 0 || ts.open[len(ts.open)-1] != t.Name.Local {
			return nil, fmt.Errorf("</%s> closes no open element of that name (line %d)", t.Name.Local, ts.line())
		}
		ts.open = ts.open[:len(ts.open)-1]
	}
	return tok, nil
}

// parent is the local name of the element holding the one just started.
func (ts *tokens) parent() string {
	if len(ts.open) < 2 {
		return ""
	}
	return ts.open[len(ts.open)-2]
}

func (ts *tokens) line() int {
	line, _ := ts.d.InputPos()
	return line
}

// scan calls visit for every start element of a part, in document order.
func (wb *Workbook) scan(name string, visit func(*tokens, xml.StartElement) error) error {
	r, err := wb.open(name)
	if err != nil {
		return err
	}
	defer r.Close()
	ts := newTokens(r)
	for {
		tok, err := ts.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := visit(ts, se); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
}

// chars reads the character data up to the end of the element just started, keeping what keep
// accepts by the element holding it and that element's parent.
func chars(ts *tokens, keep func(elem, parent string) bool) (string, error) {
	var b strings.Builder
	for depth := len(ts.open); len(ts.open) >= depth; {
		tok, err := ts.next()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok && len(ts.open) >= depth && keep(ts.open[len(ts.open)-1], ts.parent()) {
			b.Write(cd)
		}
	}
	return b.String(), nil
}

// text reads the text of an element that holds only text: <v>, <f>, <vt:lpwstr>.
func text(ts *tokens) (string, error) {
	return chars(ts, func(string, string) bool { return true })
}

// stringItem reads an <si> or <is>: the text of its <t> and of its rich-text runs' <t>, without
// the phonetic runs (<rPh>), unescaped.
func stringItem(ts *tokens) (string, error) {
	s, err := chars(ts, func(elem, parent string) bool { return elem == "t" && parent != "rPh" })
	return unescapeBSTR(s), err
}

var bstrEscape = regexp.MustCompile(`_x[0-9A-Fa-f]{4}_`)

// unescapeBSTR undoes the escape Excel writes for characters XML cannot hold: _x000D_ is a
// carriage return, _x005F_ a literal underscore.
func unescapeBSTR(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return bstrEscape.ReplaceAllStringFunc(s, func(m string) string {
		n, _ := strconv.ParseUint(m[2:6], 16, 16)
		return string(rune(n))
	})
}

// maxSharedStrings bounds the shared strings read: a report form has some hundreds, and each
// costs memory however short it is.
const maxSharedStrings = 1_000_000

// sharedStrings reads xl/sharedStrings.xml (or wherever the workbook's relationship says) once.
func (wb *Workbook) sharedStrings() ([]string, error) {
	if wb.strsRead {
		return wb.strs, nil
	}
	wb.strsRead = true
	err := wb.scan(wb.stringsPart, func(ts *tokens, se xml.StartElement) error {
		if se.Name.Local != "si" {
			return nil
		}
		if len(wb.strs) >= maxSharedStrings {
			return &OpenError{TooLarge, DetailStrings}
		}
		s, err := stringItem(ts)
		wb.strs = append(wb.strs, s)
		return err
	})
	if errors.Is(err, errNoPart) {
		err = nil
	}
	return wb.strs, err
}

// numFmts reads the styles once: the number format code of each cell style (<cellXfs>).
func (wb *Workbook) numFmts() ([]string, error) {
	if wb.fmtsRead {
		return wb.fmts, nil
	}
	wb.fmtsRead = true
	custom := map[int]string{}
	var ids []int
	err := wb.scan(wb.stylesPart, func(ts *tokens, se xml.StartElement) error {
		// Only a <numFmt> of <numFmts> and an <xf> of <cellXfs> count: <dxfs> (the formats of
		// conditional formatting) and <cellStyleXfs> have their own.
		switch se.Name.Local {
		case "numFmt":
			if ts.parent() == "numFmts" {
				if id, err := strconv.Atoi(attr(se, "numFmtId")); err == nil {
					custom[id] = attr(se, "formatCode")
				}
			}
		case "xf":
			if ts.parent() == "cellXfs" {
				id, _ := strconv.Atoi(attr(se, "numFmtId"))
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errNoPart) {
		return nil, err
	}
	wb.fmts = make([]string, len(ids))
	for i, id := range ids {
		if code, ok := custom[id]; ok {
			wb.fmts[i] = code
		} else {
			wb.fmts[i] = builtinFormats[id]
		}
	}
	return wb.fmts, nil
}

// customProperties reads docProps/custom.xml: each property's name and its text value.
func (wb *Workbook) customProperties() (map[string]string, error) {
	props := map[string]string{}
	name := ""
	err := wb.scan("docProps/custom.xml", func(ts *tokens, se xml.StartElement) error {
		switch se.Name.Local {
		case "property":
			name = attr(se, "name")
		case "lpwstr", "lpstr", "bstr":
			s, err := text(ts)
			if err != nil {
				return err
			}
			if name != "" {
				props[name] = s
			}
		}
		return nil
	})
	if errors.Is(err, errNoPart) {
		err = nil
	}
	return props, err
}

// ErrNoSheet is returned for a sheet name the workbook does not have.
var ErrNoSheet = errors.New("no such sheet")

// sheet reads a worksheet, or returns it if it was the last one read.
func (wb *Workbook) sheet(name string) (*sheetData, error) {
	if wb.last != nil && wb.last.name == name {
		return wb.last, nil
	}
	for _, s := range wb.sheets {
		if s.name == name {
			sd, err := wb.readSheet(s)
			if err != nil {
				return nil, err
			}
			wb.last = sd
			return sd, nil
		}
	}
	return nil, fmt.Errorf("%q: %w", name, ErrNoSheet)
}

// readSheet reads a worksheet's cells in one pass. Cells that hold neither a value nor a formula
// are not kept. A cell holding something beyond the limits stops it with TooLarge.
func (wb *Workbook) readSheet(s sheetRef) (*sheetData, error) {
	sd := &sheetData{name: s.name}
	r, err := wb.open(s.part)
	if errors.Is(err, errNoPart) {
		return nil, &OpenError{NotWorkbook, "sheet " + s.name + " has no part"}
	}
	if err != nil {
		return nil, err
	}
	defer r.Close()
	ts := newTokens(r)
	var (
		row, col int
		c        cell
		has      bool // c has a value, an inline string or a formula
		inData   bool
		shared   = map[string]int{} // si → 1 + index in sd.shared
	)
	fail := func(err error) (*sheetData, error) {
		var oe *OpenError
		if errors.As(err, &oe) {
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", s.part, err)
	}
	for {
		tok, err := ts.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetData":
				inData = true
			case "row":
				if !inData {
					continue
				}
				row++
				if ref := attr(t, "r"); ref != "" {
					if row, err = strconv.Atoi(ref); err != nil || row < 1 || row > maxRows {
						return fail(fmt.Errorf("row number %q", ref))
					}
				}
				col = 0
			case "c":
				if !inData {
					continue
				}
				col++
				if ref := attr(t, "r"); ref != "" {
					cr, cc, ok := parseRef(ref)
					if !ok {
						return fail(fmt.Errorf("cell reference %q", ref))
					}
					if row == 0 {
						row = cr
					}
					if cr != row {
						return fail(fmt.Errorf("cell %q in row %d", ref, row))
					}
					col = cc
				}
				if row == 0 {
					return fail(errors.New("a cell outside any row"))
				}
				c, has = cell{typ: cellTypes[attr(t, "t")]}, false
				if s := attr(t, "s"); s != "" {
					c.style, _ = strconv.Atoi(s)
				}
			case "v":
				if !inData {
					continue
				}
				if c.v, err = text(ts); err != nil {
					return fail(err)
				}
				has = true
			case "is":
				if !inData {
					continue
				}
				if c.v, err = stringItem(ts); err != nil {
					return fail(err)
				}
				has = true
			case "f":
				if !inData {
					continue
				}
				kind, si, ref := attr(t, "t"), attr(t, "si"), attr(t, "ref")
				if c.formula, err = text(ts); err != nil {
					return fail(err)
				}
				if kind == "shared" && si != "" {
					if c.formula != "" && ref != "" {
						sd.shared = append(sd.shared, sharedFormula{c.formula, row, col})
						shared[si] = len(sd.shared)
					} else if i, ok := shared[si]; ok && c.formula == "" {
						c.shared = i
					}
				}
				has = has || c.formula != "" || c.shared > 0
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "sheetData":
				inData = false
			case "c":
				if !inData || !has {
					continue
				}
				if wb.lim.Rows > 0 && row > wb.lim.Rows {
					return nil, &OpenError{TooLarge, DetailRows}
				}
				if wb.lim.Cols > 0 && col > wb.lim.Cols {
					return nil, &OpenError{TooLarge, DetailCols}
				}
				c.col = col
				sd.put(row, c)
			}
		}
	}
	for len(sd.rows) > 0 && len(sd.rows[len(sd.rows)-1]) == 0 {
		sd.rows = sd.rows[:len(sd.rows)-1]
	}
	return sd, nil
}

// put adds a cell to its row. Writers list cells in order; one out of order is put in its place,
// and a cell listed twice keeps what was listed last.
func (sd *sheetData) put(row int, c cell) {
	for len(sd.rows) < row {
		sd.rows = append(sd.rows, nil)
	}
	cells := sd.rows[row-1]
	i, found := slices.BinarySearchFunc(cells, c.col, func(x cell, col int) int { return x.col - col })
	if found {
		cells[i] = c
		return
	}
	sd.rows[row-1] = slices.Insert(cells, i, c)
}

// The largest sheet a spreadsheet has.
const (
	maxRows = 1048576
	maxCols = 16384
)

// parseRef reads a cell reference such as "AB12".
func parseRef(ref string) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		ch := ref[i] | 0x20 // lower case
		if ch < 'a' || ch > 'z' {
			break
		}
		col = col*26 + int(ch-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || ref[i] == '+' || ref[i] == '-' || row < 1 || row > maxRows || col > maxCols {
		return 0, 0, false
	}
	return row, col, true
}

// sharedFormula is the master of a shared formula (<f t="shared" ref="…" si="…">): the cells that
// share it hold only si, and their formula is the master's moved by their distance from it.
type sharedFormula struct {
	formula  string
	row, col int
}

// shiftRefs moves a formula's relative cell references by dr rows and dc columns, as filling a
// formula down or across does: "E12/D12*100" moved one row is "E13/D13*100"; $-anchored parts
// stay. Text in quotes and function names are left alone.
func shiftRefs(f string, dr, dc int) string {
	if dr == 0 && dc == 0 {
		return f
	}
	var b strings.Builder
	for i := 0; i < len(f); {
		ch := f[i]
		if ch == '"' || ch == '\'' { // a string or a quoted sheet name, with doubled quotes inside
			j := i + 1
			for j < len(f) {
				if f[j] == ch {
					if j+1 < len(f) && f[j+1] == ch {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(f))
			b.WriteString(f[i:j])
			i = j
			continue
		}
		if ch == '[' { // a structured reference, Table1[[#This Row],[Qty2]]: names, not cells
			j, depth := i, 0
			for j < len(f) {
				if f[j] == '[' {
					depth++
				} else if f[j] == ']' {
					depth--
				}
				j++
				if depth == 0 {
					break
				}
			}
			b.WriteString(f[i:j])
			i = j
			continue
		}
		if i > 0 && isNameChar(f[i-1]) || !(isRefStart(ch) || isDigit(ch)) {
			b.WriteByte(ch)
			i++
			continue
		}
		if n, out := shiftLines(f[i:], dr, dc); n > 0 {
			b.WriteString(out)
			i += n
			continue
		}
		if isDigit(ch) {
			b.WriteByte(ch)
			i++
			continue
		}
		n, out := shiftRef(f[i:], dr, dc)
		if n == 0 {
			j := i + 1
			for j < len(f) && isNameChar(f[j]) {
				j++
			}
			b.WriteString(f[i:j])
			i = j
			continue
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

func isRefStart(ch byte) bool { return ch == '$' || isLetter(ch) }
func isLetter(ch byte) bool   { return ch|0x20 >= 'a' && ch|0x20 <= 'z' }
func isDigit(ch byte) bool    { return ch >= '0' && ch <= '9' }
func isNameChar(ch byte) bool {
	return isLetter(ch) || isDigit(ch) || ch == '_' || ch == '.' || ch >= 0x80
}

// shiftLines reads a whole-column range (A:C, $A:B) or a whole-row range (1:3, $2:$2) at the
// start of s and returns its length and the moved range; 0 when s does not start with one.
func shiftLines(s string, dr, dc int) (int, string) {
	part := func(i int) (n, abs bool, v, end int) {
		if i < len(s) && s[i] == '$' {
			abs = true
			i++
		}
		start := i
		if i < len(s) && isDigit(s[i]) {
			for i < len(s) && isDigit(s[i]) {
				v = v*10 + int(s[i]-'0')
				i++
				if v > maxRows {
					return false, abs, 0, start
				}
			}
			return true, abs, v, i
		}
		for i < len(s) && isLetter(s[i]) && i-start < 3 {
			v = v*26 + int(s[i]|0x20-'a'+1)
			i++
		}
		return false, abs, v, i
	}
	rows1, abs1, v1, i := part(0)
	if v1 == 0 || i >= len(s) || s[i] != ':' {
		return 0, ""
	}
	rows2, abs2, v2, end := part(i + 1)
	if v2 == 0 || rows1 != rows2 || (end < len(s) && (isNameChar(s[end]) || s[end] == '(')) {
		return 0, ""
	}
	move, limit, name := dc, maxCols, ColumnName
	if rows1 {
		move, limit, name = dr, maxRows, strconv.Itoa
	}
	out := ""
	for k, p := range []struct {
		abs bool
		v   int
	}{{abs1, v1}, {abs2, v2}} {
		if !p.abs {
			p.v += move
		}
		if p.v < 1 || p.v > limit {
			return end, "#REF!"
		}
		if k == 1 {
			out += ":"
		}
		if p.abs {
			out += "$"
		}
		out += name(p.v)
	}
	return end, out
}

// shiftRef reads one cell reference at the start of s ($A$1, A1, $A1, A$1) and returns its length
// and the moved reference; 0 when s does not start with one.
func shiftRef(s string, dr, dc int) (int, string) {
	i := 0
	colAbs := i < len(s) && s[i] == '$'
	if colAbs {
		i++
	}
	c0 := i
	col := 0
	for i < len(s) && isLetter(s[i]) && i-c0 < 3 {
		col = col*26 + int(s[i]|0x20-'a'+1)
		i++
	}
	if i == c0 || i >= len(s) {
		return 0, ""
	}
	rowAbs := s[i] == '$'
	if rowAbs {
		i++
	}
	r0 := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == r0 || (i < len(s) && (isNameChar(s[i]) || s[i] == '(')) {
		return 0, ""
	}
	row, err := strconv.Atoi(s[r0:i])
	if err != nil {
		return 0, ""
	}
	if !colAbs {
		col += dc
	}
	if !rowAbs {
		row += dr
	}
	if col < 1 || row < 1 || col > maxCols || row > maxRows {
		return i, "#REF!"
	}
	out := ""
	if colAbs {
		out += "$"
	}
	out += ColumnName(col)
	if rowAbs {
		out += "$"
	}
	return i, out + strconv.Itoa(row)
}

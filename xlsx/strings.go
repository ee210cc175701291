package xlsx

import (
	"context"
	"encoding/xml"
	"errors"
	"regexp"
	"strconv"
	"strings"
)

// The parts every sheet refers to: shared strings, number formats (styles) and properties.

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
	err := wb.scan(wb.stringsPart, wb.lim.SheetXML, func(ts *tokens, se xml.StartElement) error {
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
	return wb.strs, damaged(err, DetailStrings)
}

// damaged is the error of reading a part every cell may need (the shared strings, the styles):
// none when the part is missing, the limit's own, and otherwise an *OpenError (NotWorkbook)
// naming the damage: a cell's text or format cannot be told from a damaged part, and guessing
// would give a value the file does not hold.
func damaged(err error, tooLarge string) error {
	var oe *OpenError
	switch {
	case err == nil, errors.Is(err, errNoPart):
		return nil
	case errors.As(err, &oe) && oe.Detail == DetailPart:
		return &OpenError{TooLarge, tooLarge}
	case errors.As(err, &oe), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	return &OpenError{NotWorkbook, err.Error()}
}

// The most cell formats and number formats a workbook may define. Excel itself stops at 64 000
// cell formats; a form has some tens of each.
const (
	maxCellFormats = 65536
	maxNumFmts     = 65536
)

// numFmts reads the styles once: the number format code of each cell style (<cellXfs>).
func (wb *Workbook) numFmts() ([]string, error) {
	if wb.fmtsRead {
		return wb.fmts, nil
	}
	wb.fmtsRead = true
	key, keyed := wb.stylesKey()
	if keyed {
		if f, ok := cachedFormats(key); ok {
			wb.fmts = f // shared: never changed once made
			return f, nil
		}
	}
	custom := map[int]string{}
	var ids []int
	err := wb.scan(wb.stylesPart, maxStylePart, func(ts *tokens, se xml.StartElement) error {
		// Only a <numFmt> of <numFmts> and an <xf> of <cellXfs> count: <dxfs> (the formats of
		// conditional formatting) and <cellStyleXfs> have their own.
		switch se.Name.Local {
		case "numFmt":
			if ts.parent() == "numFmts" {
				if len(custom) >= maxNumFmts {
					return &OpenError{TooLarge, DetailStyles}
				}
				if id, err := strconv.Atoi(attr(se, "numFmtId")); err == nil {
					custom[id] = attr(se, "formatCode")
				}
			}
		case "xf":
			if ts.parent() == "cellXfs" {
				if len(ids) >= maxCellFormats {
					return &OpenError{TooLarge, DetailStyles}
				}
				id, _ := strconv.Atoi(attr(se, "numFmtId"))
				ids = append(ids, id)
			}
		}
		return nil
	})
	if err := damaged(err, DetailPart); err != nil {
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
	if keyed {
		cacheFormats(key, wb.fmts)
	}
	return wb.fmts, nil
}

// customProperties reads docProps/custom.xml: each property's name and its text value.
func (wb *Workbook) customProperties() (map[string]string, error) {
	props := map[string]string{}
	name := ""
	err := wb.scan(wb.propsPart, maxPropsPart, func(ts *tokens, se xml.StartElement) error {
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

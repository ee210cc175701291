package xlsx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// The package of a workbook: the workbook part, its relationships, and parts found by name.

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

type sheetRef struct{ name, part string }

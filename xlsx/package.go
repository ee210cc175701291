package xlsx

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// The package of a workbook: the parts reached from the package's relationships (_rels/.rels →
// the workbook → its sheets, shared strings, styles), found case-insensitively as Excel finds
// them, each read within a size limit of its kind.

// The most bytes a part other than a sheet or the shared strings may unzip to: far above what
// any office program writes, small enough that reading it costs little.
const (
	maxRelsPart  = 4 << 20  // a relationships part
	maxBookPart  = 16 << 20 // the workbook part: sheets, defined names
	maxStylePart = 16 << 20 // the styles
	maxPropsPart = 1 << 20  // the document properties
)

// maxRelationships bounds the relationships of one part.
const maxRelationships = MaxEntries

// newWorkbook reads the package's relationships, the workbook part and its relationships: the
// sheets, their names and parts.
func newWorkbook(ctx context.Context, f io.Closer, zr *zip.Reader, lim Limits) (*Workbook, error) {
	wb := &Workbook{file: f, lim: lim, parts: make(map[string]*zip.File, len(zr.File)),
		bookPart: "xl/workbook.xml", propsPart: "docProps/custom.xml", byName: map[string]int{}, reads: map[string]int{}}
	wb.budget.ctx = ctx
	if lim.Time > 0 {
		wb.budget.deadline = time.Now().Add(lim.Time)
	}
	for _, zf := range zr.File {
		wb.parts[partName(zf.Name)] = zf
	}
	// The workbook is where the package's relationships say; a package without them (some
	// hand-made files) has it at its usual place.
	root, err := wb.relationships("_rels/.rels", "")
	if err != nil && !errors.Is(err, errNoPart) {
		return nil, openError(err)
	}
	for _, r := range root {
		switch r.kind {
		case "officeDocument":
			wb.bookPart = r.target
		case "custom-properties":
			wb.propsPart = r.target
		}
	}
	if wb.parts[wb.bookPart] == nil {
		return nil, &OpenError{NotWorkbook, DetailNoBook}
	}
	dir := path.Dir(wb.bookPart)
	rels, err := wb.relationships(path.Join(dir, "_rels", path.Base(wb.bookPart)+".rels"), dir)
	if err != nil && !errors.Is(err, errNoPart) {
		return nil, openError(err)
	}
	wb.stringsPart, wb.stylesPart = path.Join(dir, "sharedstrings.xml"), path.Join(dir, "styles.xml")
	targets := map[string]relationship{}
	for _, r := range rels {
		targets[r.id] = r
		switch r.kind {
		case "sharedStrings":
			wb.stringsPart = r.target
		case "styles":
			wb.stylesPart = r.target
		}
	}
	err = wb.scan(wb.bookPart, maxBookPart, func(ts *tokens, se xml.StartElement) error {
		switch se.Name.Local {
		case "sheet":
			if len(wb.sheets) >= MaxSheets {
				return &OpenError{TooLarge, DetailSheets}
			}
			r := targets[relID(se)]
			s := sheetRef{name: attr(se, "name"), part: r.target, kind: r.kind, state: attr(se, "state")}
			if _, dup := wb.byName[s.name]; !dup {
				wb.byName[s.name] = len(wb.sheets)
			}
			wb.sheets = append(wb.sheets, s)
		case "workbookPr":
			v := attr(se, "date1904")
			wb.date1904 = v == "1" || v == "true"
		}
		return nil
	})
	if err != nil {
		return nil, openError(err)
	}
	return wb, nil
}

// openError is err as an *OpenError: the limits' own, or a damaged package.
func openError(err error) error {
	var oe *OpenError
	if errors.As(err, &oe) {
		return oe
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return &OpenError{NotWorkbook, err.Error()}
}

// relationship is one internal relationship of a part: its id, the last segment of its type
// ("worksheet", "styles", "officeDocument") and the part it targets.
type relationship struct{ id, kind, target string }

// relationships reads a relationships part; targets are resolved against dir. External targets
// (hyperlinks, linked files) are left out.
func (wb *Workbook) relationships(name, dir string) ([]relationship, error) {
	var out []relationship
	err := wb.scan(name, maxRelsPart, func(ts *tokens, se xml.StartElement) error {
		if se.Name.Local != "Relationship" || attr(se, "TargetMode") == "External" {
			return nil
		}
		if len(out) >= maxRelationships {
			return &OpenError{TooLarge, DetailEntries}
		}
		typ := attr(se, "Type")
		out = append(out, relationship{id: attr(se, "Id"), kind: typ[strings.LastIndexByte(typ, '/')+1:], target: resolve(dir, attr(se, "Target"))})
		return nil
	})
	return out, err
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
		return partName(path.Clean(target))
	}
	return partName(path.Join(dir, target))
}

var errNoPart = errors.New("part missing")

// open opens a part for streaming, if it unzips to no more than limit bytes (0: no limit of its
// own; the zip's have bounded it). The zip reader refuses to inflate a part past its declared
// size.
func (wb *Workbook) open(name string, limit int64) (io.ReadCloser, error) {
	zf := wb.parts[partName(name)]
	if zf == nil {
		return nil, fmt.Errorf("%s: %w", name, errNoPart)
	}
	if limit > 0 && zf.UncompressedSize64 > uint64(limit) {
		return nil, &OpenError{TooLarge, DetailPart}
	}
	wb.reads[partName(name)]++
	return zf.Open()
}

// sheetRef is a sheet as the workbook lists it: its name, its part and the kind of the
// relationship naming it ("worksheet", "chartsheet", …).
// state is the workbook's word for its visibility: "" (visible), "hidden" or "veryHidden".
type sheetRef struct{ name, part, kind, state string }

package xlsx

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"slices"
	"strings"
	"time"
)

// An annotated copy of a workbook, made by streaming: each part is read once more and written
// again, so the copy costs what reading costs, whatever the workbook holds (excelize's whole
// parse of a file within the limits can take gigabytes). What the copy keeps is what the
// package's relationships reach from _rels/.rels under a clean part name; macros (vbaProject,
// Excel 4 macro sheets), the calculation chain, parts that are not well-formed XML (a document
// property of a billion laughs) and what no relationship reaches are left out, and the copy is
// an .xlsx whatever the original was.

// Annotation is what an annotated copy adds to a workbook.
type Annotation struct {
	// Marks are cells to fill with a colour and comment.
	Marks []Mark
	// Author signs the comments; an earlier copy's comments by the same author are replaced.
	Author string
	// Sheet is put first in the workbook and shown when it opens; a sheet of the same name
	// (an earlier copy's) is dropped, and so is one named in Drop (an earlier copy's written
	// in another language).
	Sheet AnnexSheet
	Drop  []string
}

// drops reports whether the copy leaves out a sheet of the original named name.
func (a *Annotation) drops(name string) bool {
	return strings.EqualFold(name, a.Sheet.Name) || slices.ContainsFunc(a.Drop, func(d string) bool { return strings.EqualFold(name, d) })
}

// Mark is a cell of an annotated copy: filled with Fill (RRGGBB) and commented. Row and Col are
// 1-based.
type Mark struct {
	Sheet    string
	Row, Col int
	Fill     string
	Comment  string
}

// AnnexSheet is a sheet an annotated copy adds, written as it is given.
type AnnexSheet struct {
	Name string
	// Widths are the widths of columns 1, 2, … in characters.
	Widths []float64
	Rows   []AnnexRow
	// Freeze keeps the rows above it in view; 0 is none.
	Freeze int
	// Titles are the first and last rows printed on every page; 0 is none. The sheet prints
	// on A4 landscape, one page wide.
	Titles [2]int
}

// AnnexRow is a row of an annex sheet; its cells stand in columns 1, 2, …. Height is in points,
// 0 for the default; it is capped at 409, a spreadsheet's largest.
type AnnexRow struct {
	Height float64
	Cells  []AnnexCell
}

// AnnexCell is a cell of an annex sheet: text, or a number's digits, styled; Link, when set, is
// a place in the workbook to go to ('Biểu 01-CT-TK'!E20).
type AnnexCell struct {
	Text, Number string
	Style        Style
	Link         string
}

// MaxRowHeight is the tallest a row can be, in points.
const MaxRowHeight = 409

// Relationship types and content types the copy treats specially.
const (
	typeMainSheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
	typeWorksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
	typeComments  = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
	typeVML       = "application/vnd.openxmlformats-officedocument.vmlDrawing"
	typeStyles    = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
	typeRels      = "application/vnd.openxmlformats-package.relationships+xml"
	relNS         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	relWorksheet  = relNS + "/worksheet"
	relComments   = relNS + "/comments"
	relVML        = relNS + "/vmlDrawing"
	relStyles     = relNS + "/styles"
	mainNS        = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
)

// droppedRelationships are the kinds of relationship whose target a copy leaves out: macros and
// what only macros use, and the calculation chain (Excel rebuilds it; it numbers sheets).
var droppedRelationships = map[string]bool{
	"vbaProject": true, "vbaProjectSignature": true, "vbaProjectSignatureAgile": true, "vbaProjectSignatureV3": true,
	"keyMapCustomizations": true, "wsSortMap": true, "macrosheet": true, "intlMacrosheet": true, "calcChain": true,
	"extensibility": true, // the custom ribbon (customUI), whose buttons call macros
}

// typeOfKind is the content type of the parts of a kind of relationship.
var typeOfKind = map[string]string{
	"officeDocument":      typeMainSheet,
	"worksheet":           typeWorksheet,
	"styles":              typeStyles,
	"sharedStrings":       "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
	"comments":            typeComments,
	"theme":               "application/vnd.openxmlformats-officedocument.theme+xml",
	"custom-properties":   "application/vnd.openxmlformats-officedocument.custom-properties+xml",
	"core-properties":     "application/vnd.openxmlformats-package.core-properties+xml",
	"extended-properties": "application/vnd.openxmlformats-officedocument.extended-properties+xml",
}

// rel is one relationship of a part, as read.
type rel struct {
	id, typ, target, mode string
	part                  string // the target's part name (partName), internal relationships only
}

func (r rel) kind() string { return r.typ[strings.LastIndexByte(r.typ, '/')+1:] }

// pkgPart is a part the copy keeps.
type pkgPart struct {
	zf    *zip.File
	name  string // the name written: the entry's, with slashes, without a leading one
	ctype string
	rels  []rel // its relationships kept
}

// copier is one annotated copy being made.
type copier struct {
	lim     Limits
	budget  budget
	entries map[string]*zip.File // by partName
	ctypes  struct{ defaults, overrides map[string]string }
	parts   map[string]*pkgPart // kept, by partName
	order   []string
	root    []rel
	book    string // the workbook's partName
	a       *Annotation
}

// WriteAnnotated writes to w a copy of the workbook at path with the annotation: the marked
// cells filled and commented, the annex sheet first. The limits apply as for Open; ctx stops the
// copy.
func WriteAnnotated(ctx context.Context, src string, lim Limits, a Annotation, w io.Writer) error {
	f, zr, err := openZip(src, lim)
	if err != nil {
		return err
	}
	defer f.Close()
	c := &copier{lim: lim, entries: map[string]*zip.File{}, parts: map[string]*pkgPart{}, a: &a}
	c.budget.ctx = ctx
	if lim.Time > 0 {
		c.budget.deadline = time.Now().Add(lim.Time)
	}
	for _, zf := range zr.File {
		c.entries[partName(zf.Name)] = zf
	}
	c.contentTypes()
	if err := c.walk(); err != nil {
		return err
	}
	return c.write(w)
}

// tokens opens a part for reading token by token, within limit bytes.
func (c *copier) tokens(zf *zip.File, limit int64) (*tokens, io.Closer, error) {
	if limit > 0 && zf.UncompressedSize64 > uint64(limit) {
		return nil, nil, &OpenError{TooLarge, DetailPart}
	}
	r, err := zf.Open()
	if err != nil {
		return nil, nil, err
	}
	return newTokens(r, &c.budget), r, nil
}

// each calls visit with every token of a part.
func (c *copier) each(zf *zip.File, limit int64, visit func(ts *tokens, tok xml.Token) error) error {
	ts, closer, err := c.tokens(zf, limit)
	if err != nil {
		return err
	}
	defer closer.Close()
	for {
		tok, err := ts.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return partError(zf.Name, err)
		}
		if err := visit(ts, tok); err != nil {
			return partError(zf.Name, err)
		}
	}
}

// contentTypes reads [Content_Types].xml. A package whose content types cannot be read (the
// reader has no need of them) is copied with the types its relationships and names imply.
func (c *copier) contentTypes() {
	c.ctypes.defaults, c.ctypes.overrides = map[string]string{}, map[string]string{}
	zf := c.entries["[content_types].xml"]
	if zf == nil {
		return
	}
	err := c.each(zf, maxRelsPart, func(_ *tokens, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok {
			return nil
		}
		switch se.Name.Local {
		case "Default":
			c.ctypes.defaults[strings.ToLower(attr(se, "Extension"))] = attr(se, "ContentType")
		case "Override":
			c.ctypes.overrides[partName(attr(se, "PartName"))] = attr(se, "ContentType")
		}
		return nil
	})
	if err != nil {
		c.ctypes.defaults, c.ctypes.overrides = map[string]string{}, map[string]string{}
	}
}

// ctype is a part's content type.
func (c *copier) ctype(name string) string {
	if t := c.ctypes.overrides[name]; t != "" {
		return t
	}
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	if t := c.ctypes.defaults[ext]; t != "" {
		return t
	}
	return map[string]string{"rels": typeRels, "xml": "application/xml", "vml": typeVML, "png": "image/png", "jpeg": "image/jpeg",
		"jpg": "image/jpeg", "gif": "image/gif", "emf": "image/x-emf", "wmf": "image/x-wmf"}[ext]
}

// isXML reports whether a part is XML the copy rewrites. VML is copied as it is: Office writes
// it as HTML-like markup that is not always well-formed.
func isXML(ctype string) bool {
	return ctype != typeVML && (strings.HasSuffix(ctype, "+xml") || strings.HasSuffix(ctype, "/xml"))
}

// cleanName reports whether a part name is a plain relative path: no "..", no drive letter, no
// backslash, nothing absolute, no empty or "." segment.
func cleanName(name string) bool {
	if name == "" || strings.ContainsAny(name, `\:`) || strings.HasPrefix(name, "/") || path.Clean(name) != name {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
		for _, r := range seg {
			if r < 0x20 || r == 0x7f {
				return false
			}
		}
	}
	return true
}

// relsOf is the relationships part of a part ("" is the package).
func relsOf(part string) string {
	if part == "" {
		return "_rels/.rels"
	}
	return path.Join(path.Dir(part), "_rels", path.Base(part)+".rels")
}

// readRels reads a part's relationships, all of them. Relationships that cannot be read (a
// damaged part the reader had no need of) are none: the parts they would reach are left out.
func (c *copier) readRels(part string) ([]rel, error) {
	rels, err := c.relsOf(part)
	var oe *OpenError
	if err != nil && !errors.As(err, &oe) && c.budget.check() == nil {
		return nil, nil
	}
	return rels, err
}

func (c *copier) relsOf(part string) ([]rel, error) {
	zf := c.entries[relsOf(part)]
	if zf == nil {
		return nil, nil
	}
	dir := ""
	if part != "" {
		dir = path.Dir(part)
	}
	var out []rel
	err := c.each(zf, maxRelsPart, func(_ *tokens, tok xml.Token) error {
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			return nil
		}
		if len(out) >= maxRelationships {
			return &OpenError{TooLarge, DetailEntries}
		}
		r := rel{id: attr(se, "Id"), typ: attr(se, "Type"), target: attr(se, "Target"), mode: attr(se, "TargetMode")}
		if r.mode != "External" {
			r.part = resolve(dir, r.target)
		}
		out = append(out, r)
		return nil
	})
	return out, err
}

// walk finds the parts to keep: those the relationships reach from the package, under clean
// names, that are no macro, and whose XML is well-formed.
func (c *copier) walk() error {
	var err error
	if c.root, err = c.keepRels(""); err != nil {
		return err
	}
	// What the reader finds where it usually is when no relationship names it (a hand-made
	// package) is in the copy too, now with its relationship.
	c.root = c.assume(c.root, "", "officeDocument", "xl/workbook.xml")
	c.root = c.assume(c.root, "", "custom-properties", "docProps/custom.xml")
	for _, r := range c.root {
		if r.kind() == "officeDocument" {
			c.book = r.part
		}
	}
	if c.book == "" {
		return &OpenError{NotWorkbook, DetailNoBook}
	}
	// Breadth first from the package: each kept part's own relationships, once.
	for i := 0; i < len(c.order); i++ {
		p := c.parts[c.order[i]]
		if p.rels, err = c.keepRels(c.order[i]); err != nil {
			return err
		}
		if c.order[i] == c.book {
			dir := path.Dir(c.book)
			p.rels = c.assume(p.rels, c.book, "sharedStrings", path.Join(dir, "sharedstrings.xml"))
			p.rels = c.assume(p.rels, c.book, "styles", path.Join(dir, "styles.xml"))
		}
	}
	return nil
}

// assume adds to a part's relationships one of the kind to the part at its usual name, when
// there is none of that kind and the part is in the package, as the reader assumes it.
func (c *copier) assume(rels []rel, from, kind, part string) []rel {
	if slices.ContainsFunc(rels, func(r rel) bool { return r.kind() == kind }) || c.entries[partName(part)] == nil {
		return rels
	}
	typ := relNS + "/" + kind
	if kind == "custom-properties" {
		typ = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
	}
	r := rel{id: freeID(rels, "rIdChitieu"+kind), typ: typ, part: partName(part)}
	if !c.keepPart(r) {
		return rels
	}
	return append(rels, r)
}

// keepRels reads a part's relationships and keeps those to parts that may be copied, adding
// the parts; external relationships are kept as they are.
func (c *copier) keepRels(from string) ([]rel, error) {
	rels, err := c.readRels(from)
	if err != nil {
		return nil, err
	}
	var kept []rel
	for _, r := range rels {
		if r.mode == "External" {
			kept = append(kept, r)
			continue
		}
		if !c.keepPart(r) {
			continue
		}
		kept = append(kept, r)
	}
	return kept, nil
}

// keepPart adds a relationship's target to the parts kept, if it may be: it reports whether
// the relationship stays.
func (c *copier) keepPart(r rel) bool {
	if droppedRelationships[r.kind()] || !cleanName(r.part) || strings.HasPrefix(r.part, "_rels/") || strings.Contains(r.part, "/_rels/") {
		return false
	}
	if _, ok := c.parts[r.part]; ok {
		return true
	}
	zf := c.entries[r.part]
	if zf == nil || strings.HasSuffix(zf.Name, "/") {
		return false
	}
	ct := c.ctype(r.part)
	if t, ok := typeOfKind[r.kind()]; ok && (ct == "" || ct == "application/xml") {
		ct = t // a package without content types for its parts (hand-made) gets them
	}
	low := strings.ToLower(ct)
	switch {
	case strings.Contains(low, "vbaproject") || strings.Contains(low, "macrosheet"):
		return false
	case strings.Contains(low, "macroenabled") || strings.Contains(low, "spreadsheetml.template.main"):
		if r.kind() != "officeDocument" {
			return false
		}
		ct = typeMainSheet // a copy is an .xlsx
	}
	if !c.readable(zf, isXML(ct)) {
		return false
	}
	c.parts[r.part] = &pkgPart{zf: zf, name: strings.TrimPrefix(strings.ReplaceAll(zf.Name, `\`, "/"), "/"), ctype: ct}
	c.order = append(c.order, r.part)
	return true
}

// readable reads a part through, as XML or as bytes: one that cannot be read (undeclared
// entities, a billion laughs, broken markup, a damaged zip entry) is left out of the copy rather
// than found broken half way through writing it.
func (c *copier) readable(zf *zip.File, asXML bool) bool {
	if asXML {
		return c.each(zf, c.lim.SheetXML, func(*tokens, xml.Token) error { return nil }) == nil
	}
	r, err := zf.Open()
	if err != nil {
		return false
	}
	defer r.Close()
	_, err = io.Copy(io.Discard, r)
	return err == nil
}

// partLimit is the most a kept part may unzip to when read again.
func (c *copier) partLimit() int64 { return c.lim.SheetXML }

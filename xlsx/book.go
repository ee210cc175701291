package xlsx

import (
	"archive/zip"
	"bytes"
	"chitieu/finding"
	"chitieu/outfile"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// Book is a workbook being built. Its methods record the first error and ignore everything after
// it; Save returns that error.
type Book struct {
	f      *excelize.File
	styles map[Style]int
	recent recentStyles
	sheets []*Sheet
	active *Sheet
	// cached holds the computed result of formula cells, by sheet name and cell, to be written
	// with the formula: excelize writes formulas without results.
	cached map[string]map[string]string
	// auto holds the rows of each sheet whose height stays automatic (AutoRowHeight).
	auto map[string]map[int]bool
	// streams are the sheets written row by row, flushed when the book is saved; detached those
	// written on a goroutine of their own (Detach).
	streams  []*Rows
	detached []*Rows
	// charts counts the charts added; patches rewrite a part (a chart's XML) when the book is
	// saved, for settings excelize does not write.
	charts  int
	patches map[string]func([]byte) []byte
	err     error
}

// NewBook starts an empty workbook.
func NewBook() *Book {
	return &Book{f: excelize.NewFile(excelize.Options{TmpDir: outfile.TempDir()}), styles: map[Style]int{}, cached: map[string]map[string]string{}, patches: map[string]func([]byte) []byte{}}
}

func (b *Book) fail(err error) {
	if b.err == nil && err != nil {
		b.err = err
	}
}

// Sheet adds a worksheet (the first call renames the default one).
func (b *Book) Sheet(name string) *Sheet {
	if len(b.sheets) == 0 {
		b.fail(b.f.SetSheetName(b.f.GetSheetName(0), name))
	} else {
		_, err := b.f.NewSheet(name)
		b.fail(err)
	}
	s := &Sheet{b: b, name: name}
	b.sheets = append(b.sheets, s)
	return s
}

// Hide makes a sheet very hidden: Excel's and LibreOffice's menus do not offer to show it.
func (b *Book) Hide(s *Sheet) {
	b.fail(b.f.SetSheetVisible(s.name, false, true))
}

// Properties sets the document's title and custom properties (File › Properties in Excel).
func (b *Book) Properties(title, creator string, custom [][2]string) {
	b.fail(b.f.SetDocProps(&excelize.DocProperties{Title: XMLSafe(title), Creator: XMLSafe(creator), LastModifiedBy: XMLSafe(creator)}))
	for _, kv := range custom {
		b.fail(b.f.SetCustomProps(excelize.CustomProperty{Name: XMLSafe(kv[0]), Value: XMLSafe(kv[1])}))
	}
}

// RecalculateOnOpen asks Excel and LibreOffice to recompute every formula when the file opens.
func (b *Book) RecalculateOnOpen() {
	t := true
	b.fail(b.f.SetCalcProps(&excelize.CalcPropsOptions{FullCalcOnLoad: &t}))
}

// Save writes the workbook. The same content and stamp give the same bytes: document timestamps
// are set to stamp and the zip entries are written in name order with fixed times.
//
// The sheets detached on goroutines of their own may still be writing their rows: excelize
// writes its parts meanwhile, and the zip waits for a detached sheet's rows when it comes to it
// (sortedZip.Close), putting in its merged cells and page breaks.
func (b *Book) Save(w io.Writer, stamp time.Time) (err error) {
	defer func() { // whatever the way out, the detached sheets are done with, their errors taken
		b.join()
		if err == nil {
			err = b.err
		}
	}()
	if b.err != nil {
		return b.err
	}
	ts := stamp.UTC().Format(time.RFC3339)
	props, err := b.f.GetDocProps()
	if err != nil {
		return err
	}
	props.Created, props.Modified = ts, ts
	if err := b.f.SetDocProps(props); err != nil {
		return err
	}
	b.patches["docProps/core.xml"] = func([]byte) []byte { return coreXML(coreProps(*props)) }
	if b.active == nil && len(b.sheets) > 0 {
		b.f.SetActiveSheet(0)
	}
	streamed := map[string]*Rows{} // a streamed sheet, by its name
	for _, r := range b.streams {
		if r.sw != nil {
			if err := r.flush(); err != nil {
				return err
			}
			if r.frozen == nil {
				r.sw = nil // a detached sheet's goroutine reads it: set when joined
			}
			if r.data != nil {
				streamed[r.name] = r
			}
		}
	}
	paths, auto, rows := map[string]map[string]string{}, map[string]map[int]bool{}, map[string]*Rows{}
	for id, name := range b.f.GetSheetMap() {
		if d := streamed[name]; d != nil {
			rows[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = d
		}
		if c := b.cached[name]; len(c) > 0 {
			paths[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = c
		}
		if a := b.auto[name]; len(a) > 0 {
			auto[fmt.Sprintf("xl/worksheets/sheet%d.xml", id)] = a
		}
	}
	b.f.SetZipWriter(func(w io.Writer) excelize.ZipWriter {
		z := newSortedZip(w)
		z.cached, z.auto, z.patches, z.rows = paths, auto, b.patches, rows
		return z
	})
	_, err = b.f.WriteTo(w)
	return err
}

// coreProps are the document's core properties, as excelize holds them.
type coreProps = excelize.DocProperties

// sortedZip keeps the entries excelize writes (in an order that varies from run to run) and
// writes them sorted by name, with a fixed modification time, when closed.
type sortedZip struct {
	w       io.Writer
	entries map[string]*spool
	cached  map[string]map[string]string // entry → cell → formula result
	auto    map[string]map[int]bool      // entry → rows whose height stays automatic
	patches map[string]func([]byte) []byte
	rows    map[string]*Rows // entry → a streamed sheet, its rows put between its <sheetData> tags
	// ready are the entries deflated while excelize writes the next ones: each is made whole
	// (the transforms above) and deflated on a goroutine of its own as soon as excelize has
	// written it, so that the save is left writing bytes out. last is the entry being written.
	ready map[string]*deflated
	last  string
}

// deflated is a zip entry made whole and deflated ahead of its turn.
type deflated struct {
	done chan struct{}
	data []byte // deflated
	crc  uint32
	size int64 // before deflating
	err  error // set before done is closed
}

func newSortedZip(w io.Writer) *sortedZip {
	return &sortedZip{w: w, entries: map[string]*spool{}, ready: map[string]*deflated{}}
}

func (z *sortedZip) Create(name string) (io.Writer, error) {
	if _, dup := z.entries[name]; dup {
		return nil, fmt.Errorf("xlsx: zip entry %s written twice", name)
	}
	z.deflateLast()
	sp := &spool{}
	z.entries[name] = sp
	z.last = name
	return sp, nil
}

// deflateLast starts deflating the entry excelize last wrote, now whole, when it is held in
// memory and is not a detached sheet's (those are deflated as their rows are written).
func (z *sortedZip) deflateLast() {
	name := z.last
	z.last = ""
	if name == "" {
		return
	}
	sp, rows := z.entries[name], z.rows[name]
	if sp.file != nil || rows != nil && (rows.packed != nil || rows.data.file != nil) {
		return
	}
	d := &deflated{done: make(chan struct{})}
	z.ready[name] = d
	go func() {
		defer close(d.done)
		data, err := z.whole(name, sp)
		if err != nil {
			d.err = err
			return
		}
		var out bytes.Buffer
		pd := &parallelDeflate{w: &out}
		pd.Write(data)
		if d.err = pd.Close(); d.err == nil {
			d.data, d.crc, d.size = out.Bytes(), crc32.ChecksumIEEE(data), int64(len(data))
		}
	}()
}

// whole is the entry name as it goes into the zip: excelize's part with a streamed sheet's
// rows put in, formulas' results, automatic heights and patches applied.
func (z *sortedZip) whole(n string, sp *spool) ([]byte, error) {
	c, a, patch, rows := z.cached[n], z.auto[n], z.patches[n], z.rows[n]
	var data []byte
	var err error
	if rows != nil {
		var b bytes.Buffer
		err = spliceRows(&b, sp, rows)
		data = b.Bytes()
	} else {
		data, err = sp.bytes()
	}
	if err != nil {
		return nil, err
	}
	if n == "[Content_Types].xml" {
		data = sortDefaults(data)
	}
	if c != nil {
		data = withResults(data, c)
	}
	if a != nil {
		data = withAutoHeights(data, a)
	}
	if patch != nil {
		data = patch(data)
	}
	return data, nil
}

func (z *sortedZip) AddFS(fsys fs.FS) error {
	return fs.WalkDir(fsys, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return err
		}
		w, err := z.Create(name)
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	})
}

// zipTime is the modification time of every entry: the earliest a zip can store.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

func (z *sortedZip) Close() error {
	z.deflateLast()
	defer func() {
		for _, d := range z.ready { // they read the spools
			<-d.done
		}
		for _, sp := range z.entries {
			sp.remove()
		}
	}()
	names := make([]string, 0, len(z.entries))
	for n := range z.entries {
		names = append(names, n)
	}
	slices.Sort(names)
	zw := zip.NewWriter(z.w)
	zw.RegisterCompressor(zip.Deflate, newParallelDeflate)
	for _, n := range names {
		sp := z.entries[n]
		c, a, patch, rows := z.cached[n], z.auto[n], z.patches[n], z.rows[n]
		if d := z.ready[n]; d != nil {
			<-d.done
			if d.err != nil {
				return d.err
			}
			fh := &zip.FileHeader{Name: n, Method: zip.Deflate, Modified: zipTime, CRC32: d.crc,
				CompressedSize64: uint64(len(d.data)), UncompressedSize64: uint64(d.size)}
			rawHeader(fh)
			fw, err := zw.CreateRaw(fh)
			if err == nil {
				_, err = fw.Write(d.data)
			}
			if err != nil {
				return err
			}
			continue
		}
		if rows != nil && rows.packed != nil {
			<-rows.done // its goroutine's rows
			if rows.err != nil {
				return rows.err
			}
			if c != nil || a != nil || patch != nil {
				return fmt.Errorf("xlsx: %s: a detached sheet with formulas' results, automatic heights or a patch", n)
			}
			if err := writePacked(zw, n, sp, rows); err != nil {
				return err
			}
			continue
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if n != "[Content_Types].xml" && c == nil && a == nil && patch == nil {
			if rows != nil {
				err = spliceRows(fw, sp, rows)
			} else {
				err = sp.copyTo(fw)
			}
			if err != nil {
				return err
			}
			continue
		}
		data, err := z.whole(n, sp)
		if err == nil {
			_, err = fw.Write(data)
		}
		if err != nil {
			return err
		}
	}
	return zw.Close()
}

// spliceRows writes a streamed sheet: excelize's part (its set-up, page breaks) with the rows
// put between its <sheetData> tags, in place of what excelize holds there, and the merged cells
// after them, where excelize would write them.
func spliceRows(w io.Writer, sheet *spool, r *Rows) error {
	data, open, end, err := streamedPart(sheet)
	if err != nil {
		return err
	}
	if _, err := w.Write(data[:open]); err != nil {
		return err
	}
	if err := r.data.copyTo(w); err != nil {
		return err
	}
	return writeTail(w, data[end:], r)
}

// writeTail writes what follows a streamed sheet's rows: the end of sheetData, the merged cells
// and the rest of excelize's part, rest (which begins with </sheetData>).
func writeTail(w io.Writer, rest []byte, r *Rows) error {
	rest = bytes.TrimPrefix(rest, []byte("</sheetData>"))
	if _, err := w.Write([]byte("</sheetData>")); err != nil {
		return err
	}
	if len(r.merges) > 0 {
		if err := mergesFit(r, rest); err != nil {
			return err
		}
		if _, err := w.Write(mergeCellsXML(r.merges)); err != nil {
			return err
		}
	}
	_, err := w.Write(rest)
	return err
}

// streamedPart is excelize's part of a streamed sheet, with where its rows go: after
// <sheetData> (open) and before </sheetData> (end).
func streamedPart(sheet *spool) (data []byte, open, end int, err error) {
	if data, err = sheet.bytes(); err != nil {
		return nil, 0, 0, err
	}
	open, end = bytes.Index(data, []byte("<sheetData>")), bytes.Index(data, []byte("</sheetData>"))
	if open < 0 || end < open {
		return nil, 0, 0, fmt.Errorf("xlsx: a streamed sheet has no sheetData")
	}
	return data, open + len("<sheetData>"), end, nil
}

// mergesFit checks that a streamed sheet's merged cells may go right before rest, what excelize
// writes after </sheetData>.
func mergesFit(r *Rows, rest []byte) error {
	for _, name := range beforeMergeCells {
		if bytes.HasPrefix(rest, []byte("<"+name)) {
			return fmt.Errorf("xlsx: sheet %s: a streamed sheet with <%s>, which goes before its merged cells", r.name, name)
		}
	}
	return nil
}

// beforeMergeCells are the worksheet's elements that come between sheetData and mergeCells
// (ECMA-376 Part 1, 18.3.1.99 worksheet): a streamed sheet has none of them.
var beforeMergeCells = []string{"sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState", "dataConsolidate", "customSheetViews"}

// mergeCellsXML is the mergeCells element of the merged rectangles, as excelize's stream
// writer writes it.
func mergeCellsXML(merges [][4]int) []byte {
	b := make([]byte, 0, 32+len(merges)*32)
	b = append(b, `<mergeCells count="`...)
	b = strconv.AppendInt(b, int64(len(merges)), 10)
	b = append(b, `">`...)
	for _, m := range merges {
		b = append(b, `<mergeCell ref="`...)
		b = appendColumn(b, m[1])
		b = strconv.AppendInt(b, int64(m[0]), 10)
		b = append(b, ':')
		b = appendColumn(b, m[3])
		b = strconv.AppendInt(b, int64(m[2]), 10)
		b = append(b, `"/>`...)
	}
	return append(b, `</mergeCells>`...)
}

// spoolLimit is how much of one zip entry is kept in memory; the rest goes to a temporary file.
const spoolLimit = 4 << 20

// spool holds one zip entry until the zip is written: in memory while it is small, in a
// temporary file once it is not, so that a large sheet does not sit in memory twice. In memory
// it is a list of chunks, so that a growing sheet is never copied into a larger buffer.
type spool struct {
	chunks [][]byte
	size   int
	file   *os.File
}

// spoolChunk is the largest chunk a spool holds in memory; the first chunks are smaller, for the
// many small parts of a workbook.
const spoolChunk = 64 << 10

func (sp *spool) Write(p []byte) (int, error) {
	if sp.file == nil && sp.size+len(p) > spoolLimit {
		f, err := outfile.Temp()
		if err != nil {
			return 0, err
		}
		sp.file = f
		for _, c := range sp.chunks {
			if _, err := f.Write(c); err != nil {
				return 0, err
			}
		}
		sp.chunks = nil
	}
	if sp.file != nil {
		n, err := sp.file.Write(p)
		sp.size += n
		return n, err
	}
	n := len(p)
	for len(p) > 0 {
		last := len(sp.chunks) - 1
		if last < 0 || len(sp.chunks[last]) == cap(sp.chunks[last]) {
			size := spoolChunk
			if last < 0 || cap(sp.chunks[last]) < spoolChunk {
				size = min(max(len(p), 4<<10, 2*sp.size), spoolChunk) // doubling up to a chunk
			}
			sp.chunks = append(sp.chunks, make([]byte, 0, size))
			last++
		}
		c := sp.chunks[last]
		take := min(cap(c)-len(c), len(p))
		sp.chunks[last] = append(c, p[:take]...)
		p = p[take:]
	}
	sp.size += n
	return n, nil
}

func (sp *spool) copyTo(w io.Writer) error {
	if sp.file == nil {
		for _, c := range sp.chunks {
			if _, err := w.Write(c); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := sp.file.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(w, sp.file)
	return err
}

func (sp *spool) bytes() ([]byte, error) {
	if sp.file == nil && len(sp.chunks) == 1 {
		return sp.chunks[0], nil
	}
	b := bytes.NewBuffer(make([]byte, 0, sp.size))
	err := sp.copyTo(b)
	return b.Bytes(), err
}

func (sp *spool) remove() {
	if sp.file != nil {
		outfile.Remove(sp.file)
		sp.file = nil
	}
}

// Cell names a cell: Cell(12, 5) is "E12".
func Cell(row, col int) string { return finding.Ref(row, col) }

// ColumnName turns a 1-based column number into its letters: 1 → A, 27 → AA.
func ColumnName(col int) string { return finding.ColumnName(col) }

// OpenBook opens an existing workbook for changing it; Save writes the changed copy. The limits
// apply as for Open.
func OpenBook(path string, lim Limits) (*Book, error) {
	f, _, err := openZip(path, lim)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	ef, err := excelize.OpenReader(f, excelize.Options{UnzipSizeLimit: max(lim.Unzipped, lim.SheetXML), UnzipXMLSizeLimit: lim.SheetXML, TmpDir: outfile.TempDir()})
	if err != nil {
		return nil, &OpenError{NotWorkbook, err.Error()}
	}
	b := &Book{f: ef, styles: map[Style]int{}, cached: map[string]map[string]string{}, patches: map[string]func([]byte) []byte{}}
	for _, name := range ef.GetSheetList() {
		b.sheets = append(b.sheets, &Sheet{b: b, name: name})
	}
	return b, nil
}

// Existing returns the sheet with the name, or nil.
func (b *Book) Existing(name string) *Sheet {
	for _, s := range b.sheets {
		if s.name == name {
			return s
		}
	}
	return nil
}

// Close releases the temporary files of a book.
func (b *Book) Close() error {
	b.join()
	for _, r := range b.streams {
		if r.data != nil {
			r.data.remove()
		}
		if r.packed != nil {
			r.packed.out.remove()
		}
	}
	return b.f.Close()
}

// withResults writes each formula's cached result after it: <c r="E5"><f>…</f></c> becomes
// <c r="E5"><f>…</f><v>123.4</v></c>, so that every viewer shows the number, also those that do
// not calculate.
func withResults(sheet []byte, results map[string]string) []byte {
	var out bytes.Buffer
	out.Grow(len(sheet) + 16*len(results))
	rest := sheet
	for {
		i := bytes.Index(rest, []byte(`<c r="`))
		if i < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		gt := bytes.IndexByte(rest[i:], '>')
		if gt < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		if rest[i+gt-1] == '/' { // <c …/>: an empty cell
			out.Write(rest[:i+gt+1])
			rest = rest[i+gt+1:]
			continue
		}
		end := bytes.Index(rest[i+gt:], []byte("</c>"))
		if end < 0 {
			out.Write(rest)
			return out.Bytes()
		}
		end += gt
		j := i + len(`<c r="`)
		cell := rest[i : i+end]
		v, ok := results[string(rest[j:j+bytes.IndexByte(rest[j:], '"')])]
		if !ok || !bytes.Contains(cell, []byte("</f>")) || bytes.Contains(cell, []byte("<v>")) {
			out.Write(rest[:i+end])
			rest = rest[i+end:]
			continue
		}
		out.Write(rest[:i])
		// excelize marks formula cells as strings (t="str"); a numeric result has no type.
		out.Write(bytes.Replace(cell, []byte(` t="str"`), nil, 1))
		out.WriteString("<v>" + v + "</v>")
		rest = rest[i+end:]
	}
}

// sortDefaults puts the <Default> elements of [Content_Types].xml in order: excelize writes the
// image types it registers for a chart from a map, in an order that varies from run to run.
func sortDefaults(ct []byte) []byte {
	const open, end = "<Default ", "</Default>"
	first := bytes.Index(ct, []byte(open))
	if first < 0 {
		return ct
	}
	var elems [][]byte
	i := first
	for bytes.HasPrefix(ct[i:], []byte(open)) {
		j := bytes.Index(ct[i:], []byte(end))
		if j < 0 {
			return ct
		}
		elems = append(elems, ct[i:i+j+len(end)])
		i += j + len(end)
	}
	slices.SortFunc(elems, bytes.Compare)
	out := append([]byte{}, ct[:first]...)
	for _, e := range elems {
		out = append(out, e...)
	}
	return append(out, ct[i:]...)
}

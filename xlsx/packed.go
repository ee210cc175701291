package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"time"

	"github.com/xuri/excelize/v2"
)

// packed holds a detached sheet's rows deflated as they are written, on the sheet's own
// goroutine: when the book is saved, the part is its set-up deflated, these pieces, and its end
// deflated, joined into one deflate stream (each piece but the last ends with a sync flush, as
// parallelDeflate's do), so that deflating the largest part of a province workbook is not left
// for the save. The pieces are cut every deflateChunk bytes of rows, whatever the cores.
type packed struct {
	out  spool           // the deflated pieces
	pd   parallelDeflate // deflating into out
	crc  uint32          // CRC-32 of the rows
	size int64           // bytes of rows
}

func newPacked() *packed {
	p := &packed{}
	p.pd.w = &p.out
	return p
}

func (p *packed) Write(b []byte) (int, error) {
	p.crc = crc32.Update(p.crc, crc32.IEEETable, b)
	p.size += int64(len(b))
	return p.pd.Write(b)
}

// finish ends the rows: the end of sheetData and the merged cells are deflated with them, on the
// sheet's goroutine, leaving the save only the parts excelize writes around them; the stream
// ends with a sync flush, the part's end following it.
func (p *packed) finish(merges [][4]int) error {
	end := []byte("</sheetData>")
	if len(merges) > 0 {
		end = append(end, mergeCellsXML(merges)...)
	}
	if _, err := p.Write(end); err != nil {
		return err
	}
	return p.pd.end(false)
}

// writePacked writes the zip entry name of a streamed sheet whose rows are packed: its set-up
// (excelize's part up to <sheetData>), the rows with the merged cells after them (packed), and
// the rest of excelize's part.
func writePacked(zw *zip.Writer, name string, sheet *spool, r *Rows) error {
	data, open, end, err := streamedPart(sheet)
	if err != nil {
		return err
	}
	head, tail := data[:open], data[end+len("</sheetData>"):]
	if len(r.merges) > 0 {
		if err := mergesFit(r, tail); err != nil {
			return err
		}
	}
	if tail, err = withBreaks(r, tail); err != nil {
		return err
	}
	h, t := compress(head, false), compress(tail, true)
	crc := crc32.ChecksumIEEE(head)
	crc = crc32Combine(crc, r.packed.crc, r.packed.size)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(tail), int64(len(tail)))
	fh := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: zipTime, CRC32: crc,
		CompressedSize64:   uint64(len(h)+len(t)) + uint64(r.packed.out.size),
		UncompressedSize64: uint64(len(head)+len(tail)) + uint64(r.packed.size)}
	rawHeader(fh)
	w, err := zw.CreateRaw(fh)
	if err != nil {
		return err
	}
	if _, err := w.Write(h); err != nil {
		return err
	}
	if err := r.packed.out.copyTo(w); err != nil {
		return err
	}
	_, err = w.Write(t)
	return err
}

// rawHeader fills in what CreateHeader sets and CreateRaw does not: the MS-DOS date, from
// Modified, and the versions made by and needed (2.0, deflate: APPNOTE 4.4.3).
func rawHeader(fh *zip.FileHeader) {
	//lint:ignore SA1019 CreateHeader sets the MS-DOS date from Modified, CreateRaw does not
	fh.ModifiedDate, fh.ModifiedTime = msDosDate(zipTime), 0
	fh.CreatorVersion, fh.ReaderVersion = 20, 20
}

// msDosDate is the MS-DOS date of t, as a zip's headers keep it.
func msDosDate(t time.Time) uint16 {
	return uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
}

// crc32Combine is the CRC-32 (IEEE) of a followed by b, from a's and b's CRC-32 and b's length:
// zlib's crc32_combine, multiplying by x^(8·n) in GF(2) modulo the polynomial.
func crc32Combine(crcA, crcB uint32, lenB int64) uint32 {
	if lenB <= 0 {
		return crcA
	}
	return multModP(x8nModP(lenB), crcA) ^ crcB
}

const crcPoly = 0xedb88320 // IEEE, reflected

// multModP is a·b modulo the polynomial, in the reflected bit order CRC-32 uses.
func multModP(a, b uint32) uint32 {
	m := uint32(1) << 31
	var p uint32
	for {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				break
			}
		}
		m >>= 1
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return p
}

// x8nModP is x^(8·n) modulo the polynomial.
func x8nModP(n int64) uint32 {
	p := uint32(1) << 31 // x^0
	k := 3
	for n != 0 {
		if n&1 != 0 {
			p = multModP(x2nTable[k&31], p)
		}
		n >>= 1
		k++
	}
	return p
}

// x2nTable holds x^(2^k) modulo the polynomial.
var x2nTable = func() (t [32]uint32) {
	p := uint32(1) << 30 // x^1
	t[0] = p
	for k := 1; k < 32; k++ {
		p = multModP(p, p)
		t[k] = p
	}
	return t
}()

var _ io.Writer = (*packed)(nil)

// withBreaks puts a detached sheet's page breaks into rest, the end of excelize's part (the
// sheet's goroutine made them after excelize was given the part), where excelize puts them and
// as it writes them: the rows' breaks in the order given, each once, then the columns' (none).
func withBreaks(r *Rows, rest []byte) ([]byte, error) {
	var seen []int
	for _, row := range r.breaks {
		if row < 1 || row > excelize.TotalRows {
			return nil, fmt.Errorf("xlsx: sheet %s: a page break at row %d", r.name, row)
		}
		if row > 1 && !slices.Contains(seen, row) {
			seen = append(seen, row)
		}
	}
	if len(seen) == 0 {
		return rest, nil
	}
	const end = "</worksheet>"
	if !bytes.HasSuffix(rest, []byte(end)) {
		return nil, fmt.Errorf("xlsx: sheet %s: a streamed sheet that does not end with %s", r.name, end)
	}
	for _, name := range afterRowBreaks {
		if bytes.Contains(rest, []byte("<"+name)) {
			return nil, fmt.Errorf("xlsx: sheet %s: a detached sheet with <%s>, which goes with its page breaks", r.name, name)
		}
	}
	out := slices.Clip(rest[:len(rest)-len(end)])
	out = fmt.Appendf(out, `<rowBreaks count="%d" manualBreakCount="%d">`, len(seen), len(seen))
	for _, row := range seen {
		out = fmt.Appendf(out, `<brk id="%d" max="%d" man="true"></brk>`, row-1, excelize.MaxColumns-1)
	}
	return append(out, "</rowBreaks><colBreaks></colBreaks>"+end...), nil
}

// afterRowBreaks are the worksheet's elements that come with or after its page breaks (ECMA-376
// Part 1, 18.3.1.99 worksheet): a detached sheet has none of them.
var afterRowBreaks = []string{"rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
	"legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst"}

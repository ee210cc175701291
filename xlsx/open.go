package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"unicode/utf16"
)

// Problem is why a file cannot be read as a workbook.
type Problem uint8

// Problems a file can have.
const (
	NotWorkbook Problem = iota + 1 // not a spreadsheet, or damaged / cut short
	LegacyXLS                      // an Excel 97–2003 .xls file
	Encrypted                      // protected with a password to open
	TooLarge                       // over a limit: file size, unzipped size, entries
)

// OpenError says why a file is not a readable workbook. Detail is one of the Detail* constants
// or a short English description.
type OpenError struct {
	Problem Problem
	Detail  string
}

// Details of an OpenError, for the message shown to a person.
const (
	DetailTruncated = "truncated"      // a zip cut short: a download that did not finish
	DetailHTML      = "html"           // a web page saved with a spreadsheet's name
	DetailXML2003   = "xml2003"        // Excel 2003 XML
	DetailPDF       = "pdf"            // a PDF
	DetailWord      = "word"           // a Word document
	DetailODS       = "ods"            // an OpenDocument spreadsheet
	DetailOLE       = "ole"            // another Office 97–2003 document
	DetailEmpty     = "empty"          // zero bytes
	DetailNoBook    = "no-workbook"    // a zip without xl/workbook.xml
	DetailFileSize  = "file-size"      // the file itself is over the limit
	DetailUnzipped  = "unzipped-size"  // the contents unzip to more than the limit
	DetailSheetSize = "sheet-size"     // one sheet unzips to more than the limit
	DetailEntries   = "entries"        // more zip entries than a workbook has
	DetailRows      = "rows"           // a sheet has more rows than the limit
	DetailCols      = "columns"        // a row has more cells than the limit
	DetailStrings   = "shared-strings" // the shared strings unzip to more than a sheet may, or are too many
	DetailUnknown   = "unknown"        // bytes that are no format we know
	DetailIrregular = "not-regular"    // a device, a pipe (FIFO), a socket: not a file that has a size
	DetailTwins     = "case-twins"     // two zip entries whose names differ only in case (or are the same)
	DetailStyles    = "styles"         // more cell formats or number formats than a workbook can have
	DetailSheets    = "sheets"         // more sheets than the limit
	DetailPart      = "part-size"      // a part other than a sheet is larger than a workbook's ever is
	DetailTime      = "time"           // reading took longer than the time budget
)

func (e *OpenError) Error() string {
	names := map[Problem]string{NotWorkbook: "not a workbook", LegacyXLS: "legacy .xls", Encrypted: "encrypted", TooLarge: "too large"}
	return names[e.Problem] + " (" + e.Detail + ")"
}

// MaxEntries bounds the number of entries of a workbook's zip; a form has about twenty.
const MaxEntries = 10000

// MaxSheets bounds the sheets a workbook may list; a form has two.
const MaxSheets = 1000

var (
	zipMagic = []byte("PK\x03\x04")
	cfbMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Open opens the workbook at path for reading. A file that is not a readable workbook gives an
// *OpenError saying why; any other error is the file system's.
func Open(path string, lim Limits) (*Workbook, error) {
	return OpenContext(context.Background(), path, lim)
}

// OpenContext is Open for a workbook whose reading stops, with ctx's error, once ctx is done.
func OpenContext(ctx context.Context, path string, lim Limits) (*Workbook, error) {
	f, zr, err := openZip(path, lim)
	if err != nil {
		return nil, err
	}
	wb, err := newWorkbook(ctx, f, zr, lim)
	if err != nil {
		f.Close()
		return nil, err
	}
	return wb, nil
}

// openZip opens the file at path as a zip holding a workbook, after telling the other things a
// file with a spreadsheet's name can be from one, and checking the zip's declared sizes against
// the limits. The caller closes the file.
func openZip(path string, lim Limits) (*os.File, *zip.Reader, error) {
	f, err := OpenRegular(path)
	if err != nil {
		return nil, nil, err
	}
	zr, err := checkFile(f, lim)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, zr, nil
}

func checkFile(f *os.File, lim Limits) (*zip.Reader, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if lim.File > 0 && st.Size() > lim.File {
		return nil, &OpenError{TooLarge, DetailFileSize}
	}
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil, err
	}
	head = head[:n]
	switch {
	case n == 0:
		return nil, &OpenError{NotWorkbook, DetailEmpty}
	case bytes.HasPrefix(head, cfbMagic):
		return nil, classifyOLE(f, st.Size())
	case !bytes.HasPrefix(head, zipMagic) && !bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return nil, &OpenError{NotWorkbook, sniff(head)}
	}
	zr, err := zip.NewReader(f, st.Size())
	if err != nil {
		return nil, &OpenError{NotWorkbook, DetailTruncated}
	}
	if err := checkZip(zr, lim); err != nil {
		return nil, err
	}
	return zr, nil
}

// OpenRegular opens a file for reading only if it is a regular file: a device (/dev/zero), a pipe
// (a FIFO named x.xlsx) or a socket, directly or through a symbolic link, gives an *OpenError
// (NotWorkbook, DetailIrregular) at once. The file is opened without waiting for a writer, so
// that a FIFO can never make the program hang; what is opened is what is checked.
func OpenRegular(path string) (*os.File, error) {
	f, err := openNoWait(path)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, err
	}
	if !st.Mode().IsRegular() {
		f.Close()
		return nil, &OpenError{NotWorkbook, DetailIrregular}
	}
	return f, nil
}

// partName is a zip entry's name as a part name, for comparing: part names are
// case-insensitive (ECMA-376 part 2, §6.2.2.3), some writers put a leading slash, and Windows
// tools a backslash.
func partName(entry string) string {
	return strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(entry, `\`, "/"), "/"))
}

// checkZip looks at a zip's directory: the workbook must be there, no two entries may name the
// same part, and what it declares must stay within the limits. Go's zip reader refuses an
// entry that inflates to more than it declares, so the declared sizes bound what reading can cost.
func checkZip(zr *zip.Reader, lim Limits) error {
	if len(zr.File) > MaxEntries {
		return &OpenError{TooLarge, DetailEntries}
	}
	var total uint64
	names := map[string]bool{}
	for _, zf := range zr.File {
		name := partName(zf.Name)
		// Two entries naming one part ("sheet1.xml" and "Sheet1.xml", or the same name twice)
		// are read differently by different programs: a viewer shows one, a reader might take
		// the other. No program writes such a package.
		if names[name] && !strings.HasSuffix(name, "/") {
			return &OpenError{NotWorkbook, DetailTwins}
		}
		names[name] = true
		total += zf.UncompressedSize64
		if lim.SheetXML > 0 && zf.UncompressedSize64 > uint64(lim.SheetXML) {
			switch {
			case strings.HasPrefix(name, "xl/worksheets/"):
				return &OpenError{TooLarge, DetailSheetSize}
			case name == "xl/sharedstrings.xml":
				return &OpenError{TooLarge, DetailStrings}
			}
		}
	}
	if lim.Unzipped > 0 && total > uint64(lim.Unzipped) {
		return &OpenError{TooLarge, DetailUnzipped}
	}
	switch {
	case names["xl/workbook.xml"] || names["_rels/.rels"] && !names["word/document.xml"]:
		return nil
	case names["word/document.xml"]:
		return &OpenError{NotWorkbook, DetailWord}
	case names["content.xml"] && names["mimetype"]:
		return &OpenError{NotWorkbook, DetailODS}
	}
	return &OpenError{NotWorkbook, DetailNoBook}
}

// classifyOLE tells an encrypted .xlsx (an OLE container holding "EncryptedPackage") from a
// legacy .xls (holding "Workbook" or "Book") and from other Office 97–2003 documents.
func classifyOLE(f io.ReaderAt, size int64) error {
	const window = 16 << 20 // directory entries are near the start of any file we meet
	b := make([]byte, min(size, window))
	n, _ := f.ReadAt(b, 0)
	b = b[:n]
	switch {
	case bytes.Contains(b, utf16le("EncryptedPackage")) || bytes.Contains(b, utf16le("EncryptionInfo")):
		return &OpenError{Encrypted, "ooxml"}
	case bytes.Contains(b, utf16le("Workbook")) || bytes.Contains(b, utf16le("Book")):
		return &OpenError{LegacyXLS, "biff"}
	}
	return &OpenError{NotWorkbook, DetailOLE}
}

func utf16le(s string) []byte {
	var b []byte
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

// sniff names what a file that is neither a zip nor an OLE container is.
func sniff(head []byte) string {
	t := strings.ToLower(string(bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")))
	switch {
	case strings.HasPrefix(t, "%pdf"):
		return DetailPDF
	case strings.Contains(t, "urn:schemas-microsoft-com:office:spreadsheet"):
		return DetailXML2003
	case strings.HasPrefix(t, "<!doctype html") || strings.HasPrefix(t, "<html") || strings.Contains(t, "<table"):
		return DetailHTML
	}
	return DetailUnknown
}

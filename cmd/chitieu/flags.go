package main

import (
	"os"
	"time"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/store"
	"chitieu/validate"
	"chitieu/xlsx"
)

// Every command binds its flags to the fields of its own options, in its flags function, so that
// a flag's name is written once: a misspelt one is a compile error, not an empty value.

// givenString is a string flag that knows whether it was on the command line, even as "".
type givenString struct {
	value string
	given bool
}

func (g *givenString) String() string     { return g.value }
func (g *givenString) Set(v string) error { g.value, g.given = v, true; return nil }
func (g *givenString) Type() string       { return "string" }

// storeOption is --store: the folder named, and whether it was named.
type storeOption struct{ givenString }

// storeFlag binds --store to dst.
func storeFlag(fs *pflag.FlagSet, l finding.Lang, dst *storeOption) {
	fs.Var(dst, "store", finding.Textf("thư mục kho lưu trữ của văn phòng (mặc định $%s, hoặc ./%s)",
		"the office's store folder (default $%s, else ./%s)", storeEnv, store.DefaultDir).In(l))
}

// dir is the store's folder: --store, else $CHITIEU_STORE, else ./chitieu-data.
func (s storeOption) dir() string {
	if s.value != "" {
		return s.value
	}
	if dir := os.Getenv(storeEnv); dir != "" {
		return dir
	}
	return store.DefaultDir
}

// limitOptions are the resource limits every command reading submissions takes (limitFlags).
type limitOptions struct {
	fileMB, unzipMB, sheetMB int64
	rows, cols, files, secs  int
}

// limitFlags binds the resource limits to dst.
func limitFlags(fs *pflag.FlagSet, l finding.Lang, dst *limitOptions) {
	d := xlsx.DefaultLimits
	fs.Int64Var(&dst.fileMB, "max-file-mb", d.File>>20, finding.Text{VI: "kích thước tối đa của một tệp (MB)", EN: "largest file read (MB)"}.In(l))
	fs.Int64Var(&dst.unzipMB, "max-unzip-mb", d.Unzipped>>20, finding.Text{VI: "dung lượng giải nén tối đa của một tệp (MB)", EN: "most a file may unzip to (MB)"}.In(l))
	fs.Int64Var(&dst.sheetMB, "max-sheet-mb", d.SheetXML>>20, finding.Text{VI: "dung lượng tối đa của một trang tính (MB)", EN: "largest sheet (MB, unzipped)"}.In(l))
	fs.IntVar(&dst.rows, "max-rows", d.Rows, finding.Text{VI: "số dòng tối đa đọc ở một trang tính", EN: "most rows read from a sheet"}.In(l))
	fs.IntVar(&dst.cols, "max-cols", d.Cols, finding.Text{VI: "số cột tối đa đọc ở một dòng", EN: "most cells read from a row"}.In(l))
	fs.IntVar(&dst.files, "max-files", validate.DefaultMaxFiles, finding.Text{VI: "số tệp tối đa một lần chạy", EN: "most files one run reads"}.In(l))
	fs.IntVar(&dst.secs, "max-seconds", int(d.Time.Seconds()), finding.Text{VI: "thời gian tối đa đọc một tệp (giây)", EN: "most time reading one file may take (seconds)"}.In(l))
}

// limits are the workbook limits and the most files a run reads.
func (o limitOptions) limits() (xlsx.Limits, int) {
	return xlsx.Limits{File: o.fileMB << 20, Unzipped: o.unzipMB << 20, SheetXML: o.sheetMB << 20, Rows: o.rows, Cols: o.cols,
		Time: time.Duration(o.secs) * time.Second}, o.files
}

package validate

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/xlsx"
)

// Options say what to check against.
type Options struct {
	Plan *schema.Plan
	// MaxFiles bounds the files one run reads; 0 means DefaultMaxFiles.
	MaxFiles int
	// Period, when set, is the period every submission must be for.
	Period *schema.Period
	Limits xlsx.Limits
}

// File is one checked file.
type File struct {
	// Path is the file as found (joined to the folder it was found in).
	Path   string
	SHA256 string
	// Checked is nil when the file could not be read as a workbook.
	Checked *Checked
	Sub     *Submission
	// Findings are every finding about the file, sorted.
	Findings finding.Findings
	// Err is a failure to read the file (permissions, I/O), not a problem of its content.
	Err error
	// lim are the limits the file was read within, for its annotated copy.
	lim xlsx.Limits
}

// Valid reports whether the file has no errors.
func (f *File) Valid() bool { return f.Err == nil && !f.Findings.HasErrors() }

// Skip is a file passed over while walking a folder, with why.
type Skip struct {
	Path   string
	Reason finding.Text
	// Unread is set for a folder that could not be read: the files in it went unchecked, which
	// is more than a file passed over on purpose.
	Unread bool
}

// Report is the result of a run.
type Report struct {
	Files   []*File
	Skipped []Skip
}

// spreadsheet reports whether a name found in a folder looks like a spreadsheet to check.
func spreadsheet(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods":
		return true
	}
	return false
}

// DefaultMaxFiles is how many files a run reads unless told otherwise: a province has a few
// hundred reports a period.
const DefaultMaxFiles = 20000

// ErrTooManyFiles is returned by Collect when the arguments hold more files than the limit.
var ErrTooManyFiles = errors.New("too many files")

// Collect expands the arguments into the files to check: a file is checked whatever its name; a
// folder (or a link to one) is walked, in name order, skipping Excel's lock files (~$…), hidden
// files, non-spreadsheets, what is not a regular file (pipes, devices, links to them) and the
// sub-folders that cannot be read, all listed with the reason. An argument that cannot be found
// or read is an error.
func Collect(args []string, maxFiles int) ([]string, []Skip, error) {
	if maxFiles <= 0 {
		maxFiles = DefaultMaxFiles
	}
	var files []string
	var skipped []Skip
	// A file named twice — a folder and a folder inside it given together, or one file twice —
	// is one file: listed and checked once.
	seen := map[string]bool{}
	once := func(path string) bool {
		abs, err := filepath.Abs(path)
		if err != nil {
			abs = filepath.Clean(path)
		}
		if seen[abs] {
			return false
		}
		seen[abs] = true
		return true
	}
	for _, arg := range args {
		st, err := os.Stat(arg)
		if err != nil {
			return nil, nil, notFound(arg, err)
		}
		if !st.IsDir() {
			if !once(arg) {
				continue
			}
			files = append(files, arg)
			if len(files) > maxFiles {
				return nil, nil, tooMany(maxFiles)
			}
			continue
		}
		if _, err := os.ReadDir(arg); err != nil {
			return nil, nil, notFound(arg, err)
		}
		// A folder given as a link is walked as the folder it links to; links inside folders
		// are followed to files only, so that a walk never loops.
		root := arg
		if lst, err := os.Lstat(arg); err == nil && lst.Mode()&fs.ModeSymlink != 0 {
			root = arg + string(filepath.Separator)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if path == root {
				path = arg
			}
			if err != nil {
				if path == arg {
					return err
				}
				skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "không đọc được thư mục này (không có quyền hoặc bị hỏng); các thư mục khác vẫn được kiểm tra", EN: "this folder cannot be read (no permission, or damaged); the others are still checked"}, Unread: true})
				if d != nil && d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			name := d.Name()
			switch {
			case d.IsDir():
				if path != arg && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			case strings.HasPrefix(name, "~$"):
				skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "tệp khóa tạm của Excel (~$), không phải báo cáo", EN: "Excel's temporary lock file (~$), not a report"}})
				return nil
			case strings.HasPrefix(name, ".") || strings.HasPrefix(name, ".chitieu-"):
				skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "tệp ẩn", EN: "hidden file"}})
				return nil
			case !spreadsheet(name):
				skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "không phải bảng tính (.xlsx, .xls…)", EN: "not a spreadsheet (.xlsx, .xls…)"}})
				return nil
			}
			if !d.Type().IsRegular() {
				st, err := os.Stat(path) // a link: what it links to
				switch {
				case err != nil:
					skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "liên kết tới một tệp không còn", EN: "a link to a file that is gone"}})
					return nil
				case st.IsDir():
					skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "liên kết tới một thư mục, không duyệt", EN: "a link to a folder, not walked"}})
					return nil
				case !st.Mode().IsRegular():
					skipped = append(skipped, Skip{Path: path, Reason: finding.Text{VI: "không phải tệp thường (thiết bị, ống dẫn…), không đọc", EN: "not a regular file (a device, a pipe…), not read"}})
					return nil
				}
			}
			if !once(path) {
				return nil
			}
			files = append(files, path)
			if len(files) > maxFiles {
				return ErrTooManyFiles
			}
			return nil
		})
		if errors.Is(err, ErrTooManyFiles) {
			return nil, nil, tooMany(maxFiles)
		}
		if err != nil {
			return nil, nil, notFound(arg, err)
		}
	}
	return files, skipped, nil
}

// notFound explains an argument that cannot be read, without a raw system message where a
// plain one says it.
func notFound(arg string, err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return finding.Wrapf(err, "không có tệp hay thư mục %s. Kiểm tra lại đường dẫn (tên thư mục, dấu cách, chữ có dấu).",
			"there is no file or folder %s. Check the path (folder names, spaces, accented letters).", finding.Printable(arg))
	case errors.Is(err, fs.ErrPermission):
		return finding.Wrapf(err, "không có quyền đọc %s.", "no permission to read %s.", finding.Printable(arg))
	}
	return finding.Wrapf(err, "không đọc được %s (%v).", "cannot read %s (%v).", finding.Printable(arg), err)
}

func tooMany(max int) error {
	return finding.Errorf("quá nhiều tệp (hơn %d) [too-large]; nâng giới hạn bằng --max-files nếu đúng là cần kiểm tra ngần ấy tệp.",
		"too many files (more than %d) [too-large]; raise the limit with --max-files if that many really are to be checked.", max)
}

// Run checks every file the arguments name: Each, collecting the files, then Duplicates. Once
// ctx is done no further file is begun, the files being read stop, and Run returns ctx's error.
func Run(ctx context.Context, opts Options, args []string) (*Report, error) {
	paths, skipped, err := Collect(args, opts.MaxFiles)
	if err != nil {
		return nil, err
	}
	rep := &Report{Skipped: skipped, Files: make([]*File, 0, len(paths))}
	// Each checks on a worker per core and hands the files over in the order of paths, so the
	// order never depends on timing.
	if err := Each(ctx, opts, paths, func(f *File) error { rep.Files = append(rep.Files, f); return nil }); err != nil {
		return nil, err
	}
	Duplicates(rep.Files)
	return rep, nil
}

// CheckFile reads one file and checks what it holds.
func CheckFile(opts Options, path string) *File {
	return CheckFileContext(context.Background(), opts, path)
}

// CheckFileContext is CheckFile that stops reading once ctx is done (the file then has Err).
func CheckFileContext(ctx context.Context, opts Options, path string) *File {
	f, _ := checkFile(ctx, opts, path, "", false)
	return f
}

// orDefault is lim, or the default limits where none are set.
func orDefault(lim xlsx.Limits) xlsx.Limits {
	if lim == (xlsx.Limits{}) {
		return xlsx.DefaultLimits
	}
	return lim
}

// checkFile is CheckFileContext; sum is the file's digest when the caller has it already ("" to
// hash it here). With keep, it also returns the submission as read, raw cells and all, for the
// copies of the same bytes to be checked without reading them (nil when the file could not be
// read).
func checkFile(ctx context.Context, opts Options, path, sum string, keep bool) (*File, *Submission) {
	lim := orDefault(opts.Limits)
	f := &File{Path: path, lim: lim}
	var oe *xlsx.OpenError
	var err error
	if sum == "" {
		sum, err = hashFile(ctx, path)
	}
	switch {
	case errors.As(err, &oe):
		f.Findings.Add(openFinding(path, oe, lim))
		return f, nil
	case err != nil && ctx.Err() != nil:
		f.Err = err // stopped, not unreadable
		return f, nil
	case err != nil:
		f.Err = notFound(path, err)
		return f, nil
	}
	f.SHA256 = sum
	wb, err := xlsx.OpenContext(ctx, path, lim)
	switch {
	case errors.As(err, &oe):
		f.Findings.Add(openFinding(path, oe, lim))
		return f, nil
	case err != nil:
		f.Err = err
		return f, nil
	}
	defer wb.Close()
	sub, err := Read(wb, path, opts.Plan)
	if errors.As(err, &oe) {
		f.Findings.Add(openFinding(path, oe, lim))
		return f, nil
	}
	if err != nil && ctx.Err() != nil {
		f.Err = err
		return f, nil
	}
	if err != nil {
		f.Findings.Add(finding.Finding{Severity: finding.Error, Code: "not-a-workbook", Cell: finding.Cell{File: path},
			Detail: finding.Textf("Không đọc được nội dung bảng tính: %v. Hãy mở tệp bằng Excel hoặc LibreOffice, lưu lại dạng .xlsx rồi gửi lại.",
				"The spreadsheet's content cannot be read: %v. Open the file in Excel or LibreOffice, save it as .xlsx and send it again.", err)})
		return f, nil
	}
	if ctx.Err() != nil { // read, but stopped before it is checked
		f.Err = context.Cause(ctx)
		return f, nil
	}
	var kept *Submission
	if keep {
		s := *sub
		kept = &s
	}
	finish(opts, f, sub)
	return f, kept
}

// finish checks a submission read and keeps of it what later steps use — identity and where
// rows and columns stand — letting the raw cells go: a run over thousands of files holds only
// their values and findings.
func finish(opts Options, f *File, sub *Submission) {
	f.Checked = Check(opts.Plan, sub, opts.Period)
	sub.Cells, sub.Labels, sub.Units, sub.Extra = nil, nil, nil, nil
	f.Sub = sub
	f.Findings = append(f.Findings, f.Checked.Findings...)
	f.Findings.Sort()
}

// hashFile is the SHA-256 of a regular file; another kind of file is an *xlsx.OpenError. It
// stops, with ctx's error, once ctx is done.
func hashFile(ctx context.Context, path string) (string, error) {
	r, err := xlsx.OpenRegular(path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, ctxReader{ctx, r}); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ctxReader reads from r until ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, context.Cause(c.ctx)
	}
	return c.r.Read(p)
}

// openFinding explains why a file is not a readable workbook.
func openFinding(path string, oe *xlsx.OpenError, lim xlsx.Limits) finding.Finding {
	f := finding.Finding{Severity: finding.Error, Cell: finding.Cell{File: path}}
	switch oe.Problem {
	case xlsx.LegacyXLS:
		f.Code = "legacy-xls"
		f.Detail = finding.Text{
			VI: "Tệp là định dạng Excel 97–2003 (.xls), không đọc được an toàn. Hãy mở bằng Excel hoặc LibreOffice, chọn Lưu thành › Excel Workbook (.xlsx), rồi gửi lại tệp .xlsx — tốt nhất là điền vào biểu mẫu .xlsx đã được gửi.",
			EN: "The file is in the Excel 97–2003 format (.xls), which is not read. Open it in Excel or LibreOffice, Save As › Excel Workbook (.xlsx), and send the .xlsx — best of all, fill in the .xlsx form that was sent."}
	case xlsx.Encrypted:
		f.Code = "encrypted"
		f.Detail = finding.Text{
			VI: "Tệp được đặt mật khẩu để mở nên không đọc được. Hãy gỡ mật khẩu (Excel: Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật khẩu; LibreOffice: Lưu thành, bỏ chọn \"Lưu với mật khẩu\") rồi gửi lại.",
			EN: "The file is protected with a password to open and cannot be read. Remove the password (Excel: File › Info › Protect Workbook › Encrypt with Password, clear it; LibreOffice: Save As without \"Save with password\") and send it again."}
	case xlsx.TooLarge:
		f.Code = "too-large"
		why := map[string]finding.Text{
			xlsx.DetailFileSize:  finding.Textf("tệp lớn hơn %d MB", "the file is larger than %d MB", lim.File>>20),
			xlsx.DetailUnzipped:  finding.Textf("nội dung giải nén lớn hơn %d MB", "its content unzips to more than %d MB", lim.Unzipped>>20),
			xlsx.DetailSheetSize: finding.Textf("một trang tính giải nén lớn hơn %d MB", "a sheet unzips to more than %d MB", lim.SheetXML>>20),
			xlsx.DetailEntries:   {VI: "tệp nén chứa quá nhiều mục", EN: "the zip holds too many entries"},
			xlsx.DetailRows:      finding.Textf("có ô có nội dung ở quá dòng %d", "a cell holding something stands beyond row %d", lim.Rows),
			xlsx.DetailCols:      finding.Textf("có ô có nội dung ở quá cột %d", "a cell holding something stands beyond column %d", lim.Cols),
			xlsx.DetailStrings:   {VI: "bảng chuỗi văn bản dùng chung quá lớn hoặc quá nhiều chuỗi", EN: "the shared strings are too large or too many"},
			xlsx.DetailStyles:    {VI: "quá nhiều định dạng ô hoặc định dạng số", EN: "too many cell or number formats"},
			xlsx.DetailSheets:    finding.Textf("quá nhiều trang tính (hơn %d)", "too many sheets (more than %d)", xlsx.MaxSheets),
			xlsx.DetailPart:      {VI: "một phần của tệp (kiểu dáng, danh sách trang tính, thuộc tính…) lớn bất thường", EN: "a part of the file (styles, the list of sheets, properties…) is unusually large"},
			xlsx.DetailTime:      finding.Textf("đọc tệp mất quá %d giây", "reading the file took more than %d seconds", int(lim.Time.Seconds())),
			xlsx.DetailCells:     {VI: "một trang tính có quá nhiều ô có nội dung", EN: "a sheet holds too many cells"},
		}[oe.Detail]
		if why.IsZero() {
			why = finding.Text{VI: oe.Detail, EN: oe.Detail}
		}
		f.Detail = finding.Text{VI: "Tệp vượt giới hạn an toàn: ", EN: "The file is over a safety limit: "}.Plus(why).Plus(finding.Text{
			VI: ". Một biểu mẫu báo cáo chỉ vài chục KB: có thể tệp bị hỏng hoặc không phải báo cáo; nếu đúng là báo cáo, nâng giới hạn bằng các tùy chọn --max-… (xem chitieu validate --help).",
			EN: ". A report form is a few tens of KB: the file may be damaged or not a report; if it is a report, raise the limit with the --max-… options (see chitieu validate --help)."})
	default:
		f.Code = "not-a-workbook"
		what := map[string]finding.Text{
			xlsx.DetailTruncated: {VI: "tệp bị hỏng hoặc bị cắt cụt (thường do tải về chưa xong)", EN: "the file is damaged or cut short (usually a download that did not finish)"},
			xlsx.DetailHTML:      {VI: "tệp là một trang web (HTML) mang tên bảng tính", EN: "the file is a web page (HTML) with a spreadsheet's name"},
			xlsx.DetailXML2003:   {VI: "tệp là định dạng XML của Excel 2003", EN: "the file is in Excel 2003's XML format"},
			xlsx.DetailPDF:       {VI: "tệp là PDF", EN: "the file is a PDF"},
			xlsx.DetailWord:      {VI: "tệp là văn bản Word", EN: "the file is a Word document"},
			xlsx.DetailODS:       {VI: "tệp là bảng tính OpenDocument (.ods)", EN: "the file is an OpenDocument spreadsheet (.ods)"},
			xlsx.DetailOLE:       {VI: "tệp là một tài liệu Office 97–2003 khác, không phải bảng tính", EN: "the file is another Office 97–2003 document, not a spreadsheet"},
			xlsx.DetailEmpty:     {VI: "tệp rỗng (0 byte)", EN: "the file is empty (0 bytes)"},
			xlsx.DetailNoBook:    {VI: "tệp là một tệp nén (.zip) nhưng không chứa bảng tính", EN: "the file is a zip archive holding no workbook"},
			xlsx.DetailUnknown:   {VI: "tệp không phải bảng tính (nội dung không giống định dạng nào đã biết)", EN: "the file is not a spreadsheet (its content is in no format known)"},
			xlsx.DetailIrregular: {VI: "đây không phải một tệp thường (mà là thiết bị, ống dẫn hay liên kết tới chúng), nên không đọc", EN: "this is not a regular file (but a device, a pipe or a link to one), so it is not read"},
			xlsx.DetailTwins:     {VI: "tệp chứa hai phần cùng tên (chỉ khác chữ hoa, chữ thường); mỗi chương trình sẽ đọc một phần khác nhau, nên không thể biết số liệu nào là đúng", EN: "the file holds two parts of the same name (differing only in case); programs read different ones, so which figures count cannot be told"},
		}[oe.Detail]
		if what.IsZero() {
			what = finding.Textf("tệp bị hỏng hoặc không phải bảng tính Excel (%s)", "the file is damaged or not an Excel workbook (%s)", finding.Printable(oe.Detail))
		}
		todo := finding.Text{
			VI: ". Hãy điền vào biểu mẫu .xlsx đã được gửi, lưu bằng Excel hoặc LibreOffice, rồi gửi lại.",
			EN: ". Fill in the .xlsx form that was sent, save it in Excel or LibreOffice, and send it again."}
		switch oe.Detail {
		case xlsx.DetailODS, xlsx.DetailXML2003: // a spreadsheet, saved in another format
			todo = finding.Text{
				VI: ". Hãy mở tệp bằng LibreOffice hoặc Excel, chọn Lưu thành (Save As) › kiểu tệp Excel 2007-365 (.xlsx), rồi gửi lại tệp .xlsx — tốt nhất là điền vào biểu mẫu .xlsx đã được gửi.",
				EN: ". Open it in LibreOffice or Excel, Save As › file type Excel 2007-365 (.xlsx), and send the .xlsx — best of all, fill in the .xlsx form that was sent."}
		}
		f.Detail = finding.Text{VI: "Không đọc được: ", EN: "Cannot read it: "}.Plus(what).Plus(todo)
	}
	return f
}

// Duplicates finds reports of the same form, unit and period among the files. Copies with the
// same figures and notes — the same file sent twice, or re-saved by another program — are a
// warning; different figures are an error on each, naming the others: the office must decide
// which one counts.
func Duplicates(files []*File) {
	type key struct{ form, unit, period string }
	groups := map[key][]*File{}
	var order []key
	for _, f := range files {
		// A blank form lying beside the filled ones is no second copy of them.
		if f.Checked == nil || f.Checked.Form == nil || f.Checked.Unit == nil || f.Checked.Period.IsZero() || f.Findings.Has("empty-form") {
			continue
		}
		k := key{f.Checked.Form.ID, f.Checked.Unit.Code, f.Checked.Period.String()}
		if _, seen := groups[k]; !seen {
			order = append(order, k)
		}
		groups[k] = append(groups[k], f)
	}
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		// Files compare by a signature of their figures and notes: linear in the group's size.
		sigs := map[string]int{}
		sig := make([]string, len(g))
		for i, f := range g {
			sig[i] = signature(f)
			sigs[sig[i]]++
		}
		for i, f := range g {
			same := sigs[sig[i]] == len(g)
			list := othersOf(g, i)
			x := finding.Finding{Code: "duplicate-submission", Cell: finding.Cell{File: f.Path}}
			if same {
				x.Severity = finding.Warning
				x.Detail = finding.Textf("Báo cáo biểu %s của %s kỳ %s được gửi nhiều lần với số liệu giống hệt nhau: %s. Chỉ tính một lần.",
					"Form %s of %s for %s was sent more than once with the same figures: %s. It counts once.", k.form, k.unit, k.period, list)
			} else {
				x.Severity = finding.Error
				x.Detail = finding.Textf("Có %d bản khác nhau của cùng báo cáo biểu %s, đơn vị %s, kỳ %s; bản khác: %s. Hãy xác định bản đúng và bỏ các bản kia.",
					"There are %d different versions of the same report, form %s, unit %s, %s; the others: %s. Decide which one counts and remove the others.", len(g), k.form, k.unit, k.period, list)
			}
			f.Findings.Add(x)
			f.Findings.Sort()
		}
	}
}

// othersOf names the files of a group other than the i-th: the first few, and how many more.
func othersOf(g []*File, i int) string {
	const shown = 5
	var names []string
	for j, o := range g {
		if j != i && len(names) < shown {
			names = append(names, o.Path)
		}
	}
	list := strings.Join(names, "; ")
	if more := len(g) - 1 - len(names); more > 0 {
		list += fmt.Sprintf("; … (+%d)", more)
	}
	return list
}

// signature is a file's figures and notes in a canonical text: equal signatures, equal content.
func signature(f *File) string {
	var parts []string
	for k, v := range f.Checked.Values {
		parts = append(parts, k.Indicator+"/"+k.Column+"="+v.String())
	}
	for k, v := range f.Checked.Notes {
		parts = append(parts, k.Indicator+"/"+k.Column+":"+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, "\n")
}

// Summary counts files and findings.
type Summary struct {
	Files    int `json:"files"`
	Valid    int `json:"valid"`
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
}

// Summary counts the report's files and findings.
func (r *Report) Summary() Summary {
	s := Summary{Files: len(r.Files)}
	for _, f := range r.Files {
		if f.Valid() {
			s.Valid++
		}
		s.Errors += f.Findings.Count(finding.Error)
		s.Warnings += f.Findings.Count(finding.Warning)
	}
	return s
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"runtime"
	"strings"

	"github.com/spf13/pflag"

	"chitieu/finding"
	"chitieu/outfile"
	"chitieu/serve"
	"chitieu/store"
)

// serveOptions are the flags of chitieu serve.
type serveOptions struct {
	plan            string
	store           storeOption
	limits          limitOptions
	addr            string
	officeTokenFile string
	uploadsPerUnit  int
}

func serveCommand() *command {
	var o serveOptions
	return &command{
		name:  "serve",
		args:  "[--plan NAME|FILE] [--store DIR] [--addr HOST:PORT] [--office-token-file FILE] [--uploads-per-unit N]",
		short: finding.Text{VI: "Trang web nhận báo cáo: đơn vị gửi tệp và biết kết quả ngay, văn phòng theo dõi ai đã nộp", EN: "The intake web page: units upload and get their verdict at once, the office watches who has reported"},
		long: finding.Text{
			VI: "Mỗi đơn vị mở đường dẫn riêng (lệnh links), tải biểu mẫu, gửi tệp đã điền và thấy ngay kết quả kiểm\ntra từng ô, tải bản đánh dấu lỗi. Tệp được kiểm tra và lưu vào kho như lệnh receive. Văn phòng đăng nhập\nbằng mã truy cập in ra khi khởi động (hoặc đọc từ --office-token-file) để xem bảng theo dõi, tải bảng\ntổng hợp và số liệu. Mặc định chỉ nghe trên 127.0.0.1; để các đơn vị trong mạng nội bộ truy cập, dùng\n--addr 0.0.0.0:8080, hoặc đặt sau một máy chủ HTTPS (Caddy, nginx) — xem README. Dừng bằng Ctrl-C.",
			EN: "Each unit opens its own link (the links command), downloads its form, uploads the filled file and\nsees at once the check of every cell, and downloads the marked-up copy. Files are checked and kept in\nthe store as receive does. The office logs in with the access token printed at start (or read from\n--office-token-file) to watch the board and download the province workbook and the figures. It listens\non 127.0.0.1 unless told otherwise; for units on the office network use --addr 0.0.0.0:8080, or put it\nbehind an HTTPS server (Caddy, nginx) — see the README. Stop it with Ctrl-C.",
		},
		flags: func(fs *pflag.FlagSet, l finding.Lang) {
			planFlag(fs, l, &o.plan)
			storeFlag(fs, l, &o.store)
			fs.StringVar(&o.addr, "addr", "127.0.0.1:8080", finding.Text{VI: "địa chỉ và cổng nghe", EN: "address and port to listen on"}.In(l))
			fs.StringVar(&o.officeTokenFile, "office-token-file", "", finding.Text{VI: "tệp giữ mã truy cập của văn phòng (tạo mới nếu chưa có); mặc định mỗi lần khởi động một mã mới", EN: "file holding the office's access token (made if missing); default a new token at every start"}.In(l))
			fs.IntVar(&o.uploadsPerUnit, "uploads-per-unit", 2, finding.Text{VI: "số tệp một đơn vị được gửi cùng lúc", EN: "uploads one unit may have in progress at once"}.In(l))
			limitFlags(fs, l, &o.limits)
		},
		run: func(e *env, args []string) int { return runServe(e, &o, args) },
	}
}

func runServe(e *env, o *serveOptions, args []string) int {
	const path = "chitieu serve"
	plan := o.plan
	addr := o.addr
	tokenFile := o.officeTokenFile
	perUnit := o.uploadsPerUnit
	if len(args) > 0 {
		e.usageError(path, finding.Textf("tham số thừa %q.", "unexpected argument %q.", args[0]), "")
		return exitUsage
	}
	dir := o.store.dir()
	if !store.Exists(dir) {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không có kho lưu trữ tại %s: hãy tạo đường dẫn cho các đơn vị trước (chitieu links --store %s -o duong-dan.csv), hoặc chỉ đúng thư mục bằng --store.",
			"there is no store at %s: make the units' links first (chitieu links --store %s -o links.csv), or name the right folder with --store.", dir, shellArg(dir)).In(e.lang))
		return exitUsage
	}
	p, code := loadPlan(e, path, plan)
	if p == nil {
		return code
	}
	token, made, warn, err := officeToken(tokenFile)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(err, e.lang))
		return exitUsage
	}
	if warn != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.ErrorText(warn, e.lang))
	}
	st, code := openStore(e, path, o.store.dir(), p, false)
	if st == nil {
		return code
	}
	defer st.Close()
	lim, _ := o.limits.limits()
	srv, err := serve.New(serve.Config{
		Plan: p, Store: st, OfficeToken: token, Limits: lim, UploadsPerUnit: perUnit, Log: e.stderr,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "%s: %s\n", path, finding.Textf("không nghe được trên %s: %v", "cannot listen on %s: %v", addr, err).In(e.lang))
		return exitUsage
	}
	tr := func(vi, en string) string { return finding.Text{VI: vi, EN: en}.In(e.lang) }
	fmt.Fprintf(e.stdout, "%s: %s — %s %s\n", path, p.Name, tr("kho", "store"), dir)
	for _, u := range addresses(ln.Addr().(*net.TCPAddr)) {
		fmt.Fprintf(e.stdout, "%s: %s/office\n", tr("Văn phòng", "Office"), u)
	}
	// The token is printed only when it was just made: one read from a file stays in the file.
	switch {
	case made && tokenFile != "":
		fmt.Fprintf(e.stdout, "%s: %s\n  (%s %s)\n", tr("Mã truy cập của văn phòng", "Office access token"), token, tr("mã mới, giữ trong tệp", "new, kept in"), tokenFile)
	case made:
		fmt.Fprintf(e.stdout, "%s: %s\n", tr("Mã truy cập của văn phòng", "Office access token"), token)
	default:
		fmt.Fprintf(e.stdout, "%s: %s %s\n", tr("Mã truy cập của văn phòng", "Office access token"), tr("trong tệp", "in"), tokenFile)
	}
	fmt.Fprintf(e.stdout, "%s: chitieu links --store %s --base-url %s -o links.csv\n", tr("Đường dẫn cho các đơn vị", "Links for the units"), shellArg(dir), addresses(ln.Addr().(*net.TCPAddr))[0])
	fmt.Fprintln(e.stdout, tr("Dừng: Ctrl-C.", "Stop: Ctrl-C."))
	if err := srv.Serve(e.ctx, ln); err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(e.stderr, "%s: %v\n", path, err)
		return exitUsage
	}
	return exitOK
}

// addresses are the URLs the server is reached at: the one address it listens on, or, when it
// listens on every address, those of the machine's interfaces (loopback last).
func addresses(a *net.TCPAddr) []string {
	url := func(ip net.IP) string { return "http://" + net.JoinHostPort(ip.String(), fmt.Sprint(a.Port)) }
	if !a.IP.IsUnspecified() {
		return []string{url(a.IP)}
	}
	var out []string
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, ad := range addrs {
			if n, ok := ad.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() {
				out = append(out, url(n.IP))
			}
		}
	}
	return append(out, url(net.IPv4(127, 0, 0, 1)))
}

// officeToken is the office's access token: read from file when it exists, written there new
// when it does not (readable by its owner only), or new for this run when no file is named. made
// says the token is new (and may be shown once). A file others may read is warned about (on
// Unix, where the mode says so); a token of under serve.MinTokenBits is refused.
func officeToken(file string) (token string, made bool, warn, err error) {
	if file == "" {
		return serve.NewToken(), true, nil, nil
	}
	data, err := os.ReadFile(file)
	switch {
	case err == nil:
		token = strings.TrimSpace(string(data))
		if bits := serve.TokenBits(token); bits < serve.MinTokenBits {
			return "", false, nil, finding.Errorf("mã truy cập trong %s quá yếu: khoảng %d bit, cần ít nhất %d (như 22 ký tự ngẫu nhiên chữ, số, - và _). Xóa tệp để chương trình tạo mã mới.",
				"the token in %s is too weak: about %d bits, at least %d are needed (such as 22 random letters, digits, - and _). Remove the file to have a new one made.", file, bits, serve.MinTokenBits)
		}
		if info, err := os.Stat(file); err == nil && runtime.GOOS != "windows" && info.Mode().Perm()&0o077 != 0 {
			warn = finding.Errorf("cảnh báo: tệp mã truy cập %s cho người khác đọc được (quyền %v); hãy chỉ cho chủ tệp đọc: chmod 600 %s",
				"warning: the token file %s may be read by others (mode %v); let its owner alone read it: chmod 600 %s", file, info.Mode().Perm(), file)
		}
		return token, false, warn, nil
	case !errors.Is(err, fs.ErrNotExist):
		return "", false, nil, finding.Errorf("không đọc được %s: %v", "cannot read %s: %v", file, err)
	}
	token = serve.NewToken()
	f, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		err = outfile.Private(file) // 0600 is not enough on Windows
	}
	if err == nil {
		_, err = f.WriteString(token + "\n")
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return "", false, nil, finding.Errorf("không ghi được %s: %v", "cannot write %s: %v", file, err)
	}
	return token, true, nil, nil
}

package serve

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	"unicode"

	"chitieu/finding"
	"chitieu/schema"
)

//go:embed assets
var assets embed.FS

// auditWords are the audit log's words in Vietnamese.
var auditWords = map[string]string{
	"login": "đăng nhập", "logout": "đăng xuất", "download": "tải về", "status": "xem tình trạng", "upload": "gửi báo cáo",
	"bad-token": "mã truy cập sai", "cross-origin": "yêu cầu từ trang khác", "refused": "từ chối",
	"anonymous": "không rõ danh tính", "office": "văn phòng",
	"original": "tệp gốc", "annotated": "bản có đánh dấu lỗi", "blank form": "biểu mẫu trống", "api": "qua API", "too large": "tệp quá lớn",
	"review-returned": "trả lại báo cáo", "review-approved": "duyệt báo cáo", "review-reopened": "mở lại báo cáo",
	"office-add": "thêm tài khoản văn phòng", "office-rotate": "đổi mã tài khoản văn phòng",
	"links": "tạo đường dẫn nộp báo cáo", "rotate": "đổi đường dẫn nộp báo cáo",
	"valid": "hợp lệ", "unidentified": "không nhận ra biểu", "cli": "dòng lệnh",
}

// auditVI is an audit entry's stored word in Vietnamese: a word of auditWords, or one of the
// log's phrases with data in them ("200 files", "workbook 2024-03", an upload's
// "NAME; FORM UNIT PERIOD; invalid: 2 errors, 1 warning; already in the store", the file's name
// and the form kept as they came); ok is false for a word it does not know (data: a name, a
// SHA-256, a comment), shown as it is.
func auditVI(word string) (string, bool) {
	if vi, ok := auditWords[word]; ok {
		return vi, true
	}
	if n, ok := strings.CutSuffix(word, " files"); ok && isDigits(n) {
		return n + " tệp", true
	}
	for en, vi := range map[string]string{"workbook ": "sổ tổng hợp ", "export ": "bảng số liệu "} {
		if per, ok := strings.CutPrefix(word, en); ok {
			if _, err := schema.ParsePeriod(per); err == nil {
				return vi + per, true
			}
		}
	}
	// An upload: the name, what it is and the verdict, from the right (a name may hold "; ").
	rest, again := strings.CutSuffix(word, "; already in the store")
	i := strings.LastIndex(rest, "; ")
	if i < 0 {
		return word, false
	}
	verdict := rest[i+2:]
	rest = rest[:i]
	j := strings.LastIndex(rest, "; ")
	if j < 0 {
		return word, false
	}
	name, what := rest[:j], rest[j+2:]
	switch tally, invalid := strings.CutPrefix(verdict, "invalid: "); {
	case verdict == "valid":
		verdict = "hợp lệ"
	case invalid:
		var e, w int
		var es, ws string
		if n, err := fmt.Sscanf(tally, "%d %s %d %s", &e, &es, &w, &ws); err != nil || n != 4 || !strings.HasPrefix(es, "error") || !strings.HasPrefix(ws, "warning") {
			return word, false
		}
		verdict = fmt.Sprintf("chưa hợp lệ: %d lỗi, %d cảnh báo", e, w)
	default:
		return word, false
	}
	if what == "unidentified" {
		what = auditWords[what]
	}
	out := name + "; " + what + "; " + verdict
	if again {
		out += "; đã có trong kho"
	}
	return out, true
}

func isDigits(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

// pageNames are the pages, each assets/NAME.html executed inside assets/base.html.
var pageNames = []string{"home", "login", "unit", "board", "file", "audit", "error"}

var funcs = template.FuncMap{
	// tr picks the text of the page's language: {{tr $.Lang "Gửi" "Send"}}.
	"tr":   func(l finding.Lang, vi, en string) string { return finding.Text{VI: vi, EN: en}.In(l) },
	"text": func(l finding.Lang, t finding.Text) string { return t.In(l) },
	// audit shows an audit entry's stored word (an action, an actor, a detail) in the page's
	// language; the log keeps the English words, stable for whoever reads the table.
	"audit": func(l finding.Lang, word string) string {
		if l == finding.VI {
			if code, ok := strings.CutPrefix(word, "unit:"); ok {
				return "đơn vị " + code
			}
			if name, ok := strings.CutPrefix(word, "office:"); ok {
				return "văn phòng: " + name // a specialist's own account
			}
			if name, ok := strings.CutPrefix(word, "cli:"); ok {
				return name + " (dòng lệnh)"
			}
			if vi, ok := auditVI(word); ok {
				return vi
			}
		}
		return word
	},
	"day":  func(l finding.Lang, t time.Time) string { return formatDay(l, t) },
	"when": func(l finding.Lang, t time.Time) string { return formatWhen(l, t) },
	"period": func(l finding.Lang, p string) string {
		if per, err := schema.ParsePeriod(p); err == nil {
			return per.Label(l)
		}
		return p
	},
	"short": func(sha string) string {
		if len(sha) > 12 {
			return sha[:12]
		}
		return sha
	},
	"bytes": formatBytes,
	// args passes named values to a shared template: {{template "state" (args "Lang" $l …)}}.
	"args": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	},
}

func parsePages() (map[string]*template.Template, error) {
	out := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.New("base.html").Funcs(funcs).ParseFS(assets, "assets/base.html", "assets/parts.html", "assets/review.html", "assets/"+name+".html")
		if err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

// page is what every page shows around its content.
type page struct {
	Lang  finding.Lang
	Title string
	// LangQ is "lang=en" or "lang=vi" when the page was asked for in a language by its URL, so that its links
	// stay in English; empty otherwise.
	LangQ string
	// Switch is the same page in the other language.
	Switch, SwitchLang, SwitchName string
	CSRF                           string
	Office                         bool // the office is logged in: show its menu
	Plan                           string
}

func (s *Server) page(w http.ResponseWriter, r *http.Request, title finding.Text) page {
	l := langOf(r)
	p := page{Lang: l, Title: title.In(l), CSRF: s.csrfToken(w, r), Plan: s.plan.Name}
	p.LangQ = langQOf(r)
	q := r.URL.Query()
	other := finding.EN
	p.SwitchName = "English"
	if l == finding.EN {
		other, p.SwitchName = finding.VI, "Tiếng Việt"
	}
	q.Set("lang", string(other))
	p.Switch = r.URL.Path + "?" + q.Encode()
	p.SwitchLang = string(other)
	p.Office = s.sessions.valid(r, s.cfg.Now())
	return p
}

// render writes a page; the page is executed into a buffer first, so that a template error is
// a clean 500 rather than half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	var buf bytes.Buffer
	if err := s.pages[name].Execute(&buf, data); err != nil {
		s.logf("page %s: %v", name, err)
		http.Error(w, "500 internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", string(langOf(r)))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage is the page of a refusal.
type errorPage struct {
	page
	Status  int
	Message string
}

// fail answers a refusal: JSON {"error", "message"} to a script, a page to a person.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, status int, msg finding.Text) {
	l := langOf(r)
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		finding.WriteJSON(w, map[string]string{"error": errorCode(status), "message": msg.In(l)})
		return
	}
	s.render(w, r, status, "error", errorPage{page: s.page(w, r, finding.Text{VI: statusTitle(status, finding.VI), EN: statusTitle(status, finding.EN)}), Status: status, Message: msg.In(l)})
}

// internal answers a failure of the program or the store: logged in full, told briefly.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.logf("error: %s %s: %v", r.Method, redact(r.URL.Path), err)
	s.fail(w, r, http.StatusInternalServerError, msgInternal)
}

// redact hides a link's token in what is logged.
func redact(p string) string {
	if rest, ok := strings.CutPrefix(p, "/u/"); ok {
		_, after, _ := strings.Cut(rest, "/")
		return "/u/…/" + after
	}
	return p
}

func errorCode(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "too-large"
	case http.StatusTooManyRequests:
		return "too-many-uploads"
	case http.StatusNotFound:
		return "not-found"
	case http.StatusForbidden:
		return "forbidden"
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusBadRequest:
		return "bad-request"
	}
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "-")
}

func statusTitle(status int, l finding.Lang) string {
	vi := map[int]string{400: "Yêu cầu không hợp lệ", 401: "Cần đăng nhập", 403: "Không được phép", 404: "Không tìm thấy",
		413: "Tệp quá lớn", 429: "Đang nhận quá nhiều tệp", 500: "Lỗi của chương trình"}
	if l == finding.VI && vi[status] != "" {
		return vi[status]
	}
	return http.StatusText(status)
}

// The messages of refusals.
var (
	msgNotFound    = finding.Text{VI: "Không có trang này. Nếu đây là đường dẫn gửi báo cáo của đơn vị, có thể đường dẫn đã được thay: hãy hỏi văn phòng đường dẫn mới.", EN: "There is no such page. If this is a unit's upload link, it may have been replaced: ask the office for the new one."}
	msgBadToken    = finding.Text{VI: "Mã truy cập không đúng.", EN: "The access token is wrong."}
	msgNeedToken   = finding.Text{VI: "Cần mã truy cập của văn phòng (Authorization: Bearer).", EN: "The office's access token is needed (Authorization: Bearer)."}
	msgCrossOrigin = finding.Text{VI: "Yêu cầu gửi từ một trang web khác bị từ chối.", EN: "A request sent from another web site is refused."}
	msgCSRF        = finding.Text{VI: "Biểu mẫu đã hết hạn hoặc không gửi từ trang này. Hãy tải lại trang rồi gửi lại.", EN: "The form has expired or was not sent from this page. Reload the page and send it again."}
	msgInternal    = finding.Text{VI: "Chương trình gặp lỗi khi xử lý yêu cầu; văn phòng có thể xem nhật ký. Hãy thử lại sau ít phút.", EN: "The program failed to handle the request; the office can read the log. Try again in a few minutes."}
	msgBadPeriod   = finding.Text{VI: "Kỳ báo cáo không hợp lệ: viết 2024, 2024-03, 2024-Q1, 2024-6M hoặc 2024-9M.", EN: "Not a period: write 2024, 2024-03, 2024-Q1, 2024-6M or 2024-9M."}
)

// wantsJSON reports whether the client is a script: it asks for JSON (Accept:
// application/json), or for the API, which speaks nothing else.
func wantsJSON(r *http.Request) bool {
	if strings.HasPrefix(r.URL.Path, "/api/") {
		return true
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, _, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(mt), "application/json") {
			return true
		}
	}
	return false
}

// writeJSON answers v as chitieu's JSON documents are written (finding.WriteJSON).
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	if err := finding.WriteJSON(&buf, v); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// langOf is the language the page is asked in: ?lang=vi|en, else the browser's preference
// between Vietnamese and English (Accept-Language), else Vietnamese.
func langOf(r *http.Request) finding.Lang {
	switch r.URL.Query().Get("lang") {
	case "en":
		return finding.EN
	case "vi":
		return finding.VI
	}
	best, bestQ := finding.VI, -1.0
	for _, part := range strings.Split(r.Header.Get("Accept-Language"), ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		var l finding.Lang
		switch base {
		case "vi":
			l = finding.VI
		case "en":
			l = finding.EN
		default:
			continue
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}

// attachment sets the headers of a download named name. The name is the file's own or one made
// from the plan: it goes into the header encoded (RFC 2231), never as raw text.
func attachment(w http.ResponseWriter, name, contentType string) {
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == '\\' {
			return '_'
		}
		return r
	}, name)
	if name == "" {
		name = "tệp"
	}
	h := w.Header()
	h.Set("Content-Type", contentType)
	if cd := mime.FormatMediaType("attachment", map[string]string{"filename": name}); cd != "" {
		h.Set("Content-Disposition", cd)
	} else {
		h.Set("Content-Disposition", "attachment")
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// contentTypeOf is how an archived file is sent: a workbook as a workbook, anything else as
// bytes, so that no browser renders what a unit uploaded.
func contentTypeOf(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".xlsx":
		return xlsxType
	case ".xlsm":
		return "application/vnd.ms-excel.sheet.macroEnabled.12"
	}
	return "application/octet-stream"
}

func formatDay(l finding.Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if l == finding.EN {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}

func formatWhen(l finding.Lang, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(vietnam)
	if l == finding.EN {
		return t.Format("2 Jan 2006 15:04")
	}
	return t.Format("15:04 02/01/2006")
}

func formatBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " B"
}

// withLang adds the page's chosen language (langQ, "lang=en" or "lang=vi") to a URL of this server.
func withLang(u string, langQ string) string {
	if langQ == "" {
		return u
	}
	if strings.Contains(u, "?") {
		return u + "&" + langQ
	}
	return u + "?" + langQ
}

// query builds "?k=v&…" with every value escaped.
func query(kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return "?" + q.Encode()
}

// static serves the embedded style sheet and script.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	var ctype string
	switch path.Ext(name) {
	case ".css":
		ctype = "text/css; charset=utf-8"
	case ".js":
		ctype = "text/javascript; charset=utf-8"
	default:
		s.fail(w, r, http.StatusNotFound, msgNotFound)
		return
	}
	// The name is looked up in the embedded files, never on disk.
	data, err := fs.ReadFile(assets, "assets/"+name)
	if err != nil || strings.ContainsAny(name, "/\\") {
		s.fail(w, r, http.StatusNotFound, msgNotFound)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(data)
}

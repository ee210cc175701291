package serve

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"chitieu/consolidate"
	"chitieu/export"
	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", s.page(w, r, finding.Textf("Nhận báo cáo — %s", "Report intake — %s", s.plan.Name)))
}

type loginView struct {
	page
	Wrong bool
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, wrong bool) {
	s.render(w, r, status, "login", loginView{page: s.page(w, r, finding.Text{VI: "Văn phòng — đăng nhập", EN: "Office — log in"}), Wrong: wrong})
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, bodyStatus(err), msgBroken)
		return
	}
	if !csrfOK(r, r.PostForm.Get(csrfField)) {
		s.fail(w, r, http.StatusForbidden, msgCSRF)
		return
	}
	name, ok := s.accountOf(r.Context(), r.PostForm.Get("token"))
	if !ok {
		s.badToken(r, "office login")
		// A pause makes guessing slow; a token has 128 bits, this is for the typed ones.
		time.Sleep(300 * time.Millisecond)
		s.renderLogin(w, r, http.StatusForbidden, true)
		return
	}
	setCookie(w, r, sessionCookie, s.sessions.add(s.cfg.Now(), name), int(sessionLife/time.Second))
	s.audit(r, officeActor(name), "login", "", "")
	http.Redirect(w, r, withLang("/office", langQOf(r)), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	if err := r.ParseForm(); err != nil || !csrfOK(r, r.PostForm.Get(csrfField)) {
		s.fail(w, r, http.StatusForbidden, msgCSRF)
		return
	}
	if s.sessions.valid(r, s.cfg.Now()) {
		s.audit(r, "office", "logout", "", "")
	}
	s.sessions.remove(r)
	setCookie(w, r, sessionCookie, "", -1)
	http.Redirect(w, r, withLang("/office", langQOf(r)), http.StatusSeeOther)
}

// boardView is the office's board for a period.
type boardView struct {
	page
	Period, PeriodLabel    string
	Today                  time.Time
	Periods                []periodOption
	Summary                store.StatusSummary
	Forms                  []boardForm
	Chase                  []chaseRow
	WorkbookURL, ExportURL string
	StatusURL, AuditURL    string
}

type periodOption struct {
	Value, Label string
	Selected     bool
}

type boardForm struct {
	Form, Title string
	Units       []boardUnit
}

type boardUnit struct {
	Unit, Name, State string
	Due               time.Time
	DaysLate          int
	Reason            string
	Files             []fileLink
	Review            boardReview // the office's review: state, comments, and what may be done
}

type fileLink struct {
	Name, URL      string
	Valid, Current bool
}

type chaseRow struct {
	Unit, Name, Form, State string
	Due                     time.Time
	DaysLate                int
}

func (s *Server) board(w http.ResponseWriter, r *http.Request) {
	if !s.officeFor(w, r) {
		return
	}
	ctx := r.Context()
	l := langOf(r)
	today := s.today()
	stored, err := s.st.Periods(ctx)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	all, per := s.boardPeriods(stored, today)
	if q := r.URL.Query().Get("period"); q != "" {
		if per, err = schema.ParsePeriod(q); err != nil {
			s.fail(w, r, http.StatusBadRequest, msgBadPeriod)
			return
		}
	}
	rep, err := s.st.Status(ctx, s.plan, per, today)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	subs, err := s.st.Submissions(ctx, store.Filter{Period: per.String(), WithRefused: true})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	cur, err := s.st.Submissions(ctx, store.Filter{Period: per.String(), Current: true, WithFigures: true})
	if err != nil {
		s.internal(w, r, err)
		return
	}
	figures := map[string][]schema.Figure{} // the figures of each current file, to comment on
	for _, sub := range cur {
		figures[sub.SHA256] = sub.Figures
	}
	langQ := langQOf(r)
	files := map[[2]string][]fileLink{}
	for _, sub := range subs {
		k := [2]string{sub.Form, sub.Unit}
		files[k] = append(files[k], fileLink{Name: sub.Name, URL: withLang("/office/file/"+sub.SHA256, langQ), Valid: sub.Valid, Current: sub.SupersededBy == 0 && !sub.Refused})
	}
	v := boardView{page: s.page(w, r, finding.Textf("Tình hình nộp báo cáo — %s", "Reports received — %s", per.Label(l))),
		Period: per.String(), PeriodLabel: per.Label(l), Today: today, Summary: rep.Summary,
		WorkbookURL: withLang("/office/workbook"+query("period", per.String()), langQ),
		ExportURL:   withLang("/office/export"+query("period", per.String()), langQ),
		StatusURL:   "/api/status" + query("period", per.String()), AuditURL: withLang("/office/audit", langQ)}
	found := false
	for _, p := range all {
		v.Periods = append(v.Periods, periodOption{Value: p.String(), Label: p.Label(l), Selected: p == per})
		found = found || p == per
	}
	if !found {
		v.Periods = append([]periodOption{{Value: per.String(), Label: per.Label(l), Selected: true}}, v.Periods...)
	}
	for _, fs := range rep.Forms {
		bf := boardForm{Form: fs.Form, Title: fs.Title}
		if f := s.plan.Form(fs.Form); f != nil {
			bf.Title = f.TitleText().In(l)
		}
		for _, us := range fs.Units {
			due, _ := time.Parse("2006-01-02", us.Due)
			reason := us.Reason.In(l)
			bf.Units = append(bf.Units, boardUnit{Unit: us.Unit, Name: us.Name, State: us.State, Due: due, DaysLate: us.DaysLate,
				Reason: reason, Files: files[[2]string{fs.Form, us.Unit}], Review: reviewOf(s.plan, us, figures[us.SHA256], s.plan.Form(fs.Form), l)})
			if us.State != store.StateValid {
				v.Chase = append(v.Chase, chaseRow{Unit: us.Unit, Name: us.Name, Form: fs.Form, State: us.State, Due: due, DaysLate: us.DaysLate})
			}
		}
		v.Forms = append(v.Forms, bf)
	}
	s.render(w, r, http.StatusOK, "board", v)
}

// officeSubmission returns the submission of the file the request names, with its findings and
// figures, answering 404 when the store has none.
func (s *Server) officeSubmission(w http.ResponseWriter, r *http.Request) *store.Submission {
	if !s.officeFor(w, r) {
		return nil
	}
	sha := r.PathValue("sha")
	if !isSHA256(sha) {
		s.fail(w, r, http.StatusNotFound, msgNotFound)
		return nil
	}
	subs, err := s.st.Submissions(r.Context(), store.Filter{SHA256: sha, WithFindings: true, WithFigures: true})
	if err != nil {
		s.internal(w, r, err)
		return nil
	}
	if len(subs) == 0 {
		s.fail(w, r, http.StatusNotFound, msgNotFound)
		return nil
	}
	return &subs[0]
}

type fileView struct {
	page
	Verdict   *verdict
	BoardURL  string
	Uploads   []store.Upload
	UnitNames map[string]string
}

func (s *Server) officeFile(w http.ResponseWriter, r *http.Request) {
	sub := s.officeSubmission(w, r)
	if sub == nil {
		return
	}
	ups, err := s.st.UploadsOf(r.Context(), sub.SHA256)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	l := langOf(r)
	langQ := langQOf(r)
	v := fileView{page: s.page(w, r, finding.Textf("Tệp %s", "File %s", sub.Name)),
		Verdict: s.verdictOf(sub, "/office/file/"+sub.SHA256, l, langQ, true), Uploads: ups, UnitNames: map[string]string{}}
	v.BoardURL = "/office"
	if sub.Period != "" {
		v.BoardURL += query("period", sub.Period)
	}
	v.BoardURL = withLang(v.BoardURL, langQ)
	for _, up := range ups {
		if u := s.plan.Unit(up.Unit); u != nil {
			v.UnitNames[up.Unit] = u.Name
		}
	}
	s.render(w, r, http.StatusOK, "file", v)
}

func (s *Server) officeAnnotated(w http.ResponseWriter, r *http.Request) {
	if sub := s.officeSubmission(w, r); sub != nil {
		s.sendAnnotated(w, r, "office", sub)
	}
}

func (s *Server) officeOriginal(w http.ResponseWriter, r *http.Request) {
	if sub := s.officeSubmission(w, r); sub != nil {
		s.sendOriginal(w, r, "office", sub)
	}
}

// periodParam reads the required ?period=, answering 400 when it is not a period.
func (s *Server) periodParam(w http.ResponseWriter, r *http.Request) (schema.Period, bool) {
	per, err := schema.ParsePeriod(r.URL.Query().Get("period"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, msgBadPeriod)
		return schema.Period{}, false
	}
	return per, true
}

// workbook sends the province workbook of a period, consolidated from the store's index as
// consolidate --store does (consolidate.FromStore): no archived file is opened.
func (s *Server) workbook(w http.ResponseWriter, r *http.Request) {
	if !s.officeFor(w, r) {
		return
	}
	per, ok := s.periodParam(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	m, err := consolidate.FromStore(ctx, s.st, s.plan, per, s.today(), false)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := m.Write(&buf); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "office", "download", "workbook "+per.String(), fmt.Sprintf("%d files", m.FileCount()))
	attachment(w, fmt.Sprintf("Tổng hợp - %s - %s.xlsx", s.plan.ID, per), xlsxType)
	w.Write(buf.Bytes())
}

// export sends the long table of a period's figures as CSV, as `chitieu export --period P`
// writes it (in Vietnamese, the office's language, whatever the page's).
func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	if !s.officeFor(w, r) {
		return
	}
	per, ok := s.periodParam(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	t := export.Table{Plan: s.plan, Store: s.st, Query: store.FigureQuery{Periods: []string{per.String()}}, Lang: finding.VI}
	if _, err := t.Write(r.Context(), &buf, export.CSV, s.cfg.Now()); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "office", "download", "export "+per.String(), "")
	attachment(w, fmt.Sprintf("Số liệu - %s - %s.csv", s.plan.ID, per), "text/csv; charset=utf-8")
	w.Write(buf.Bytes())
}

type auditView struct {
	page
	Entries []store.AuditEntry
	// Newer and Older are the links to the pages next to this one, empty at either end.
	Newer, Older string
}

// auditLines is how many audit entries a page shows; ?before=ID pages back from entry ID.
const auditLines = 100

func (s *Server) auditPage(w http.ResponseWriter, r *http.Request) {
	if !s.officeFor(w, r) {
		return
	}
	var before int64
	if b := r.URL.Query().Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n <= 0 {
			s.fail(w, r, http.StatusBadRequest, finding.Text{VI: "Trang nhật ký không hợp lệ.", EN: "Not a page of the audit log."})
			return
		}
		before = n
	}
	// One more than a page, to know whether there is an older one.
	entries, err := s.st.AuditBefore(r.Context(), before, auditLines+1)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	v := auditView{page: s.page(w, r, finding.Text{VI: "Nhật ký truy cập", EN: "Audit log"})}
	if len(entries) > auditLines {
		entries = entries[:auditLines]
		v.Older = withLang("/office/audit"+query("before", strconv.FormatInt(entries[auditLines-1].ID, 10)), v.LangQ)
	}
	if before > 0 {
		v.Newer = withLang("/office/audit", v.LangQ)
	}
	v.Entries = entries
	s.render(w, r, http.StatusOK, "audit", v)
}

// apiStatus answers GET /api/status?period=P with the office's bearer token, as
// `status --format json` prints it; ?date=YYYY-MM-DD counts days late to that day.
func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request) {
	tok, ok := bearer(r)
	if !ok {
		w.Header().Set("WWW-Authenticate", `Bearer realm="chitieu"`)
		s.fail(w, r, http.StatusUnauthorized, msgNeedToken)
		return
	}
	if _, ok := s.accountOf(r.Context(), tok); !ok {
		s.badToken(r, "api bearer")
		s.fail(w, r, http.StatusForbidden, msgBadToken)
		return
	}
	per, ok := s.periodParam(w, r)
	if !ok {
		return
	}
	day := s.today()
	if d := r.URL.Query().Get("date"); d != "" {
		date, err := schema.ParseDate(d)
		if err != nil {
			s.fail(w, r, http.StatusBadRequest, finding.Text{VI: "Ngày không hợp lệ: viết YYYY-MM-DD.", EN: "Not a date: write YYYY-MM-DD."})
			return
		}
		day = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	}
	rep, err := s.st.Status(r.Context(), s.plan, per, day)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "office", "status", per.String(), "api")
	writeJSON(w, http.StatusOK, rep)
}

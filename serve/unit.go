package serve

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"time"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
)

// unitView is the unit's page: its reports, the upload form, what it sent, and the verdict on
// one file when one is asked for.
type unitView struct {
	page
	Unit     *schema.Unit
	Base     string // the link's path, /u/TOKEN
	Receiver string
	MaxMB    int64
	Reports  []reportRow
	History  []historyRow
	Verdict  *verdict
	Comments []unitComment // the office's reviews of the unit's reports (review.go)
}

// reportRow is one report the unit owes: a form for a period.
type reportRow struct {
	Form, Title string
	Period      string
	Due         time.Time
	State       string // store.StateValid, StateInvalid or StateMissing
	Review      string // the office's review state (store.Review…), "" when none
	DaysLate    int
	FormURL     string // the blank form
}

// historyRow is one file the unit sent.
type historyRow struct {
	At               time.Time
	Name, URL        string
	Form, Period     string
	Valid            bool
	Current          bool
	Refused          bool // refused for its sender: kept as evidence, not counted
	Errors, Warnings int
}

// verdict is what the check of one file found.
type verdict struct {
	Name, SHA256     string
	Size             int64
	At               time.Time
	Identified       bool
	Form, FormTitle  string
	Unit, UnitName   string
	Period           string
	Valid            bool
	Current          bool
	Refused          bool // refused for its sender: kept as evidence, not counted
	Errors, Warnings int
	Findings         []findingRow
	AnnotatedURL     string // empty when the file has no findings
	OriginalURL      string
	// For the office: the figures the file carries, and the links it came through.
	Figures []figureRow
	Via     []string
	// Comments are the office's returns of this file, with their comments on cells.
	Comments []store.Review
}

type findingRow struct {
	Severity, Word, Code, Summary string
	Where                         string // Sheet!E12, Sheet, or "" for the whole file
	Message                       string
}

type figureRow struct {
	Indicator, Name, Column, Value, Status, Note, Cell string
}

func (s *Server) unitPage(w http.ResponseWriter, r *http.Request) {
	u := s.unitFor(w, r)
	if u == nil {
		return
	}
	s.renderUnit(w, r, u, nil)
}

func (s *Server) renderUnit(w http.ResponseWriter, r *http.Request, u *schema.Unit, v *verdict) {
	ctx := r.Context()
	l := langOf(r)
	view := unitView{page: s.page(w, r, finding.Textf("Báo cáo của %s", "Reports of %s", u.Name)), Unit: u,
		Base: "/u/" + r.PathValue("token"), Receiver: s.plan.Receiver, MaxMB: s.cfg.Limits.File >> 20, Verdict: v}
	if v != nil {
		view.Title = finding.Textf("Kết quả kiểm tra %s", "Check of %s", v.Name).In(l)
	}
	var err error
	if view.Reports, err = s.reports(ctx, u, view.Base, view.LangQ); err != nil {
		s.internal(w, r, err)
		return
	}
	if view.History, err = s.history(ctx, u, view.Base, view.LangQ); err != nil {
		s.internal(w, r, err)
		return
	}
	if view.Comments, err = s.unitComments(ctx, u, view.Base, view.LangQ); err != nil {
		s.internal(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "unit", view)
}

// maxReportRows bounds the reports listed per form: the most recent ones.
const maxReportRows = 12

// reports lists, for every form the unit fills, the recent periods and those the store holds,
// with due date and state.
func (s *Server) reports(ctx context.Context, u *schema.Unit, base, langQ string) ([]reportRow, error) {
	today := s.today()
	subs, err := s.st.Submissions(ctx, store.Filter{Unit: u.Code})
	if err != nil {
		return nil, err
	}
	status := map[string]*store.StatusReport{}
	var rows []reportRow
	for i := range s.plan.Forms {
		f := &s.plan.Forms[i]
		if !slices.Contains(f.Units, u.Code) {
			continue
		}
		var ps []schema.Period
		for _, sub := range subs {
			if p, err := schema.ParsePeriod(sub.Period); err == nil && sub.Form == f.ID && !sub.Refused {
				ps = append(ps, p)
			}
		}
		for _, freq := range f.Frequency {
			ps = append(ps, recentPeriods(freq, today)...)
		}
		n := 0
		for _, p := range newestFirst(ps) {
			if n == maxReportRows || !f.HasFrequency(p.Freq) || !s.plan.Fills(f, u, p) {
				continue
			}
			n++
			rep, ok := status[p.String()]
			if !ok {
				if rep, err = s.st.Status(ctx, s.plan, p, today); err != nil {
					return nil, err
				}
				status[p.String()] = rep
			}
			row := reportRow{Form: f.ID, Title: f.Title, Period: p.String(), Due: f.Due(p), State: store.StateMissing,
				FormURL: withLang(base+"/form"+query("form", f.ID, "period", p.String()), langQ)}
			for _, fs := range rep.Forms {
				if fs.Form != f.ID {
					continue
				}
				for _, us := range fs.Units {
					if us.Unit == u.Code {
						row.State, row.DaysLate, row.Review = us.State, us.DaysLate, us.Review
					}
				}
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// history lists the files the unit sent through its link and those the office received for it,
// latest first.
func (s *Server) history(ctx context.Context, u *schema.Unit, base, langQ string) ([]historyRow, error) {
	subs, err := s.st.Submissions(ctx, store.Filter{Unit: u.Code, WithFindings: true, WithRefused: true})
	if err != nil {
		return nil, err
	}
	ups, err := s.st.Uploads(ctx, u.Code)
	if err != nil {
		return nil, err
	}
	bySHA := map[string]store.Submission{}
	for _, sub := range subs {
		bySHA[sub.SHA256] = sub
	}
	var rows []historyRow
	seen := map[string]bool{}
	add := func(sub store.Submission, name string, at time.Time) {
		e, w := counts(sub.Findings)
		rows = append(rows, historyRow{At: at, Name: name, URL: withLang(base+"/file/"+sub.SHA256, langQ), Form: sub.Form,
			Period: sub.Period, Valid: sub.Valid, Current: sub.SupersededBy == 0 && !sub.Refused, Refused: sub.Refused, Errors: e, Warnings: w})
	}
	for _, up := range ups {
		sub, ok := bySHA[up.SHA256]
		if !ok {
			// Another unit's file, or one that names no unit.
			found, err := s.st.Submissions(ctx, store.Filter{SHA256: up.SHA256, WithFindings: true})
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				continue // the upload's receipt did not survive (never the case unless the index was rebuilt)
			}
			sub = *s.asSeenBy(u, &found[0], up)
		}
		add(sub, up.Name, up.At)
		seen[up.SHA256] = true
	}
	for _, sub := range subs {
		if !seen[sub.SHA256] {
			add(sub, sub.Name, sub.ReceivedAt)
		}
	}
	slices.SortStableFunc(rows, func(a, b historyRow) int { return b.At.Compare(a.At) })
	return rows, nil
}

func counts(fs finding.Findings) (errs, warns int) {
	return fs.Count(finding.Error), fs.Count(finding.Warning)
}

// visible returns the submission of the file with the given SHA-256 if the unit may see it: it
// came through the unit's link, or it is the unit's report.
func (s *Server) visible(ctx context.Context, u *schema.Unit, sha string) (*store.Submission, error) {
	if !isSHA256(sha) {
		return nil, nil
	}
	subs, err := s.st.Submissions(ctx, store.Filter{SHA256: sha, WithFindings: true, WithFigures: true})
	if err != nil || len(subs) == 0 {
		return nil, err
	}
	sub := &subs[0]
	if sub.Unit == u.Code {
		return sub, nil
	}
	ups, err := s.st.UploadsOf(ctx, sha)
	if err != nil {
		return nil, err
	}
	var last *store.Upload
	for i := range ups {
		if ups[i].Unit == u.Code {
			last = &ups[i]
		}
	}
	if last == nil {
		return nil, nil
	}
	return s.asSeenBy(u, sub, *last), nil
}

// asSeenBy is a file that came through unit u's link as u may see it. The store holds one check
// per file (by SHA-256): when it is another unit's report — the same bytes were that unit's own,
// or were later taken up by it — u sees the verdict of its own upload, refused as wrong-unit,
// never the other unit's verdict, figures or findings — under the name and time of u's upload up.
func (s *Server) asSeenBy(u *schema.Unit, sub *store.Submission, up store.Upload) *store.Submission {
	if sub.Unit == u.Code || sub.Form == "" || sub.Unit == "" {
		return sub
	}
	msg := intake.WrongUnit(s.plan, sub.Unit, u.Code)
	seen := *sub
	seen.Name, seen.ReceivedAt = up.Name, up.At
	seen.Valid, seen.Refused, seen.Figures = false, true, nil
	seen.Findings = finding.Findings{{Severity: finding.Error, Code: "wrong-unit", Summary: finding.SummaryOf("wrong-unit"), Detail: msg,
		Cell: finding.Cell{File: up.Name}}}
	return &seen
}

func isSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// unitSubmission is the unit of the link and the submission the request names, if the unit may
// see it; otherwise it answers the request and returns a nil submission.
func (s *Server) unitSubmission(w http.ResponseWriter, r *http.Request) (*schema.Unit, *store.Submission) {
	u := s.unitFor(w, r)
	if u == nil {
		return nil, nil
	}
	sub, err := s.visible(r.Context(), u, r.PathValue("sha"))
	if err != nil {
		s.internal(w, r, err)
		return nil, nil
	}
	if sub == nil {
		s.fail(w, r, http.StatusNotFound, msgNotFound)
		return nil, nil
	}
	return u, sub
}

func (s *Server) unitFile(w http.ResponseWriter, r *http.Request) {
	u, sub := s.unitSubmission(w, r)
	if sub == nil {
		return
	}
	base := "/u/" + r.PathValue("token") + "/file/" + sub.SHA256
	v := s.verdictOf(sub, base, langOf(r), langQOf(r), false)
	comments, err := s.fileComments(r.Context(), sub)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if v.Comments = comments; len(comments) > 0 {
		v.AnnotatedURL = withLang(base+"/annotated", langQOf(r))
	}
	s.renderUnit(w, r, u, v)
}

// langQOf is the language chosen by the page's URL as a query ("lang=en", "lang=vi"), for every
// link and form of the page to carry: a unit on an English browser that picks Tiếng Việt keeps it
// after uploading. "" when the URL chooses none (the browser's preference then rules).
func langQOf(r *http.Request) string {
	switch l := r.URL.Query().Get("lang"); l {
	case "en", "vi":
		return "lang=" + l
	}
	return ""
}

// verdictOf is what the store holds of a file's check, for a page.
func (s *Server) verdictOf(sub *store.Submission, base string, l finding.Lang, langQ string, office bool) *verdict {
	v := &verdict{Name: sub.Name, SHA256: sub.SHA256, Size: sub.Size, At: sub.ReceivedAt, Identified: sub.Form != "",
		Form: sub.Form, Unit: sub.Unit, Period: sub.Period, Valid: sub.Valid, Current: sub.SupersededBy == 0 && !sub.Refused, Refused: sub.Refused,
		OriginalURL: withLang(base+"/original", langQ)}
	if f := s.plan.Form(sub.Form); f != nil {
		v.FormTitle = f.TitleText().In(l)
	}
	if u := s.plan.Unit(sub.Unit); u != nil {
		v.UnitName = u.Name
	}
	v.Errors, v.Warnings = counts(sub.Findings)
	for _, x := range sub.Findings {
		v.Findings = append(v.Findings, findingRow{Severity: x.Severity.String(), Word: x.Severity.Word(l), Code: x.Code,
			Summary: x.Summary.In(l), Where: x.Cell.InFile(), Message: x.Detail.In(l)})
	}
	if len(sub.Findings) > 0 {
		v.AnnotatedURL = withLang(base+"/annotated", langQ)
	}
	if office {
		form := s.plan.Form(sub.Form)
		for _, g := range sub.Figures {
			row := figureRow{Indicator: g.Indicator, Name: g.Indicator, Column: g.Column, Value: g.Value.In(l), Status: string(g.Status), Note: g.Note, Cell: g.Sheet + "!" + g.Cell}
			if ind := s.plan.Indicator(g.Indicator); ind != nil {
				row.Name = ind.NameText().In(l)
			}
			if form != nil {
				if c := form.Column(g.Column); c != nil {
					row.Column = c.NameText().In(l)
				}
			}
			v.Figures = append(v.Figures, row)
		}
	}
	return v
}

func (s *Server) unitAnnotated(w http.ResponseWriter, r *http.Request) {
	u, sub := s.unitSubmission(w, r)
	if sub == nil {
		return
	}
	s.sendAnnotated(w, r, "unit:"+u.Code, sub)
}

func (s *Server) unitOriginal(w http.ResponseWriter, r *http.Request) {
	u, sub := s.unitSubmission(w, r)
	if sub == nil {
		return
	}
	s.sendOriginal(w, r, "unit:"+u.Code, sub)
}

// sendOriginal sends an archived file as it came. Its path is the store's, found by SHA-256.
func (s *Server) sendOriginal(w http.ResponseWriter, r *http.Request, actor string, sub *store.Submission) {
	path, err := s.st.Path(sub.SHA256)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	f, err := os.Open(path)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer f.Close()
	s.audit(r, actor, "download", sub.SHA256, "original")
	attachment(w, sub.Name, contentTypeOf(sub.Name))
	w.Header().Set("Content-Length", strconv.FormatInt(sub.Size, 10))
	io.Copy(w, f)
}

// sendAnnotated sends the annotated copy of an archived file: the file with each finding the
// store holds for it marked in its cell, made afresh in a temporary folder.
func (s *Server) sendAnnotated(w http.ResponseWriter, r *http.Request, actor string, sub *store.Submission) {
	comments, err := s.fileComments(r.Context(), sub)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	if len(sub.Findings) == 0 && len(comments) == 0 {
		s.fail(w, r, http.StatusNotFound, finding.Text{VI: "Tệp này không có lỗi hay cảnh báo nào để đánh dấu.", EN: "This file has no error or warning to mark."})
		return
	}
	path, err := s.st.Path(sub.SHA256)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	l := langOf(r)
	f := validate.CheckFile(validate.Options{Plan: s.plan, Limits: s.cfg.Limits}, path)
	if f.Err != nil {
		s.internal(w, r, f.Err)
		return
	}
	if f.Checked == nil {
		s.fail(w, r, http.StatusNotFound, finding.Text{VI: "Tệp này không phải bảng tính đọc được nên không có bản đánh dấu; xem danh sách lỗi trên trang.", EN: "This file is not a readable workbook, so it has no annotated copy; see the findings on the page."})
		return
	}
	f.Findings = slices.Clone(sub.Findings)
	for i := range f.Findings {
		f.Findings[i].Cell.File = path
	}
	// The office's comments on the file, beside the machine's findings.
	f.Findings = append(f.Findings, commentFindings(comments, path)...)
	dir, err := os.MkdirTemp(outfile.TempDir(), "annotated-*")
	if err != nil {
		s.internal(w, r, err)
		return
	}
	defer os.RemoveAll(dir)
	out, err := validate.Annotate(r.Context(), f, dir, l, true, []string{path})
	if err != nil || out == "" {
		s.internal(w, r, fmt.Errorf("annotate %s: %v", sub.SHA256, err))
		return
	}
	data, err := os.ReadFile(out)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, actor, "download", sub.SHA256, "annotated")
	attachment(w, validate.AnnotatedName(sub.Name, l), xlsxType)
	w.Write(data)
}

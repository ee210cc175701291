package serve

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"chitieu/finding"
	"chitieu/schema"
	"chitieu/store"
)

// OfficeAccount is the name of the account whose token serve prints at start or reads from
// --office-token-file: the office's first account, kept working beside those of `chitieu office`.
const OfficeAccount = "office"

// officeActor is the audit log's actor for an office account: "office" for serve's own token,
// "office:NAME" for a specialist's.
func officeActor(name string) string {
	if name == OfficeAccount || name == "" {
		return "office"
	}
	return "office:" + name
}

// accountOf returns the office account whose token this is: serve's own, or one made by
// `chitieu office add`. Every account is compared, in constant time, whatever matches.
func (s *Server) accountOf(ctx context.Context, token string) (string, bool) {
	if token == "" {
		return "", false
	}
	name, found := "", false
	if s.isOffice(token) {
		name, found = OfficeAccount, true
	}
	accts, err := s.st.Accounts(ctx)
	if err != nil {
		return name, found
	}
	got := []byte(HashToken(token))
	for _, a := range accts {
		if subtle.ConstantTimeCompare([]byte(a.TokenSHA256), got) == 1 && !found {
			name, found = a.Name, true
		}
	}
	return name, found
}

// reviewCell is a figure of a report's current file, offered for a comment on its cell.
type reviewCell struct {
	Ref, Label string // Ref is Sheet!D12
}

// boardReview is what the board shows of the office's review of one report, and what it may do.
type boardReview struct {
	State                          string // store.Review… or ""
	Comments                       []store.Review
	Held                           []string
	Cells                          []reviewCell
	CanApprove, CanReturn, CanOpen bool
	Slots                          []int  // the numbers of the Return form's cell comments
	Key                            string // the report's form and unit as an HTML id: "03-CT-H-380"
}

// reviewOf fills a board row's review from the unit's status and the figures of its current file.
func reviewOf(p *schema.Plan, us store.UnitStatus, figures []schema.Figure, form *schema.Form, l finding.Lang) boardReview {
	br := boardReview{State: us.Review, Comments: us.Comments, Held: us.Held, Key: htmlID(form, us.Unit)}
	for i := range maxCellComments {
		br.Slots = append(br.Slots, i+1)
	}
	switch {
	case us.Review == store.ReviewApproved:
		br.CanOpen = true
	case us.SHA256 != "":
		br.CanReturn = true
		br.CanApprove = us.State == store.StateValid
	}
	for _, g := range figures {
		if g.Cell == "" {
			continue
		}
		label := g.Indicator
		if ind := p.Indicator(g.Indicator); ind != nil {
			label = ind.NameText().In(l)
		}
		if form != nil {
			if c := form.Column(g.Column); c != nil {
				label += " — " + c.NameText().In(l)
			}
		}
		if g.Value.IsSet() {
			label += ": " + g.Value.In(l) // 14.379,2 in Vietnamese
		}
		br.Cells = append(br.Cells, reviewCell{Ref: g.Sheet + "!" + g.Cell, Label: g.Cell + " · " + label})
	}
	return br
}

// maxCellComments is how many cell comments the board's Return form offers, and the most a
// request may carry.
const maxCellComments = 5

// review answers POST /office/review: an office account approves, returns (with a comment and
// comments on cells) or reopens a report. A logged-in browser must carry the form's CSRF field;
// a script its bearer token. The change is audited with the account's name.
func (s *Server) review(w http.ResponseWriter, r *http.Request) {
	_, isBearer := bearer(r)
	name, ok := s.officeAccount(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.fail(w, r, bodyStatus(err), msgBroken)
		return
	}
	if !isBearer && !csrfOK(r, r.PostForm.Get(csrfField)) {
		s.fail(w, r, http.StatusForbidden, msgCSRF)
		return
	}
	f := r.PostForm
	per, err := schema.ParsePeriod(f.Get("period"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, msgBadPeriod)
		return
	}
	if s.plan.Form(f.Get("form")) == nil || s.plan.Unit(f.Get("unit")) == nil {
		s.fail(w, r, http.StatusBadRequest, finding.Text{VI: "Không có biểu hoặc đơn vị này trong kế hoạch.", EN: "No such form or unit in the plan."})
		return
	}
	c := store.ReviewChange{Form: f.Get("form"), Unit: f.Get("unit"), Period: per.String(), Comment: f.Get("comment"), By: officeActor(name), At: s.cfg.Now()}
	switch f.Get("action") {
	case "approve":
		c.State = store.ReviewApproved
	case "return":
		c.State = store.ReviewReturned
		cells, texts := f["cell"], f["cell_text"]
		if len(cells) > maxCellComments || len(texts) > maxCellComments {
			s.fail(w, r, http.StatusBadRequest, finding.Textf("Tối đa %d nhận xét ô mỗi lần.", "At most %d cell comments at a time.", maxCellComments))
			return
		}
		for i, ref := range cells {
			text := ""
			if i < len(texts) {
				text = texts[i]
			}
			if strings.TrimSpace(ref) == "" && strings.TrimSpace(text) == "" {
				continue // an empty slot of the form
			}
			c.Cells = append(c.Cells, store.CellComment{Cell: ref, Text: text})
		}
	case "reopen":
		c.State = store.ReviewReopened
	default:
		s.fail(w, r, http.StatusBadRequest, finding.Text{VI: "Không rõ việc cần làm (duyệt, trả lại, mở lại).", EN: "Unknown action (approve, return, reopen)."})
		return
	}
	e := s.auditEntry(r, "", "", "", "")
	c.Remote, c.Forwarded = e.Remote, e.Forwarded
	if _, err := s.st.SetReview(r.Context(), c); err != nil {
		var se *store.Error
		if !errors.As(err, &se) || store.IsDamaged(err) {
			s.internal(w, r, err)
			return
		}
		status := http.StatusBadRequest
		switch se.Code {
		case "already-approved", "approved", "not-approved", "no-valid-report", "no-report":
			status = http.StatusConflict
		}
		s.fail(w, r, status, finding.Text{VI: se.In(finding.VI), EN: se.In(finding.EN)})
		return
	}
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "{\"ok\":true}\n")
		return
	}
	dst := "/office" + query("period", per.String())
	http.Redirect(w, r, withLang(dst, langQOf(r))+"#form-"+c.Form, http.StatusSeeOther)
}

// unitComment is one of the office's reviews as the unit's page shows it.
type unitComment struct {
	At                 time.Time
	Form, Period, Name string
	State              string
	Comment, By        string
	Cells              []store.CellComment
	FileURL            string
}

// unitComments lists the office's reviews of the unit's own reports, latest first: only its own
// (the store is asked for this unit's reviews alone).
func (s *Server) unitComments(ctx context.Context, u *schema.Unit, base, langQ string) ([]unitComment, error) {
	rvs, err := s.st.Reviews(ctx, "", "", u.Code)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	if subs, err := s.st.Submissions(ctx, store.Filter{Unit: u.Code}); err == nil {
		for _, sub := range subs {
			names[sub.SHA256] = sub.Name
		}
	}
	out := make([]unitComment, 0, len(rvs))
	for i := len(rvs) - 1; i >= 0; i-- {
		rv := rvs[i]
		uc := unitComment{At: rv.At, Form: rv.Form, Period: rv.Period, State: rv.State, Comment: rv.Comment, By: rv.By, Cells: rv.Cells, Name: names[rv.SHA256]}
		if uc.Name != "" {
			uc.FileURL = withLang(base+"/file/"+rv.SHA256, langQ)
		}
		out = append(out, uc)
	}
	return out, nil
}

// fileComments are the office's returns of one file, with their comments on cells.
func (s *Server) fileComments(ctx context.Context, sub *store.Submission) ([]store.Review, error) {
	if sub.Form == "" || sub.Unit == "" || sub.Period == "" {
		return nil, nil
	}
	rvs, err := s.st.Reviews(ctx, sub.Period, sub.Form, sub.Unit)
	if err != nil {
		return nil, err
	}
	var out []store.Review
	for _, rv := range rvs {
		if rv.SHA256 == sub.SHA256 && rv.State == store.ReviewReturned {
			out = append(out, rv)
		}
	}
	return out, nil
}

// commentFindings turns the office's comments into findings the annotator marks beside the
// machine's: a cell's comment on its cell, a report's comment on the whole file.
func commentFindings(rvs []store.Review, path string) finding.Findings {
	summary := finding.Text{VI: "Nhận xét của văn phòng", EN: "The office's comment"}
	var out finding.Findings
	for _, rv := range rvs {
		by := strings.TrimPrefix(strings.TrimPrefix(rv.By, "office:"), "cli:")
		if rv.Comment != "" {
			out = append(out, finding.Finding{Severity: finding.Warning, Code: "office-comment", Summary: summary,
				Detail: finding.Textf("%s (%s)", "%s (%s)", rv.Comment, by), Cell: finding.Cell{File: path}})
		}
		for _, c := range rv.Cells {
			row, col, _ := finding.ParseRef(c.Cell)
			out = append(out, finding.Finding{Severity: finding.Warning, Code: "office-comment", Summary: summary,
				Detail: finding.Textf("%s (%s)", "%s (%s)", c.Text, by), Cell: finding.Cell{File: path, Sheet: c.Sheet, Row: row, Col: col}})
		}
	}
	return out
}

// htmlID makes an HTML id of a form and a unit: letters, digits and "-" only.
func htmlID(form *schema.Form, unit string) string {
	id := unit
	if form != nil {
		id = form.ID + "-" + unit
	}
	return strings.Map(func(r rune) rune {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return r
		}
		return '-'
	}, id)
}

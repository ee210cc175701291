package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"chitieu/finding"
	"chitieu/intake"
	"chitieu/outfile"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/templates"
	"chitieu/validate"
)

// A unit's blank form and its uploads: limits before reading, the check, the store, the answer.

// blankForm sends the unit its form for a period, laid out as the template command does.
func (s *Server) blankForm(w http.ResponseWriter, r *http.Request) {
	u := s.unitFor(w, r)
	if u == nil {
		return
	}
	q := r.URL.Query()
	per, err := schema.ParsePeriod(q.Get("period"))
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, msgBadPeriod)
		return
	}
	f := s.plan.Form(q.Get("form"))
	if f == nil || !f.HasFrequency(per.Freq) || !s.plan.Fills(f, u, per) {
		s.fail(w, r, http.StatusNotFound, finding.Text{VI: "Đơn vị không lập biểu này cho kỳ này.", EN: "The unit does not fill this form for this period."})
		return
	}
	ls, err := templates.Plan(s.plan, templates.Selection{Period: per, Forms: []string{f.ID}, Units: []string{u.Code}})
	if err != nil || len(ls) != 1 {
		s.internal(w, r, fmt.Errorf("template %s %s %s: %v", f.ID, u.Code, per, err))
		return
	}
	var buf bytes.Buffer
	if err := ls[0].Write(&buf); err != nil {
		s.internal(w, r, err)
		return
	}
	s.audit(r, "unit:"+u.Code, "download", f.ID+" "+per.String(), "blank form")
	attachment(w, ls[0].FileName(), xlsxType)
	w.Write(buf.Bytes())
}

// The messages of an upload.
var (
	msgBusy = finding.Text{VI: "Đơn vị đang gửi vài tệp cùng lúc; hãy đợi tệp trước có kết quả rồi gửi tiếp.",
		EN: "The unit is sending several files at once; wait for the earlier one's result, then send the next."}
	msgNotMultipart = finding.Text{VI: "Cần gửi tệp bằng biểu mẫu tải lên (multipart/form-data, trường \"file\").",
		EN: "Send the file with the upload form (multipart/form-data, field \"file\")."}
	msgNoFile = finding.Text{VI: "Chưa chọn tệp nào để gửi.", EN: "No file was chosen to send."}
	msgBroken = finding.Text{VI: "Tệp gửi lên bị ngắt giữa chừng; hãy gửi lại.", EN: "The upload was cut off; send it again."}
)

func (s *Server) msgTooLarge() finding.Text {
	return finding.Textf("Tệp quá lớn: mỗi lần gửi tối đa %d MB. Một biểu mẫu báo cáo chỉ vài chục KB — hãy kiểm tra lại đúng tệp báo cáo chưa.",
		"The file is too large: at most %d MB an upload. A report form is a few tens of KB — check that this is the report file.", s.maxBody>>20)
}

// upload takes a unit's file: limits first (per-unit uploads in progress, body size), then the
// body streamed to a temporary file, the check, the receipt into the store, and the answer.
func (s *Server) upload(w http.ResponseWriter, r *http.Request) {
	u := s.unitFor(w, r)
	if u == nil {
		return
	}
	actor := "unit:" + u.Code
	release, ok := s.units.acquire(u.Code)
	if !ok {
		w.Header().Set("Retry-After", "5")
		s.fail(w, r, http.StatusTooManyRequests, msgBusy)
		return
	}
	defer release()
	if r.ContentLength > s.maxBody {
		s.refusal(r, actor, "refused", "", fmt.Sprintf("too large: %d bytes", r.ContentLength))
		s.fail(w, r, http.StatusRequestEntityTooLarge, s.msgTooLarge())
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.maxBody)
	tmp, name, status, msg := s.readUpload(r)
	if tmp == nil {
		if status == http.StatusRequestEntityTooLarge {
			s.refusal(r, actor, "refused", "", "too large")
			msg = s.msgTooLarge()
		}
		s.fail(w, r, status, msg)
		return
	}
	defer outfile.Remove(tmp)

	// The body is read: from here the file is checked and filed even if the unit's browser goes
	// away, so that what the unit sent is never half recorded.
	ctx := context.WithoutCancel(r.Context())
	select {
	case s.checks <- struct{}{}:
	case <-r.Context().Done():
		return
	}
	start := time.Now()
	rec, err := s.receive(ctx, u, tmp.Name(), name)
	<-s.checks
	if err != nil {
		s.internal(w, r, err)
		return
	}
	f, res := rec.File, rec.Result
	verdictWord := "valid"
	if !f.Valid() {
		verdictWord = "invalid: " + f.Findings.Tally(finding.EN)
	}
	what := "unidentified"
	if f.Sub != nil && f.Sub.Identified {
		what = fmt.Sprintf("%s %s %s", f.Sub.Identity.Form, f.Sub.Identity.Unit, f.Sub.Identity.Period)
	}
	detail := fmt.Sprintf("%s; %s; %s", name, what, verdictWord)
	if !res.New {
		detail += "; already in the store"
	}
	if err := s.st.RecordUpload(ctx, store.Upload{SHA256: f.SHA256, Unit: u.Code, Name: name, New: res.New || res.Adopted, At: s.cfg.Now()},
		s.auditEntry(r, actor, "upload", f.SHA256, detail)); err != nil {
		s.internal(w, r, err)
		return
	}
	s.logf("upload %s %q: %s (%s)", u.Code, name, detail, time.Since(start).Round(time.Millisecond))
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, rec.Entry(name, langOf(r)))
		return
	}
	http.Redirect(w, r, withLang("/u/"+r.PathValue("token")+"/file/"+f.SHA256, langQOf(r)), http.StatusSeeOther)
}

// readUpload streams the multipart body to a temporary file: the hidden CSRF field first (a
// browser's form must carry it before the file; a script asking for JSON needs none), then the
// file. It returns the file and the name it came with, or the status and message of a refusal.
func (s *Server) readUpload(r *http.Request) (*os.File, string, int, finding.Text) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", http.StatusBadRequest, msgNotMultipart
	}
	script := wantsJSON(r)
	token := ""
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, "", http.StatusBadRequest, msgNoFile
		}
		if err != nil {
			return nil, "", bodyStatus(err), msgBroken
		}
		switch part.FormName() {
		case csrfField:
			b, err := io.ReadAll(io.LimitReader(part, 64))
			if err != nil {
				return nil, "", bodyStatus(err), msgBroken
			}
			token = string(b)
		case "file":
			if !script && !csrfOK(r, token) {
				return nil, "", http.StatusForbidden, msgCSRF
			}
			// A name is cut before anything keeps or logs it: a header may claim megabytes of one.
			name := store.CutName(part.FileName(), store.MaxNameBytes)
			if name == "" {
				return nil, "", http.StatusBadRequest, msgNoFile
			}
			// Held under its own name, so that the check speaks of the name the unit sent (a
			// temporary name's digits once read as another unit's code).
			tmp, err := outfile.TempNamed(store.StoredName(name))
			if err != nil {
				return nil, "", http.StatusInternalServerError, msgInternal
			}
			if _, err := io.Copy(tmp, part); err != nil {
				outfile.Remove(tmp)
				return nil, "", bodyStatus(err), msgBroken
			}
			if err := tmp.Sync(); err != nil {
				outfile.Remove(tmp)
				return nil, "", http.StatusInternalServerError, msgInternal
			}
			return tmp, name, 0, finding.Text{}
		default:
			if _, err := io.Copy(io.Discard, part); err != nil {
				return nil, "", bodyStatus(err), msgBroken
			}
		}
	}
}

// bodyStatus is the status of a failure to read a request body: 413 when it is over the limit.
func bodyStatus(err error) int {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}

// receive checks an uploaded file as receive does and files it into the store, valid or not,
// through the one receiver (intake): the file, then that it is the unit's own, then against the
// unit's history.
func (s *Server) receive(ctx context.Context, u *schema.Unit, path, name string) (intake.Received, error) {
	f := validate.CheckFile(validate.Options{Plan: s.plan, Limits: s.cfg.Limits}, path)
	if f.Err != nil {
		return intake.Received{}, f.Err
	}
	var got intake.Received
	in := intake.New(s.plan, s.st)
	in.ReceivedAt = s.cfg.Now()
	in.Filed = func(r intake.Received) error { got = r; return nil }
	if err := in.Add(ctx, f, intake.From{Name: name, Unit: u.Code}); err != nil {
		return intake.Received{}, err
	}
	err := in.Flush(ctx)
	return got, err
}

package store

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"regexp"
	"strings"
	"time"
)

// The review states of a report (form, unit, period) (DESIGN.md, Domain model). Received is a
// report with no review in force: a valid file the office has not yet returned or approved.
// Reopened is a change, never a state: a reopened report is received again.
const (
	ReviewReceived = "received"
	ReviewReturned = "returned"
	ReviewApproved = "approved"
	ReviewReopened = "reopened"
)

// CellComment is the office's comment on one cell of a returned file.
type CellComment struct {
	Sheet string `json:"sheet,omitempty"`
	Cell  string `json:"cell"`
	Text  string `json:"text"`
}

// Review is one change of a report's review state: returned (with the office's comment and its
// comments on cells), approved, or reopened (with its reason). SHA256 is the file the change was
// made on ("" for a reopen); By is the office account's name.
type Review struct {
	ID                 int64         `json:"-"`
	Form, Unit, Period string        `json:"-"`
	SHA256             string        `json:"sha256,omitempty"`
	State              string        `json:"state"`
	Comment            string        `json:"comment,omitempty"`
	Cells              []CellComment `json:"cells,omitempty"`
	By                 string        `json:"by"`
	At                 time.Time     `json:"at"`
}

// ReviewChange asks for a change of a report's review state. State is ReviewReturned,
// ReviewApproved or ReviewReopened; Comment is the office's text on the report (the reason, for a
// reopen); Cells its comments on cells (a return only). By is the account's name, kept in the
// review and as the audit entry's actor; Remote and Forwarded go to the audit entry as for a
// request. A zero At means now.
type ReviewChange struct {
	Form, Unit, Period string
	State              string
	Comment            string
	Cells              []CellComment
	By                 string
	Remote, Forwarded  string
	At                 time.Time
}

// MaxReviewText bounds the office's comment on a report or a cell, in bytes.
const MaxReviewText = 2000

var cellRef = regexp.MustCompile(`^[A-Z]{1,3}[1-9][0-9]{0,6}$`)

// SetReview changes the review state of a report, with its audit entry, in one transaction.
//
//   - returned: the current file (valid or not) goes back to the unit with Comment and Cells;
//     each cell must be one of the file's figures. An approved report must be reopened first.
//   - approved: the current valid file is accepted and the report is locked: a file received
//     for it later is kept and listed but supersedes nothing until the report is reopened.
//   - reopened: an approved report is unlocked (Comment, its reason, is required). The files
//     held while it was approved then take their turn in the order received, as if received
//     now: the newest valid one becomes current, superseding the approved file.
func (s *Store) SetReview(ctx context.Context, c ReviewChange) (_ Review, err error) {
	defer s.explain(&err)
	if c.At.IsZero() {
		c.At = time.Now()
	}
	c.Comment = strings.TrimSpace(c.Comment)
	if c.By == "" {
		return Review{}, newError("bad-review", nil, "thiếu tên người duyệt", "no reviewer's name given")
	}
	if c.Form == "" || c.Unit == "" || c.Period == "" {
		return Review{}, newError("bad-review", nil, "cần nêu biểu mẫu, đơn vị và kỳ của báo cáo", "name the report's form, unit and period")
	}
	if len(c.Comment) > MaxReviewText {
		return Review{}, newError("bad-review", nil, "nhận xét dài quá %d byte", "the comment is longer than %d bytes", MaxReviewText)
	}
	key := fmt.Sprintf("%s/%s/%s", c.Form, c.Unit, c.Period)
	rv := Review{Form: c.Form, Unit: c.Unit, Period: c.Period, State: c.State, Comment: c.Comment, By: c.By, At: c.At}
	err = s.withWrite(ctx, func(tx *sql.Tx) error {
		cur, err := loadSubmissions(ctx, tx, "s.form = ? AND s.unit = ? AND s.period = ? AND s.superseded_by IS NULL AND s.refused = 0",
			[]any{c.Form, c.Unit, c.Period}, true, false)
		if err != nil {
			return err
		}
		var valid, latest *Submission
		for i := range cur {
			if cur[i].Valid && valid == nil {
				valid = &cur[i]
			}
			latest = &cur[i]
		}
		last, err := lastReview(ctx, tx, c.Form, c.Unit, c.Period, 0)
		if err != nil {
			return err
		}
		approved := last != nil && last.State == ReviewApproved
		switch c.State {
		case ReviewApproved:
			if approved {
				return newError("already-approved", nil, "báo cáo %s đã được duyệt (%s)", "report %s is already approved (by %s)", key, last.By)
			}
			if valid == nil {
				return newError("no-valid-report", nil, "báo cáo %s chưa có tệp hợp lệ để duyệt", "report %s has no valid file to approve", key)
			}
			rv.SHA256 = valid.SHA256
		case ReviewReturned:
			if approved {
				return newError("approved", nil, "báo cáo %s đã được duyệt; mở lại (--reopen) trước khi trả lại", "report %s is approved; reopen it (--reopen) before returning it", key)
			}
			if latest == nil {
				return newError("no-report", nil, "chưa nhận báo cáo %s nào", "no report %s has been received", key)
			}
			if c.Comment == "" && len(c.Cells) == 0 {
				return newError("bad-review", nil, "trả lại báo cáo cần một nhận xét", "returning a report needs a comment")
			}
			sub := latest
			if valid != nil {
				sub = valid
			}
			rv.SHA256 = sub.SHA256
			for _, cc := range c.Cells {
				cc, err := checkCell(sub, cc)
				if err != nil {
					return err
				}
				rv.Cells = append(rv.Cells, cc)
			}
		case ReviewReopened:
			if !approved {
				return newError("not-approved", nil, "báo cáo %s chưa được duyệt nên không cần mở lại", "report %s is not approved, so there is nothing to reopen", key)
			}
			if c.Comment == "" {
				return newError("bad-review", nil, "mở lại báo cáo cần nêu lý do", "reopening a report needs a reason")
			}
		default:
			return newError("bad-review", nil, "trạng thái duyệt %q không có", "no review state %q", c.State)
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM files").Scan(&seq); err != nil {
			return err
		}
		r, err := tx.ExecContext(ctx, `INSERT INTO reviews(seq, form, unit, period, sha256, state, comment, by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			seq, rv.Form, rv.Unit, rv.Period, rv.SHA256, rv.State, rv.Comment, rv.By, formatTime(rv.At))
		if err != nil {
			return err
		}
		if rv.ID, err = r.LastInsertId(); err != nil {
			return err
		}
		detail := rv.Comment
		for i, cc := range rv.Cells {
			if _, err := tx.ExecContext(ctx, `INSERT INTO review_cells(review_id, ord, sheet, cell, comment) VALUES (?, ?, ?, ?, ?)`,
				rv.ID, i, cc.Sheet, cc.Cell, cc.Text); err != nil {
				return err
			}
			detail += fmt.Sprintf(" | %s: %s", cc.Cell, cc.Text)
		}
		if rv.State == ReviewReopened {
			if err := settleReopens(ctx, tx, rv.Form, rv.Unit, rv.Period, math.MaxInt64); err != nil {
				return err
			}
		}
		target := key
		if rv.SHA256 != "" {
			target += " " + rv.SHA256
		}
		return insertAudit(ctx, tx, AuditEntry{At: rv.At, Actor: rv.By, Action: "review-" + rv.State, Target: target,
			Detail: strings.TrimPrefix(detail, " | "), Remote: c.Remote, Forwarded: c.Forwarded})
	})
	if err != nil {
		return Review{}, err
	}
	return rv, nil
}

// checkCell finds the cell a comment names among the figures of sub: "D12" on the figures'
// sheet, or "Sheet!D12".
func checkCell(sub *Submission, cc CellComment) (CellComment, error) {
	cc.Text = strings.TrimSpace(cc.Text)
	ref := strings.ToUpper(strings.TrimSpace(strings.ReplaceAll(cc.Cell, "$", "")))
	if sh, c, ok := strings.Cut(ref, "!"); ok {
		ref = c
		cc.Sheet = strings.Trim(strings.TrimSpace(cc.Cell[:len(sh)]), "'")
	}
	if !cellRef.MatchString(ref) {
		return cc, newError("bad-cell", nil, "%q không phải là địa chỉ ô (ví dụ D12)", "%q is not a cell reference (such as D12)", cc.Cell)
	}
	if cc.Text == "" {
		return cc, newError("bad-review", nil, "nhận xét ô %s trống", "the comment on cell %s is empty", ref)
	}
	if len(cc.Text) > MaxReviewText {
		return cc, newError("bad-review", nil, "nhận xét ô %s dài quá %d byte", "the comment on cell %s is longer than %d bytes", ref, MaxReviewText)
	}
	for _, f := range sub.Figures {
		if f.Cell == ref && (cc.Sheet == "" || strings.EqualFold(cc.Sheet, f.Sheet)) {
			return CellComment{Sheet: f.Sheet, Cell: ref, Text: cc.Text}, nil
		}
	}
	return cc, newError("bad-cell", nil, "ô %s không phải là ô số liệu của tệp %q", "cell %s is not a figure of file %q", ref, sub.Name)
}

// lastReview returns the latest review of a report, or of those made before the file of receive
// order seq was received when seq is not 0, or nil.
func lastReview(ctx context.Context, q querier, form, unit, period string, seq int64) (*Review, error) {
	query := "SELECT id, sha256, state, comment, by, at FROM reviews WHERE form = ? AND unit = ? AND period = ?"
	args := []any{form, unit, period}
	if seq != 0 {
		query += " AND seq < ?"
		args = append(args, seq)
	}
	var rv Review
	var at string
	err := q.QueryRowContext(ctx, query+" ORDER BY id DESC LIMIT 1", args...).Scan(&rv.ID, &rv.SHA256, &rv.State, &rv.Comment, &rv.By, &at)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	rv.Form, rv.Unit, rv.Period = form, unit, period
	rv.At, err = parseTime(at)
	return &rv, err
}

// holdIfApproved is the review's hook in the supersede rule, called for a counting submission
// whose row is written and which has not yet superseded anything. If its report was approved
// when it was received (in receive order: a review made after the file of seq N was received
// holds files N+1 on), it is held: kept and listed, marked superseded by the approved file so
// that it is current nowhere, and it supersedes nothing. Reopens made before it was received
// are settled first, so that a rebuild, receiving the files again in their order, ends as the
// receipts did.
func holdIfApproved(ctx context.Context, tx execer, sub *Submission) (bool, error) {
	seq := sub.Seq
	if seq == 0 {
		if err := tx.QueryRowContext(ctx, "SELECT seq FROM files WHERE sha256 = ?", sub.SHA256).Scan(&seq); err != nil {
			return false, err
		}
	}
	if err := settleReopens(ctx, tx, sub.Form, sub.Unit, sub.Period, seq); err != nil {
		return false, err
	}
	last, err := lastReview(ctx, tx, sub.Form, sub.Unit, sub.Period, seq)
	if err != nil || last == nil || last.State != ReviewApproved {
		return false, err
	}
	var approvedID int64
	err = tx.QueryRowContext(ctx, "SELECT id FROM submissions WHERE sha256 = ? AND id <> ?", last.SHA256, sub.ID).Scan(&approvedID)
	if err == sql.ErrNoRows {
		return false, nil // the approved file is not in the index (yet): nothing to hold for
	}
	if err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE submissions SET superseded_by = ? WHERE id = ?", approvedID, sub.ID); err != nil {
		return false, err
	}
	sub.SupersededBy = approvedID
	return true, nil
}

// settleReopens lets the files held by each approval of a report that a reopen made before the
// file of receive order upTo ended take their turn, in the order received: each supersedes as if
// it came now (a valid one every current file received before it, an invalid one only invalid
// ones). Files already settled are no longer marked superseded by the approved file, so settling
// twice does nothing.
func settleReopens(ctx context.Context, tx execer, form, unit, period string, upTo int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT a.sha256, a.seq, (SELECT r.seq FROM reviews r WHERE r.form = a.form AND r.unit = a.unit
		AND r.period = a.period AND r.state = 'reopened' AND r.id > a.id ORDER BY r.id LIMIT 1) AS ended
		FROM reviews a WHERE a.form = ? AND a.unit = ? AND a.period = ? AND a.state = 'approved' ORDER BY a.id`, form, unit, period)
	if err != nil {
		return err
	}
	type span struct {
		sha      string
		from, to int64
	}
	var spans []span
	for rows.Next() {
		var sp span
		var to sql.NullInt64
		if err := rows.Scan(&sp.sha, &sp.from, &to); err != nil {
			rows.Close()
			return err
		}
		if to.Valid && to.Int64 < upTo {
			sp.to = to.Int64
			spans = append(spans, sp)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, sp := range spans {
		held, err := loadSubmissions(ctx, tx, `s.superseded_by = (SELECT id FROM submissions WHERE sha256 = ?) AND s.refused = 0
			AND f.seq > ? AND f.seq <= ?`, []any{sp.sha, sp.from, sp.to}, false, false)
		if err != nil {
			return err
		}
		for _, h := range held {
			if _, err := tx.ExecContext(ctx, "UPDATE submissions SET superseded_by = NULL WHERE id = ?", h.ID); err != nil {
				return err
			}
			q := `UPDATE submissions SET superseded_by = ?
				WHERE form = ? AND unit = ? AND period = ? AND superseded_by IS NULL AND refused = 0 AND id < ?`
			if !h.Valid {
				q += " AND valid = 0"
			}
			if _, err := tx.ExecContext(ctx, q, h.ID, h.Form, h.Unit, h.Period, h.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// Reviews returns every review of the reports of a period, in the order made, with their comments
// on cells; form and unit narrow it when not "".
func (s *Store) Reviews(ctx context.Context, period, form, unit string) (_ []Review, err error) {
	defer s.explain(&err)
	rows, err := s.db.QueryContext(ctx, `SELECT id, form, unit, period, sha256, state, comment, by, at FROM reviews
		WHERE (?1 = '' OR period = ?1) AND (?2 = '' OR form = ?2) AND (?3 = '' OR unit = ?3) ORDER BY at, id`, period, form, unit)
	if err != nil {
		return nil, err
	}
	var out []Review
	for rows.Next() {
		var rv Review
		var at string
		if err := rows.Scan(&rv.ID, &rv.Form, &rv.Unit, &rv.Period, &rv.SHA256, &rv.State, &rv.Comment, &rv.By, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if rv.At, err = parseTime(at); err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, rv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	// The comments on cells of all these reviews, in one query.
	byID := make(map[int64]int, len(out))
	for i := range out {
		byID[out[i].ID] = i
	}
	cr, err := s.db.QueryContext(ctx, `SELECT c.review_id, c.sheet, c.cell, c.comment FROM review_cells c JOIN reviews r ON r.id = c.review_id
		WHERE (?1 = '' OR r.period = ?1) AND (?2 = '' OR r.form = ?2) AND (?3 = '' OR r.unit = ?3) ORDER BY c.review_id, c.ord`, period, form, unit)
	if err != nil {
		return nil, err
	}
	defer cr.Close()
	for cr.Next() {
		var id int64
		var cc CellComment
		if err := cr.Scan(&id, &cc.Sheet, &cc.Cell, &cc.Text); err != nil {
			return nil, err
		}
		if i, ok := byID[id]; ok {
			out[i].Cells = append(out[i].Cells, cc)
		}
	}
	if err := cr.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// ReviewOf is the review state of a report given its reviews (in the order made) and its current
// file (valid if it has one, else the latest; "" when none): approved when its latest review
// approved it; returned when its latest review returned the current file; received otherwise
// (a file that came after a return is received again). It returns the review in force, if any.
func ReviewOf(reviews []Review, currentSHA string) (string, *Review) {
	if len(reviews) == 0 {
		return ReviewReceived, nil
	}
	last := &reviews[len(reviews)-1]
	switch {
	case last.State == ReviewApproved:
		return ReviewApproved, last
	case last.State == ReviewReturned && last.SHA256 == currentSHA:
		return ReviewReturned, last
	}
	return ReviewReceived, nil
}

// ReviewKey names a report in a map of reviews.
type ReviewKey struct{ Form, Unit string }

// ReviewsByReport groups a period's reviews by report.
func ReviewsByReport(reviews []Review) map[ReviewKey][]Review {
	out := map[ReviewKey][]Review{}
	for _, rv := range reviews {
		k := ReviewKey{rv.Form, rv.Unit}
		out[k] = append(out[k], rv)
	}
	return out
}

// Approvals returns, for each report of the period the office has approved (and not reopened
// since), the SHA-256 of the approved file, by {form, unit}.
func (s *Store) Approvals(ctx context.Context, period string) (_ map[[2]string]string, err error) {
	defer s.explain(&err)
	reviews, err := s.Reviews(ctx, period, "", "")
	if err != nil {
		return nil, err
	}
	out := map[[2]string]string{}
	for k, rvs := range ReviewsByReport(reviews) {
		if last := rvs[len(rvs)-1]; last.State == ReviewApproved {
			out[[2]string{k.Form, k.Unit}] = last.SHA256
		}
	}
	return out, nil
}

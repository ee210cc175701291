package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"chitieu/finding"
	"chitieu/schema"
)

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// execer is a querier that also writes: *sql.Tx and *stmtTx.
type execer interface {
	querier
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// stmtTx is a transaction that prepares each statement once and runs it again: a batch of
// receipts runs the same inserts and queries for every file, and SQLite parsed them again each
// time (a tenth of receiving's CPU). The statements close with the transaction.
type stmtTx struct {
	*sql.Tx
	stmts map[string]*sql.Stmt
}

func cached(tx *sql.Tx) *stmtTx { return &stmtTx{Tx: tx, stmts: map[string]*sql.Stmt{}} }

// stmtDB is the database outside any transaction, preparing each query once: every file received
// looks its bytes up (loadBySHA) and its unit's earlier reports up (Reports), and preparing those
// queries again each time was half of what they cost. A statement is safe for concurrent use and
// is prepared again on each connection that runs it. At most maxStmts queries are kept; others
// run unprepared.
type stmtDB struct {
	*sql.DB
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

const maxStmts = 32

func (d *stmtDB) prepared(ctx context.Context, query string) *sql.Stmt {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st, ok := d.stmts[query]; ok || len(d.stmts) >= maxStmts {
		return st
	}
	st, err := d.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil // run unprepared, to fail as the preparing did
	}
	d.stmts[query] = st
	return st
}

func (d *stmtDB) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := d.prepared(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return d.DB.QueryContext(ctx, query, args...)
}

func (d *stmtDB) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := d.prepared(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return d.DB.QueryRowContext(ctx, query, args...)
}

func (d *stmtDB) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	for q, st := range d.stmts {
		st.Close()
		delete(d.stmts, q)
	}
}

func (t *stmtTx) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.Tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = st
	return st, nil
}

func (t *stmtTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *stmtTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (t *stmtTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := t.prepared(ctx, query)
	if err != nil {
		return t.Tx.QueryRowContext(ctx, query, args...) // which fails as the preparing did
	}
	return st.QueryRowContext(ctx, args...)
}

const submissionColumns = `s.id, f.seq, s.sha256, f.name, f.size, s.received_at, s.form, s.form_version,
	s.unit, s.period, s.valid, COALESCE(s.superseded_by, 0), s.sender, s.refused`

// loadSubmissions returns the submissions matching where (over submissions s
// joined with files f), in receive order.
func loadSubmissions(ctx context.Context, q querier, where string, args []any, figures, findings bool) ([]Submission, error) {
	query := "SELECT " + submissionColumns + " FROM submissions s JOIN files f ON f.sha256 = s.sha256"
	if where != "" {
		query += " WHERE " + where
	}
	rows, err := q.QueryContext(ctx, query+" ORDER BY f.seq", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var subs []Submission
	for rows.Next() {
		var sub Submission
		var at string
		if err := rows.Scan(&sub.ID, &sub.Seq, &sub.SHA256, &sub.Name, &sub.Size, &at, &sub.Form,
			&sub.FormVersion, &sub.Unit, &sub.Period, &sub.Valid, &sub.SupersededBy, &sub.Sender, &sub.Refused); err != nil {
			return nil, err
		}
		if sub.ReceivedAt, err = parseTime(at); err != nil {
			return nil, err
		}
		subs = append(subs, sub)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	if len(subs) == 0 {
		return subs, nil
	}
	// One query for the findings of all the submissions and one for their figures, not one per
	// submission: the submissions are selected again as a subquery, in the same snapshot.
	ids := "SELECT s.id FROM submissions s JOIN files f ON f.sha256 = s.sha256"
	if where != "" {
		ids += " WHERE " + where
	}
	var found []storedFinding
	if findings {
		if found, err = scanFindings(ctx, q, ids, args); err != nil {
			return nil, err
		}
	}
	// The findings' messages are decoded on a core of their own while the figures are read
	// (each into its own field of the submissions).
	decoded := make(chan error, 1)
	if len(found) > 0 {
		go func() { decoded <- attachFindings(subs, found) }()
	} else {
		decoded <- nil
	}
	if figures {
		if err := loadFigures(ctx, q, subs, ids, args); err != nil {
			<-decoded
			return nil, err
		}
	}
	if err := <-decoded; err != nil {
		return nil, err
	}
	return subs, nil
}

// byID indexes submissions by their ID.
func byID(subs []Submission) map[int64]*Submission {
	m := make(map[int64]*Submission, len(subs))
	for i := range subs {
		m[subs[i].ID] = &subs[i]
	}
	return m
}

// storedFinding is a finding's row in the index, its message not yet decoded.
type storedFinding struct {
	id                    int64
	sev, cell, detail     string
	code, sheet, ind, col string
	value                 string
}

// scanFindings reads the rows of the findings of the submissions the query ids (with args)
// selects, in their order.
func scanFindings(ctx context.Context, q querier, ids string, args []any) ([]storedFinding, error) {
	rows, err := q.QueryContext(ctx, `SELECT submission_id, severity, code, sheet, cell, indicator, col, value, detail
		FROM findings WHERE submission_id IN (`+ids+`) ORDER BY submission_id, ord`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var found []storedFinding
	for rows.Next() {
		var r storedFinding
		if err := rows.Scan(&r.id, &r.sev, &r.code, &r.sheet, &r.cell, &r.ind, &r.col, &r.value, &r.detail); err != nil {
			return nil, err
		}
		found = append(found, r)
	}
	return found, rows.Err()
}

// attachFindings gives subs their findings as the check made them: a finding's message
// (detail) is kept as data, its patterns and raw arguments, and printed in the reader's
// language. Its Cell.File is the name the file came with.
func attachFindings(subs []Submission, found []storedFinding) error {
	of := byID(subs)
	var sub *Submission
	for _, r := range found {
		if sub == nil || sub.ID != r.id {
			if sub = of[r.id]; sub == nil {
				continue // not among subs (a receipt since): the snapshot is the same, so never
			}
		}
		f := finding.Finding{Code: r.code, Indicator: r.ind, Column: r.col, Value: r.value}
		f.Cell.Sheet, f.Cell.File = r.sheet, sub.Name
		f.Severity = finding.ParseSeverity(r.sev)
		f.Summary = finding.SummaryOf(f.Code)
		if row, col, ok := finding.ParseRef(r.cell); ok {
			f.Cell.Row, f.Cell.Col = row, col
		}
		var err error
		if f.Detail, err = finding.UnmarshalText([]byte(r.detail)); err != nil {
			return fmt.Errorf("finding %d of submission %d: %w", len(sub.Findings), r.id, err)
		}
		sub.Findings = append(sub.Findings, f)
	}
	return nil
}

// loadFigures fills in the figures of subs, whose IDs the query ids (with args) selects, each
// with its submission's identity.
func loadFigures(ctx context.Context, q querier, subs []Submission, ids string, args []any) error {
	rows, err := q.QueryContext(ctx, `SELECT submission_id, indicator, col, value, status, note, sheet, cell
		FROM figures WHERE submission_id IN (`+ids+`) ORDER BY submission_id, ord`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	of := byID(subs)
	var sub *Submission
	var per schema.Period
	for rows.Next() {
		var id int64
		var f schema.Figure
		var value, status string
		if err := rows.Scan(&id, &f.Indicator, &f.Column, &value, &status, &f.Note, &f.Sheet, &f.Cell); err != nil {
			return err
		}
		if sub == nil || sub.ID != id {
			if sub = of[id]; sub == nil {
				continue
			}
			per, _ = schema.ParsePeriod(sub.Period) // zero for a period this program cannot read
		}
		f.Period, f.Form, f.Unit, f.File, f.SHA256 = per, sub.Form, sub.Unit, sub.Name, sub.SHA256
		if f.Value, err = numberOf(value); err != nil {
			return err
		}
		f.Status = schema.ActualStatus(status)
		sub.Figures = append(sub.Figures, f)
	}
	return rows.Err()
}

// numberOf reads a figure's value as the index keeps it: the exact decimal, or "" for none.
func numberOf(s string) (schema.Number, error) {
	if s == "" {
		return schema.Number{}, nil
	}
	return schema.NewNumber(s)
}

// loadBySHA returns the submission of the file with the given SHA-256, with
// its findings and figures.
func loadBySHA(ctx context.Context, q querier, sum string) (Submission, bool, error) {
	subs, err := loadSubmissions(ctx, q, "s.sha256 = ?", []any{sum}, true, true)
	if err != nil || len(subs) == 0 {
		return Submission{}, false, err
	}
	return subs[0], true, nil
}

// Submissions returns the submissions that match filter, in receive order.
// Files refused for their sender are left out unless the filter names a
// SHA-256 or asks for them. It reads one snapshot of the index, so a concurrent receipt is either wholly
// in the answer or not at all.
func (s *Store) Submissions(ctx context.Context, filter Filter) (_ []Submission, err error) {
	defer s.explain(&err)
	var where []string
	var args []any
	for _, c := range []struct{ col, val string }{
		{"s.period", filter.Period}, {"s.form", filter.Form}, {"s.unit", filter.Unit}, {"s.sha256", filter.SHA256},
	} {
		if c.val != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.val)
		}
	}
	if filter.Current {
		where = append(where, "s.superseded_by IS NULL")
	}
	if filter.Superseded {
		where = append(where, "s.superseded_by IS NOT NULL")
	}
	if filter.SHA256 == "" && !filter.WithRefused {
		where = append(where, "s.refused = 0")
	}
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	return loadSubmissions(ctx, tx, strings.Join(where, " AND "), args, filter.WithFigures, filter.WithFindings)
}

// Figures calls fn for each figure of the current valid submissions that q
// selects, ordered by period, form, unit and then as the file gave them. Rows
// are streamed from one snapshot of the index, so memory stays flat however
// many there are. An error from fn stops the walk and is returned.
func (s *Store) Figures(ctx context.Context, q FigureQuery, fn func(FigureRow) error) (err error) {
	defer s.explain(&err)
	where := []string{"s.valid = 1", "s.superseded_by IS NULL", "s.refused = 0"}
	var args []any
	if len(q.Periods) > 0 {
		where = append(where, "s.period IN (?"+strings.Repeat(", ?", len(q.Periods)-1)+")")
		for _, p := range q.Periods {
			args = append(args, p)
		}
	}
	if q.Form != "" {
		where = append(where, "s.form = ?")
		args = append(args, q.Form)
	}
	if q.Unit != "" {
		where = append(where, "s.unit = ?")
		args = append(args, q.Unit)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT s.period, s.form, s.form_version, s.unit,
		g.indicator, g.col, g.value, g.status, g.note, f.name, s.sha256, g.sheet, g.cell, s.id, s.received_at
		FROM figures g JOIN submissions s ON s.id = g.submission_id JOIN files f ON f.sha256 = s.sha256
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY s.period, s.form, s.unit, f.seq, g.ord`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r FigureRow
		var at, period, value, status string
		if err := rows.Scan(&period, &r.Form, &r.FormVersion, &r.Unit, &r.Indicator, &r.Column,
			&value, &status, &r.Note, &r.File, &r.SHA256, &r.Sheet, &r.Cell, &r.SubmissionID, &at); err != nil {
			return err
		}
		if r.ReceivedAt, err = parseTime(at); err != nil {
			return err
		}
		if r.Period, err = schema.ParsePeriod(period); err != nil {
			continue // a valid submission's period is always one this program reads
		}
		if r.Value, err = numberOf(value); err != nil {
			return err
		}
		r.Status = schema.ActualStatus(status)
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Path returns where the archived file with the given SHA-256 is, for
// downloads and re-checks. The file must not be changed.
func (s *Store) Path(sha256 string) (_ string, err error) {
	defer s.explain(&err)
	if !validSHA256(sha256) {
		return "", newError("bad-sha256", nil, "%q không phải là SHA-256", "%q is not a SHA-256", sha256)
	}
	var stored string
	err = s.db.QueryRow("SELECT stored FROM files WHERE sha256 = ?", sha256).Scan(&stored)
	if err == sql.ErrNoRows {
		return "", newError("not-found", nil, "kho không có tệp %s", "the store has no file %s", sha256)
	}
	if err != nil {
		return "", err
	}
	return filepath.Join(s.dir, filesDir, sha256, stored), nil
}

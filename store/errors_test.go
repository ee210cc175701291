package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
)

// TestDamagedAfterOpen: an index whose figures are damaged after the store opened (a page
// overwritten on disk) answers a query with the store's own needs-rebuild error, told in both
// languages with the command that mends it, not with SQLite's word: the caller only prints it.
func TestDamagedAfterOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := Open(ctx, dir, testPlan)
	if err != nil {
		t.Fatal(err)
	}
	sub := sample("01/CT-TK", "SCT", "2024-01", true)
	for i := range 400 { // figures over several pages
		sub.Figures = append(sub.Figures, schema.Figure{Indicator: "IIP", Column: "TH", Value: schema.MustNumber("8.2"),
			Note: strings.Repeat("ghi chú ", 20), Sheet: "Biểu 01", Cell: "D" + string(rune('0'+i%10))})
	}
	if _, err := st.Receive(ctx, writeFile(t, t.TempDir(), "a.xlsx", []byte("a")), sub); err != nil {
		t.Fatal(err)
	}
	var root, size int64
	if err := st.db.QueryRowContext(ctx, "SELECT rootpage FROM sqlite_master WHERE name = 'figures'").Scan(&root); err != nil {
		t.Fatal(err)
	}
	if err := st.db.QueryRowContext(ctx, "PRAGMA page_size").Scan(&size); err != nil {
		t.Fatal(err)
	}
	if _, err := st.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		t.Fatal(err)
	}
	st.Close()
	// The figures table's root page overwritten; the files table, which Open probes, intact.
	f, err := os.OpenFile(filepath.Join(dir, indexName), os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte(strings.Repeat("\xff", int(size))), (root-1)*size); err != nil {
		t.Fatal(err)
	}
	f.Close()
	st = open(t, dir)
	_, err = st.Submissions(ctx, Filter{WithFigures: true})
	var e *Error
	if !errors.As(err, &e) || e.Code != "needs-rebuild" || !IsDamaged(err) {
		t.Fatalf("a damaged index: %T %v", err, err)
	}
	if en, vi := finding.ErrorText(err, finding.EN), finding.ErrorText(err, finding.VI); !strings.Contains(en, "rebuild it from the files with chitieu store rebuild --store "+dir) ||
		!strings.Contains(vi, "hãy dựng lại từ các tệp bằng chitieu store rebuild") {
		t.Errorf("told as:\n%s\n%s", en, vi)
	}
	err = st.Figures(ctx, FigureQuery{}, func(FigureRow) error { return nil })
	if !IsCode(err, "needs-rebuild") {
		t.Errorf("Figures: %v", err)
	}
}

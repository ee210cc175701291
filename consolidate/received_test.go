package consolidate

import (
	"context"
	"testing"

	"chitieu/intake"
	"chitieu/schema"
	"chitieu/store"
	"chitieu/validate"
	"chitieu/xlsx"
)

// received receives the files and folders args name into a scratch store, as consolidate does
// with files given instead of a store, and returns every submission in receive order.
func received(t testing.TB, p *schema.Plan, period schema.Period, args ...string) []store.Submission {
	t.Helper()
	opts := validate.Options{Plan: p, Period: &period, Limits: xlsx.DefaultLimits}
	paths, _, err := validate.Collect(args, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, subs, err := intake.Scratch(context.Background(), p, opts, paths, t.TempDir(), testDate, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	return subs
}

package schema

import (
	"cmp"
	"slices"
	"strings"
)

// Ranked returns the candidates ordered by how close they are to s (edit distance, ignoring
// case; ties in their given order): the codes to offer first when s is not one of them.
func Ranked(s string, candidates []string) []string {
	type ranked struct {
		c string
		d int
	}
	rs := make([]ranked, len(candidates))
	for i, c := range candidates {
		rs[i] = ranked{c, editDistance(strings.ToLower(s), strings.ToLower(c))}
	}
	slices.SortStableFunc(rs, func(a, b ranked) int { return cmp.Compare(a.d, b.d) })
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.c
	}
	return out
}

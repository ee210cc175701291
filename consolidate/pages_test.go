package consolidate

import (
	"slices"
	"testing"
)

// TestPager: a heading goes to the next page with the row it heads when the two do not fit on
// what is left of a page; a block too tall for the rest of a page starts the next; rows that fit
// stay on the page (issue 24).
func TestPager(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lay    func(p *pager)
		breaks []int
	}{
		{"rows that fit", func(p *pager) {
			for r := 1; r <= 10; r++ {
				p.place(r, 30)
			}
		}, nil},
		{"heading at the foot", func(p *pager) {
			p.place(1, 60)
			p.hold(2, 20) // 80 used: the heading fits, its row does not
			p.place(3, 30)
			p.place(4, 30)
		}, []int{2}},
		{"block over the page", func(p *pager) {
			p.place(1, 50)
			p.place(2, 60)
			p.gap(10)
			p.place(4, 50)
		}, []int{2, 4}},
		{"last row with the notes", func(p *pager) {
			p.place(1, 50)
			p.placeWith(2, 20, 35) // 70 fits, the notes after it would not: both on the next page
			p.gap(5)
			p.place(4, 20)
		}, []int{2}},
		{"heading, last row and the notes", func(p *pager) {
			p.place(1, 40)
			p.hold(2, 10)
			p.placeWith(3, 20, 35)
		}, []int{2}},
		{"first row taller than a page", func(p *pager) {
			p.place(1, 250)
			p.place(2, 10)
		}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			p := newPager(func(r int) { got = append(got, r) }, 100, 0, 10)
			if tc.name == "rows that fit" {
				p.room = 1000
			}
			tc.lay(p)
			if !slices.Equal(got, tc.breaks) {
				t.Errorf("breaks before rows %v, want %v", got, tc.breaks)
			}
		})
	}
}

package consolidate

// pager keeps blocks of rows together on the printed pages of a sheet that prints one page wide
// on A4 landscape: it follows the height of the rows laid out so far and starts a new page before
// a block — a heading with the row it heads, a target's block — that would not fit on what is
// left of the current one, so that no page ends on a heading whose rows are on the next.
// Heights are the sheet's points, as rows are given them; they must be laid out in order.
type pager struct {
	brk    func(row int) // starts a page at row
	room   float64       // height of the rows a page holds
	repeat float64       // height of the rows printed again at the top of every page
	used   float64       // height used on the current page
	held   []heldRow     // headings waiting for the row they head
}

type heldRow struct {
	row int
	h   float64
}

// newPager follows a sheet whose pages hold rows room points tall (xlsx.PageRoom); first is the
// height of the rows above the first row laid out (titles, legend), repeat that of the rows
// printed at the top of every page.
func newPager(brk func(int), room, first, repeat float64) *pager {
	return &pager{brk: brk, room: room, repeat: repeat, used: first}
}

// hold lays out a heading at row, h points tall, to stay on the page of the row after it.
func (p *pager) hold(row int, h float64) { p.held = append(p.held, heldRow{row, h}) }

// place lays out the rows from row on, h points tall in all, together on one page when they fit
// on one, with the headings held before them.
func (p *pager) place(row int, h float64) {
	if p.breaks(h) {
		for _, hr := range p.held {
			row = min(row, hr.row)
		}
		p.brk(row)
		p.used = p.repeat
	}
	for _, hr := range p.held {
		h += hr.h
	}
	p.held = p.held[:0]
	p.used += h
	for p.used > p.room && p.room > p.repeat {
		// A block taller than a page flows on: what is left of it starts the next page.
		p.used = p.repeat + p.used - p.room
	}
}

// placeWith is place for rows that the next after points of rows must follow on the same page —
// a table's last row and the notes under it — when the two fit on one page.
func (p *pager) placeWith(row int, h, after float64) {
	held := 0.0
	for _, hr := range p.held {
		held += hr.h
		row = min(row, hr.row) // a heading held goes with them
	}
	if after > 0 && held+h+after <= p.room-p.repeat && p.breaks(h+after) && !p.breaks(h) {
		p.newPage(row)
	}
	p.place(row, h)
}

// gap lays out rows h points tall that may end a page, such as the empty row between blocks.
func (p *pager) gap(h float64) { p.used += h }

// breaks tells whether rows h points tall, with the headings held, would start a new page.
func (p *pager) breaks(h float64) bool {
	for _, hr := range p.held {
		h += hr.h
	}
	return p.used+h > p.room && p.used > p.repeat
}

// titleHeight is the height of a sheet's title row (14 pt, bold), stated so that the rows a page
// holds do not depend on a spreadsheet's default.
const titleHeight = 21.0

// newPage starts a new page at row.
func (p *pager) newPage(row int) {
	p.brk(row)
	p.used = p.repeat
}

package xlsx

import (
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/text/encoding/htmlindex"
)

// Reading a part's XML as tokens. Elements are matched by local name, so that files whose
// writer gave the main namespace a prefix (<x:c>) read the same (SpreadsheetML, ECMA-376 part 1, §18).

// tokens reads a part's XML token by token, without namespace processing (the fastest way
// encoding/xml has), and checks what that way does not: that each end tag closes the element
// open and that the part does not end inside one.
type tokens struct {
	d      *xml.Decoder
	open   []string
	budget *budget
	n      int
}

// maxDepth bounds the nesting of elements: a sheet's XML is six deep.
const maxDepth = 256

// budget is the time a workbook's reading may take, checked as tokens are read: linear reading
// within the size limits takes seconds, so a file that takes longer is refused, not waited for.
// ctx, when not nil, stops reading when it is done.
type budget struct {
	deadline time.Time
	ctx      context.Context
}

// check returns why reading must stop, or nil.
func (b *budget) check() error {
	switch {
	case b == nil:
		return nil
	case b.ctx != nil && b.ctx.Err() != nil:
		return context.Cause(b.ctx)
	case !b.deadline.IsZero() && time.Now().After(b.deadline):
		return &OpenError{TooLarge, DetailTime}
	}
	return nil
}

func newTokens(r io.Reader, b *budget) *tokens {
	d := xml.NewDecoder(r)
	// Office programs write UTF-8; a part that declares another encoding (ISO-8859-1,
	// windows-1258, UTF-16, …) is decoded as the WHATWG encoding standard names it.
	d.CharsetReader = func(label string, input io.Reader) (io.Reader, error) {
		enc, err := htmlindex.Get(label)
		if err != nil {
			return nil, fmt.Errorf("unknown encoding %q", label)
		}
		return enc.NewDecoder().Reader(input), nil
	}
	return &tokens{d: d, budget: b}
}

// next returns the next token; io.EOF only at the end of a complete document.
func (ts *tokens) next() (xml.Token, error) {
	tok, err := ts.d.RawToken()
	if err == io.EOF && len(ts.open) > 0 {
		return nil, fmt.Errorf("the XML ends inside <%s>", ts.open[len(ts.open)-1])
	}
	if err != nil {
		return nil, err
	}
	// The budget is checked every 4096 tokens, often within a large sheet; ctx also at a part's
	// first token, so that a small workbook stops between its parts.
	if ts.n++; ts.n%4096 == 0 {
		if err := ts.budget.check(); err != nil {
			return nil, err
		}
	} else if ts.n == 1 && ts.budget != nil && ts.budget.ctx != nil && ts.budget.ctx.Err() != nil {
		return nil, context.Cause(ts.budget.ctx)
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(ts.open) >= maxDepth {
			return nil, fmt.Errorf("elements nested more than %d deep (line %d)", maxDepth, ts.line())
		}
		ts.open = append(ts.open, t.Name.Local)
	case xml.EndElement:
		if len(ts.open) == 0 || ts.open[len(ts.open)-1] != t.Name.Local {
			return nil, fmt.Errorf("</%s> closes no open element of that name (line %d)", t.Name.Local, ts.line())
		}
		ts.open = ts.open[:len(ts.open)-1]
	}
	return tok, nil
}

// parent is the local name of the element holding the one just started.
func (ts *tokens) parent() string {
	if len(ts.open) < 2 {
		return ""
	}
	return ts.open[len(ts.open)-2]
}

func (ts *tokens) line() int {
	line, _ := ts.d.InputPos()
	return line
}

// scan calls visit for every start element of a part, in document order. A part over limit
// bytes gives an *OpenError (TooLarge).
func (wb *Workbook) scan(name string, limit int64, visit func(*tokens, xml.StartElement) error) error {
	r, err := wb.open(name, limit)
	if err != nil {
		return err
	}
	defer r.Close()
	ts := newTokens(r, &wb.budget)
	for {
		tok, err := ts.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return partError(name, err)
		}
		if se, ok := tok.(xml.StartElement); ok {
			if err := visit(ts, se); err != nil {
				return partError(name, err)
			}
		}
	}
}

// partError names the part in an error, unless the error is a limit's.
func partError(name string, err error) error {
	var oe *OpenError
	if errors.As(err, &oe) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}

// chars reads the character data up to the end of the element just started, keeping what keep
// accepts by the element holding it and that element's parent.
func chars(ts *tokens, keep func(elem, parent string) bool) (string, error) {
	var b strings.Builder
	for depth := len(ts.open); len(ts.open) >= depth; {
		tok, err := ts.next()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return "", err
		}
		if cd, ok := tok.(xml.CharData); ok && len(ts.open) >= depth && keep(ts.open[len(ts.open)-1], ts.parent()) {
			b.Write(cd)
		}
	}
	return b.String(), nil
}

// text reads the text of an element that holds only text: <v>, <f>, <vt:lpwstr>.
func text(ts *tokens) (string, error) {
	return chars(ts, func(string, string) bool { return true })
}

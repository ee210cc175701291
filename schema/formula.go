package schema

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Expr is a parsed column formula such as "LK / CK * 100": column codes of the same row,
// numbers, + - * / and parentheses.
type Expr struct {
	op          byte // 0 for a leaf
	left, right *Expr
	column      string  // a leaf naming a column
	number      float64 // a leaf holding a constant
	text        string  // the constant as written
}

// ParseFormula parses a column formula.
func ParseFormula(s string) (*Expr, error) {
	p := &formulaParser{src: s}
	p.next()
	e, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.tok != "" {
		return nil, fmt.Errorf("unexpected %q at position %d of %q", p.tok, p.at+1, s)
	}
	return e, nil
}

type formulaParser struct {
	src string
	pos int    // index of the next unread byte
	tok string // the current token; "" at the end
	at  int    // where the current token starts
}

func (p *formulaParser) next() {
	for p.pos < len(p.src) && p.src[p.pos] == ' ' {
		p.pos++
	}
	p.at = p.pos
	if p.pos >= len(p.src) {
		p.tok = ""
		return
	}
	c := rune(p.src[p.pos])
	switch {
	case strings.ContainsRune("+-*/()", c):
		p.pos++
	case unicode.IsDigit(c) || c == '.':
		for p.pos < len(p.src) && (unicode.IsDigit(rune(p.src[p.pos])) || p.src[p.pos] == '.') {
			p.pos++
		}
	case unicode.IsLetter(c) || c == '_':
		for p.pos < len(p.src) && (unicode.IsLetter(rune(p.src[p.pos])) || unicode.IsDigit(rune(p.src[p.pos])) || p.src[p.pos] == '_') {
			p.pos++
		}
	default:
		p.pos++
	}
	p.tok = p.src[p.at:p.pos]
}

func (p *formulaParser) sum() (*Expr, error) {
	l, err := p.product()
	for err == nil && (p.tok == "+" || p.tok == "-") {
		op := p.tok[0]
		p.next()
		var r *Expr
		if r, err = p.product(); err == nil {
			l = &Expr{op: op, left: l, right: r}
		}
	}
	return l, err
}

func (p *formulaParser) product() (*Expr, error) {
	l, err := p.operand()
	for err == nil && (p.tok == "*" || p.tok == "/") {
		op := p.tok[0]
		p.next()
		var r *Expr
		if r, err = p.operand(); err == nil {
			l = &Expr{op: op, left: l, right: r}
		}
	}
	return l, err
}

func (p *formulaParser) operand() (*Expr, error) {
	t := p.tok
	switch {
	case t == "":
		return nil, fmt.Errorf("%q ends too early", p.src)
	case t == "(":
		p.next()
		e, err := p.sum()
		if err != nil {
			return nil, err
		}
		if p.tok != ")" {
			return nil, fmt.Errorf("missing ) in %q", p.src)
		}
		p.next()
		return e, nil
	case unicode.IsDigit(rune(t[0])) || t[0] == '.':
		v, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return nil, fmt.Errorf("%q is not a number in %q", t, p.src)
		}
		p.next()
		return &Expr{number: v, text: t}, nil
	case unicode.IsLetter(rune(t[0])) || t[0] == '_':
		p.next()
		return &Expr{column: t}, nil
	}
	return nil, fmt.Errorf("unexpected %q at position %d of %q", t, p.at+1, p.src)
}

// Columns returns the column codes the formula reads, in order of appearance.
func (e *Expr) Columns() []string {
	var out []string
	e.walk(func(x *Expr) {
		if x.column != "" {
			out = append(out, x.column)
		}
	})
	return out
}

func (e *Expr) walk(f func(*Expr)) {
	if e == nil {
		return
	}
	e.left.walk(f)
	f(e)
	e.right.walk(f)
}

// Eval computes the formula with the columns' values; ok is false when a column has no value or
// a division by zero occurs, where a spreadsheet would show an empty cell or #DIV/0!.
func (e *Expr) Eval(col func(code string) (float64, bool)) (v float64, ok bool) {
	switch {
	case e.op == 0 && e.column != "":
		return col(e.column)
	case e.op == 0:
		return e.number, true
	}
	l, ok1 := e.left.Eval(col)
	r, ok2 := e.right.Eval(col)
	if !ok1 || !ok2 {
		return 0, false
	}
	switch e.op {
	case '+':
		return l + r, true
	case '-':
		return l - r, true
	case '*':
		return l * r, true
	}
	if r == 0 {
		return 0, false
	}
	return l / r, true
}

// Format writes the formula with each column replaced by ref(code): a cell reference for a
// spreadsheet, or the column number ("3/4*100") for a form's column-number row.
func (e *Expr) Format(ref func(code string) string) string {
	switch {
	case e.op == 0 && e.column != "":
		return ref(e.column)
	case e.op == 0:
		return e.text
	}
	l, r := e.left.Format(ref), e.right.Format(ref)
	if e.left.op != 0 && prec(e.left.op) < prec(e.op) {
		l = "(" + l + ")"
	}
	if e.right.op != 0 && (prec(e.right.op) < prec(e.op) || (prec(e.right.op) == prec(e.op) && (e.op == '-' || e.op == '/'))) {
		r = "(" + r + ")"
	}
	return l + string(e.op) + r
}

func prec(op byte) int {
	if op == '*' || op == '/' {
		return 2
	}
	return 1
}

package xlsx

import (
	"strconv"
	"strings"
)

// Moving a shared formula to the cells that use it: its references shift as Excel shifts them.

// shiftRefs moves a formula's relative cell references by dr rows and dc columns, as filling a
// formula down or across does: "E12/D12*100" moved one row is "E13/D13*100"; $-anchored parts
// stay. Text in quotes and function names are left alone.
func shiftRefs(f string, dr, dc int) string {
	if dr == 0 && dc == 0 {
		return f
	}
	var b strings.Builder
	for i := 0; i < len(f); {
		ch := f[i]
		if ch == '"' || ch == '\'' { // a string or a quoted sheet name, with doubled quotes inside
			j := i + 1
			for j < len(f) {
				if f[j] == ch {
					if j+1 < len(f) && f[j+1] == ch {
						j += 2
						continue
					}
					break
				}
				j++
			}
			j = min(j+1, len(f))
			b.WriteString(f[i:j])
			i = j
			continue
		}
		if ch == '[' { // a structured reference, Table1[[#This Row],[Qty2]]: names, not cells
			j, depth := i, 0
			for j < len(f) {
				if f[j] == '[' {
					depth++
				} else if f[j] == ']' {
					depth--
				}
				j++
				if depth == 0 {
					break
				}
			}
			b.WriteString(f[i:j])
			i = j
			continue
		}
		if i > 0 && isNameChar(f[i-1]) || !(isRefStart(ch) || isDigit(ch)) {
			b.WriteByte(ch)
			i++
			continue
		}
		if n, out := shiftLines(f[i:], dr, dc); n > 0 {
			b.WriteString(out)
			i += n
			continue
		}
		if isDigit(ch) {
			b.WriteByte(ch)
			i++
			continue
		}
		n, out := shiftRef(f[i:], dr, dc)
		if n == 0 {
			j := i + 1
			for j < len(f) && isNameChar(f[j]) {
				j++
			}
			b.WriteString(f[i:j])
			i = j
			continue
		}
		b.WriteString(out)
		i += n
	}
	return b.String()
}

func isRefStart(ch byte) bool { return ch == '$' || isLetter(ch) }
func isLetter(ch byte) bool   { return ch|0x20 >= 'a' && ch|0x20 <= 'z' }
func isDigit(ch byte) bool    { return ch >= '0' && ch <= '9' }
func isNameChar(ch byte) bool {
	return isLetter(ch) || isDigit(ch) || ch == '_' || ch == '.' || ch >= 0x80
}

// shiftLines reads a whole-column range (A:C, $A:B) or a whole-row range (1:3, $2:$2) at the
// start of s and returns its length and the moved range; 0 when s does not start with one.
func shiftLines(s string, dr, dc int) (int, string) {
	part := func(i int) (n, abs bool, v, end int) {
		if i < len(s) && s[i] == '$' {
			abs = true
			i++
		}
		start := i
		if i < len(s) && isDigit(s[i]) {
			for i < len(s) && isDigit(s[i]) {
				v = v*10 + int(s[i]-'0')
				i++
				if v > maxRows {
					return false, abs, 0, start
				}
			}
			return true, abs, v, i
		}
		for i < len(s) && isLetter(s[i]) && i-start < 3 {
			v = v*26 + int(s[i]|0x20-'a'+1)
			i++
		}
		return false, abs, v, i
	}
	rows1, abs1, v1, i := part(0)
	if v1 == 0 || i >= len(s) || s[i] != ':' {
		return 0, ""
	}
	rows2, abs2, v2, end := part(i + 1)
	if v2 == 0 || rows1 != rows2 || (end < len(s) && (isNameChar(s[end]) || s[end] == '(')) {
		return 0, ""
	}
	move, limit, name := dc, maxCols, ColumnName
	if rows1 {
		move, limit, name = dr, maxRows, strconv.Itoa
	}
	out := ""
	for k, p := range []struct {
		abs bool
		v   int
	}{{abs1, v1}, {abs2, v2}} {
		if !p.abs {
			p.v += move
		}
		if p.v < 1 || p.v > limit {
			return end, "#REF!"
		}
		if k == 1 {
			out += ":"
		}
		if p.abs {
			out += "$"
		}
		out += name(p.v)
	}
	return end, out
}

// shiftRef reads one cell reference at the start of s ($A$1, A1, $A1, A$1) and returns its length
// and the moved reference; 0 when s does not start with one.
func shiftRef(s string, dr, dc int) (int, string) {
	i := 0
	colAbs := i < len(s) && s[i] == '$'
	if colAbs {
		i++
	}
	c0 := i
	col := 0
	for i < len(s) && isLetter(s[i]) && i-c0 < 3 {
		col = col*26 + int(s[i]|0x20-'a'+1)
		i++
	}
	if i == c0 || i >= len(s) {
		return 0, ""
	}
	rowAbs := s[i] == '$'
	if rowAbs {
		i++
	}
	r0 := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	if i == r0 || (i < len(s) && (isNameChar(s[i]) || s[i] == '(')) {
		return 0, ""
	}
	row, err := strconv.Atoi(s[r0:i])
	if err != nil {
		return 0, ""
	}
	if !colAbs {
		col += dc
	}
	if !rowAbs {
		row += dr
	}
	if col < 1 || row < 1 || col > maxCols || row > maxRows {
		return i, "#REF!"
	}
	out := ""
	if colAbs {
		out += "$"
	}
	out += ColumnName(col)
	if rowAbs {
		out += "$"
	}
	return i, out + strconv.Itoa(row)
}

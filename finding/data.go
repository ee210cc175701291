package finding

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Localized is an argument of a message that reads differently in each language: a period
// ("tháng 3 năm 2024", "March 2024"), a number ("0,01", "0.01"), a nested message. Text.In gives
// it the reader's language when the message is printed, not when it is made.
type Localized interface {
	In(lang Lang) string
}

// Num is a number as an argument of a message: its digits as the program holds them (a "." before
// the decimals, no thousands separator, "-" for a negative). It is printed the Vietnamese way in
// Vietnamese ("1.234,5") and with a decimal point in English ("1,234.5").
type Num string

// In writes the number in lang's way.
func (n Num) In(lang Lang) string {
	s := string(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(s, ".")
	if strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return string(n) // not digits: as given
	}
	group, point := ".", ","
	if lang == EN {
		group, point = ",", "."
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteString(point + frac)
	}
	return b.String()
}

// arg is one argument of a message as data: exactly one field is set.
type arg struct {
	S *string  `json:"s,omitempty"` // a string
	I *int64   `json:"i,omitempty"` // an integer
	F *float64 `json:"f,omitempty"` // a float
	N *string  `json:"n,omitempty"` // a Num
	T *text    `json:"t,omitempty"` // a message, or an argument that reads differently by language
}

// text is a Text as data: its patterns and raw arguments.
type text struct {
	VI   string `json:"vi"`
	EN   string `json:"en,omitempty"`
	Args []arg  `json:"args,omitempty"`
}

// MarshalText encodes a message as data — its two patterns and its raw arguments, never the
// formatted sentence — so that the store keeps a finding's message as the check made it and it
// is printed in the language of whoever reads it later. An argument that reads differently by
// language (a Localized other than Text and Num) is kept as its text in both languages.
func MarshalText(t Text) ([]byte, error) { return json.Marshal(toData(t)) }

// UnmarshalText decodes what MarshalText encoded.
func UnmarshalText(b []byte) (Text, error) {
	if d, ok := decodeText(b); ok {
		return fromData(d), nil
	}
	var d text
	if err := json.Unmarshal(b, &d); err != nil {
		return Text{}, err
	}
	return fromData(d), nil
}

func toData(t Text) text {
	d := text{VI: t.VI, EN: t.EN}
	for _, a := range t.Args {
		d.Args = append(d.Args, argOf(a))
	}
	return d
}

func argOf(a any) arg {
	switch v := a.(type) {
	case string:
		return arg{S: &v}
	case Num:
		s := string(v)
		return arg{N: &s}
	case Text:
		t := toData(v)
		return arg{T: &t}
	case Localized:
		t := text{VI: escape(v.In(VI)), EN: escape(v.In(EN))}
		return arg{T: &t}
	case int:
		i := int64(v)
		return arg{I: &i}
	case int64:
		return arg{I: &v}
	case float64:
		return arg{F: &v}
	}
	switch r := reflect.ValueOf(a); r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		i := r.Int()
		return arg{I: &i}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32:
		i := int64(r.Uint())
		return arg{I: &i}
	case reflect.Float32:
		f := r.Float()
		return arg{F: &f}
	}
	s := fmt.Sprint(a)
	return arg{S: &s}
}

func fromData(d text) Text {
	t := Text{VI: d.VI, EN: d.EN}
	for _, a := range d.Args {
		switch {
		case a.S != nil:
			t.Args = append(t.Args, *a.S)
		case a.I != nil:
			t.Args = append(t.Args, int(*a.I))
		case a.F != nil:
			t.Args = append(t.Args, *a.F)
		case a.N != nil:
			t.Args = append(t.Args, Num(*a.N))
		case a.T != nil:
			t.Args = append(t.Args, fromData(*a.T))
		default:
			t.Args = append(t.Args, "")
		}
	}
	return t
}

// ParseRef reads an A1 reference ("E12") as a 1-based row and column; ok is false when ref is
// not one.
func ParseRef(ref string) (row, col int, ok bool) {
	i := 0
	for i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z' {
		col = col*26 + int(ref[i]-'A'+1)
		i++
		if col > 1<<20 {
			return 0, 0, false
		}
	}
	if i == 0 || i == len(ref) || ref[i] == '0' {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil || row <= 0 {
		return 0, 0, false
	}
	return row, col, true
}

// ParseSeverity reads a severity's stable name ("error", "warning"), as String writes it.
func ParseSeverity(s string) Severity {
	switch s {
	case "error":
		return Error
	case "warning":
		return Warning
	}
	return SeverityInvalid
}

// decodeText decodes what MarshalText writes without reflection, for the common case: a province
// workbook reads every finding of a period's reports from the store. Anything it is not sure of —
// an escape in a string, a key it does not know, a repeated key, a number or structure out of
// the usual — is not ok, and encoding/json decodes it (TestDecodeText compares the two).
func decodeText(b []byte) (text, bool) {
	d := &textDecoder{b: b}
	t, ok := d.text()
	d.space()
	return t, ok && d.i == len(d.b)
}

type textDecoder struct {
	b []byte
	i int
}

func (d *textDecoder) space() {
	for d.i < len(d.b) && (d.b[d.i] == ' ' || d.b[d.i] == '\n' || d.b[d.i] == '\t' || d.b[d.i] == '\r') {
		d.i++
	}
}

// byte takes c, after white space.
func (d *textDecoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// peek reports whether c comes next, after white space.
func (d *textDecoder) peek(c byte) bool {
	d.space()
	return d.i < len(d.b) && d.b[d.i] == c
}

// str takes a string with no escape in it, of valid UTF-8.
func (d *textDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	for d.i < len(d.b) {
		switch c := d.b[d.i]; {
		case c == '"':
			s := string(d.b[start:d.i])
			d.i++
			return s, utf8.ValidString(s)
		case c == '\\' || c < 0x20:
			return "", false
		}
		d.i++
	}
	return "", false
}

// number takes a JSON number's text.
func (d *textDecoder) number() (string, bool) {
	d.space()
	start := d.i
	for d.i < len(d.b) && strings.IndexByte("-+0123456789.eE", d.b[d.i]) >= 0 {
		d.i++
	}
	return string(d.b[start:d.i]), d.i > start
}

// object calls field for each key of an object, each key once.
func (d *textDecoder) object(field func(key string) bool) bool {
	if !d.byte('{') {
		return false
	}
	if d.byte('}') {
		return true
	}
	seen := 0
	for {
		key, ok := d.str()
		if !ok || !d.byte(':') {
			return false
		}
		bit := keyBit(key)
		if bit == 0 || seen&bit != 0 || !field(key) {
			return false
		}
		seen |= bit
		if d.byte('}') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

// keyBit is a bit of its own for each key MarshalText writes, 0 for any other.
func keyBit(key string) int {
	for i, k := range [...]string{"vi", "en", "args", "s", "i", "f", "n", "t"} {
		if key == k {
			return 1 << i
		}
	}
	return 0
}

func (d *textDecoder) text() (t text, ok bool) {
	ok = d.object(func(key string) bool {
		var ok bool
		switch key {
		case "vi":
			t.VI, ok = d.str()
		case "en":
			t.EN, ok = d.str()
		case "args":
			t.Args, ok = d.args()
		}
		return ok
	})
	return t, ok
}

func (d *textDecoder) args() ([]arg, bool) {
	if !d.byte('[') {
		return nil, false
	}
	if d.byte(']') {
		return []arg{}, true
	}
	var out []arg
	for {
		var a arg
		n := 0
		ok := d.object(func(key string) bool {
			n++
			switch key {
			case "s", "n":
				s, ok := d.str()
				if key == "s" {
					a.S = &s
				} else {
					a.N = &s
				}
				return ok
			case "i":
				s, ok := d.number()
				v, err := strconv.ParseInt(s, 10, 64)
				a.I = &v
				return ok && err == nil && validJSONNumber(s)
			case "f":
				s, ok := d.number()
				v, err := strconv.ParseFloat(s, 64)
				a.F = &v
				return ok && err == nil && validJSONNumber(s)
			case "t":
				if d.peek('n') {
					return false // null
				}
				t, ok := d.text()
				a.T = &t
				return ok
			}
			return false
		})
		if !ok || n != 1 {
			return nil, false
		}
		out = append(out, a)
		if d.byte(']') {
			return out, true
		}
		if !d.byte(',') {
			return nil, false
		}
	}
}

// validJSONNumber reports whether s is a number as JSON writes one: ParseFloat also takes "1_0",
// "+1", "inf", ".5" and hexadecimal.
func validJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			n++
		}
		return n
	}
	start := i
	if n := digits(); n == 0 || (n > 1 && s[start] == '0') {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

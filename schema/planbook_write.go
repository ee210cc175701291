package schema

import (
	"reflect"
	"strconv"
	"strings"
)

// Tables lays the plan out as the sheets of a plan workbook (BookSheets, in order): row 1 the
// headers, then one row per entry. Numbers are cells holding numbers; everything else is text, so
// that a code such as 0380 or a period such as 2024-03 is not turned into a number or a date.
func (p *Plan) Tables() []Table {
	out := make([]Table, 0, len(BookSheets))
	for _, sh := range BookSheets {
		t := Table{Sheet: sh.Name}
		for ci, c := range sh.Columns {
			t.Cells = append(t.Cells, TableCell{Row: 1, Col: ci + 1, Text: c.Header()})
		}
		row := 2
		put := func(v reflect.Value, form string) {
			for ci, c := range sh.Columns {
				var s string
				if c.Key == "form" && sh.part {
					s = form
				} else {
					s = formatField(fieldByKey(v, c.Key))
				}
				if s == "" {
					continue
				}
				t.Cells = append(t.Cells, TableCell{Row: row, Col: ci + 1, Text: s, Number: numeric(c.Kind, s)})
			}
			row++
		}
		switch {
		case sh.keyed:
			root := reflect.ValueOf(p).Elem()
			for _, f := range planFields {
				vals := []string{formatField(fieldByKey(root, f.key))}
				if f.key == "notes" {
					vals = p.Notes
				}
				for _, s := range vals {
					t.Cells = append(t.Cells, TableCell{Row: row, Col: 1, Text: f.label}, TableCell{Row: row, Col: 2, Text: f.key})
					if s != "" {
						t.Cells = append(t.Cells, TableCell{Row: row, Col: 3, Text: s})
					}
					row++
				}
			}
		case sh.part:
			for _, f := range p.Forms {
				list := fieldByKey(reflect.ValueOf(f), sh.list)
				for i := range list.Len() {
					put(list.Index(i), f.ID)
				}
			}
		default:
			list := fieldByKey(reflect.ValueOf(p).Elem(), sh.list)
			for i := range list.Len() {
				put(list.Index(i), "")
			}
		}
		out = append(out, t)
	}
	return out
}

// numeric reports whether a field's text is written as a number cell: digits a spreadsheet
// keeps exactly (15 significant digits at most).
func numeric(k FieldKind, s string) bool {
	if k != FieldNumber && k != FieldInt {
		return false
	}
	digits := strings.TrimLeft(strings.NewReplacer("-", "", ".", "").Replace(s), "0")
	return len(digits) <= 15
}

// fieldByKey follows a key such as "baseline.year" through structs by their yaml tags. A nil
// pointer on the way gives an invalid Value.
func fieldByKey(v reflect.Value, key string) reflect.Value {
	for _, name := range strings.Split(key, ".") {
		for v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}
		}
		i, ok := yamlField(v.Type(), name)
		if !ok {
			return reflect.Value{}
		}
		v = v.Field(i)
	}
	return v
}

// yamlField finds the struct field whose yaml key is name.
func yamlField(t reflect.Type, name string) (int, bool) {
	for i := range t.NumField() {
		if k, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); k == name {
			return i, true
		}
	}
	return 0, false
}

// formatField writes a field's value as the reader reads it back.
func formatField(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	switch x := v.Interface().(type) {
	case Number:
		return x.String()
	case Date:
		return x.String()
	case Period:
		if x.IsZero() {
			return ""
		}
		return x.String()
	case Span:
		if x.From == 0 {
			return ""
		}
		return x.String()
	case bool:
		if x {
			return "có"
		}
		return ""
	case int:
		if x == 0 {
			return ""
		}
		return strconv.Itoa(x)
	case *int:
		if x == nil {
			return ""
		}
		return strconv.Itoa(*x)
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Slice:
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = v.Index(i).String()
		}
		return strings.Join(parts, ", ")
	}
	return ""
}

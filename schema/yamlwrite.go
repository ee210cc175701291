package schema

import (
	"reflect"
	"strings"

	"github.com/goccy/go-yaml"
)

// YAML writes the plan in the YAML format Load reads, fields in the order of the format and
// fields without a value left out, so that a plan exported from a workbook reads like one
// written by hand.
func (p *Plan) YAML() ([]byte, error) {
	head := "# " + p.Name + " — kế hoạch " + p.ID + ", phiên bản " + p.Version + ".\n# Định dạng: docs/plan-format.md.\n"
	b, err := yaml.MarshalWithOptions(yamlValue(reflect.ValueOf(p).Elem()), yaml.UseLiteralStyleIfMultiline(true), yaml.IndentSequence(true))
	return append([]byte(head), b...), err
}

// yamlNumber writes a Number's digits as a YAML number.
type yamlNumber string

func (n yamlNumber) MarshalYAML() ([]byte, error) { return []byte(n), nil }

// yamlValue turns a value of the plan into what the YAML encoder writes: structs become ordered
// mappings of their set fields, the plan's scalar types their text; nil means "leave out".
func yamlValue(v reflect.Value) any {
	switch x := v.Interface().(type) {
	case Number:
		if !x.IsSet() {
			return nil
		}
		return yamlNumber(x.String())
	case *int:
		if x == nil {
			return nil
		}
		return *x
	case Date, Period, Span:
		if s := formatField(v); s != "" {
			return s
		}
		return nil
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return yamlValue(v.Elem())
	case reflect.Struct:
		var m yaml.MapSlice
		for i := range v.NumField() {
			f := v.Type().Field(i)
			key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if key == "" || key == "-" || !f.IsExported() {
				continue
			}
			if val := yamlValue(v.Field(i)); val != nil {
				m = append(m, yaml.MapItem{Key: key, Value: val})
			}
		}
		if len(m) == 0 {
			return nil
		}
		return m
	case reflect.Slice:
		if v.Len() == 0 {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = yamlValue(v.Index(i))
			if out[i] == nil {
				out[i] = yaml.MapSlice{}
			}
		}
		return out
	case reflect.String:
		if v.String() == "" {
			return nil
		}
		return v.String()
	case reflect.Bool:
		if !v.Bool() {
			return nil
		}
		return true
	case reflect.Int:
		if v.Int() == 0 {
			return nil
		}
		return v.Int()
	}
	return nil
}

package schema

import (
	"chitieu/finding"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// structValidator checks the field-level rules written as `validate` tags on the plan's types.
// Field names in its errors are the YAML keys, so they turn into YAML paths.
var structValidator = sync.OnceValue(func() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" {
			return ""
		}
		return name
	})
	// A code is how users, file names and cells refer to a thing: short, and without spaces.
	must(v.RegisterValidation("code", func(fl validator.FieldLevel) bool {
		s := fl.Field().String()
		return s != "" && len([]rune(s)) <= 40 && !strings.ContainsAny(s, " \t\r\n\"'\\*?:<>|[]")
	}))
	return v
})

func must(err error) {
	if err != nil {
		panic(err)
	}
}

// lintTags runs the tag rules (validator/v10) and turns their failures into findings at the YAML position.
func (p *Plan) lintTags() finding.Findings {
	var fs finding.Findings
	err := structValidator().Struct(p)
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		if err != nil {
			fs.Add(finding.Finding{Severity: finding.Error, Code: "invalid-value", Detail: finding.Text{VI: err.Error(), EN: err.Error()}})
		}
		return fs
	}
	for _, e := range verrs {
		_, rel, _ := strings.Cut(e.Namespace(), ".")
		path := "$." + rel
		field := e.Field()
		value := fmt.Sprint(e.Value())
		var code string
		var msg finding.Text
		switch e.Tag() {
		case "required":
			code = "missing-field"
			msg = finding.Textf("Thiếu trường %q.", "Field %q is missing.", field)
		case "oneof":
			code = "invalid-value"
			choices := strings.Join(strings.Fields(e.Param()), ", ")
			msg = finding.Textf("Giá trị %q của %q không hợp lệ; chọn một trong: %s.", "Value %q of %q is not valid; choose one of: %s.", value, field, choices)
		case "code":
			code = "invalid-value"
			msg = finding.Textf("Mã %q không hợp lệ: mã phải có từ 1 đến 40 ký tự, không có khoảng trắng, dấu nháy hay các ký tự \\ * ? : < > | [ ].",
				"Code %q is not valid: a code has 1 to 40 characters, with no spaces, quotes or any of \\ * ? : < > | [ ].", value)
		default:
			code = "invalid-value"
			msg = finding.Textf("Giá trị %s của %q không thỏa điều kiện %s=%s.", "Value %s of %q does not satisfy %s=%s.", value, field, e.Tag(), e.Param())
		}
		fs.Add(finding.Finding{Severity: finding.Error, Code: code, Detail: msg, Plan: p.pos(path), Path: path})
	}
	return fs
}

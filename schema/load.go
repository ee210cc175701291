package schema

import (
	"bytes"
	"chitieu/finding"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// MaxPlanSize bounds a plan file; a plan is a few hundred kilobytes at most.
const MaxPlanSize = 8 << 20

// Load reads a plan from YAML and lints it. The findings carry the file:line:col of each problem;
// the plan is nil when the file cannot be decoded at all, and must not be used when the findings
// have errors.
func Load(file string, data []byte) (*Plan, finding.Findings) {
	p, fs := Parse(file, data)
	if p != nil && !fs.HasErrors() {
		fs = append(fs, p.Lint()...)
	}
	fs.Sort()
	return p, fs
}

// Parse decodes a plan without linting it: YAML syntax, unknown fields, values of the wrong form
// and missing required fields are reported.
func Parse(file string, data []byte) (*Plan, finding.Findings) {
	var fs finding.Findings
	fail := func(pos finding.Pos, code string, msg finding.Text) (*Plan, finding.Findings) {
		fs.Add(finding.Finding{Severity: finding.Error, Code: code, Detail: msg, Plan: pos})
		return nil, fs
	}
	if len(data) > MaxPlanSize {
		return fail(finding.Pos{File: file}, "too-large", finding.Textf("Tệp kế hoạch lớn hơn %d MB.", "The plan file is larger than %d MB.", MaxPlanSize>>20))
	}
	if !utf8.Valid(data) {
		return fail(finding.Pos{File: file}, "yaml-syntax", finding.Text{VI: "Tệp kế hoạch không phải văn bản UTF-8; hãy lưu lại với mã UTF-8.", EN: "The plan file is not UTF-8 text; save it again as UTF-8."})
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return fail(errPos(file, err), "yaml-syntax", yamlMessage(err))
	}
	if len(f.Docs) != 1 || f.Docs[0].Body == nil {
		return fail(finding.Pos{File: file, Line: 1, Col: 1}, "yaml-syntax", finding.Textf("Tệp kế hoạch phải có đúng một tài liệu YAML (có %d).", "A plan file must hold exactly one YAML document (it has %d).", docCount(f)))
	}
	body := f.Docs[0].Body
	if _, ok := body.(*ast.MappingNode); !ok {
		return fail(nodePos(file, body), "yaml-syntax", finding.Text{VI: "Tệp kế hoạch phải là một bảng khóa: giá trị (id:, name:, units:, …).", EN: "A plan file must be a mapping of keys (id:, name:, units:, …)."})
	}
	p := &Plan{src: &source{file: file, root: body}}
	c := &collector{file: file}
	// The document parsed above is decoded as it is: parsing it again was a third of the time
	// of loading a plan.
	dec := yaml.NewDecoder(bytes.NewReader(nil))
	if err := dec.DecodeFromNodeContext(withCollector(context.Background(), c), body, p); err != nil {
		fs = append(fs, c.findings...)
		return fail(errPos(file, err), "invalid-value", yamlMessage(err))
	}
	p.src = &source{file: file, root: body}
	fs = append(fs, c.findings...)
	checkFields(file, body, reflect.TypeFor[Plan](), "$", &fs)
	fs = append(fs, p.lintTags()...)
	return p, fs
}

func docCount(f *ast.File) int {
	n := 0
	for _, d := range f.Docs {
		if d.Body != nil {
			n++
		}
	}
	return n
}

// errPos finds the position of a YAML error.
func errPos(file string, err error) finding.Pos {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
		tp := ye.GetToken().Position
		return finding.Pos{File: file, Line: tp.Line, Col: tp.Column}
	}
	return finding.Pos{File: file}
}

// yamlHints turn the YAML parser's English into what to do.
var yamlHints = []struct{ match, vi, en string }{
	{"tab", "Thụt lề bằng dấu cách, không dùng phím Tab.", "Indent with spaces, not tabs."},
	{"cannot unmarshal", "Kiểm tra kiểu giá trị: danh sách viết với dấu gạch đầu dòng (- ), bảng viết với khóa: giá trị.",
		"Check the kind of value: a list is written with dashes (- ), a mapping with key: value."},
	{"duplicate key", "Mỗi khóa chỉ được viết một lần trong cùng một bảng.", "Write each key only once in a mapping."},
}

func yamlMessage(err error) finding.Text {
	msg := err.Error()
	var ye yaml.Error
	if errors.As(err, &ye) {
		msg = ye.GetMessage()
	}
	t := finding.Text{VI: "YAML không hợp lệ: " + msg + ".", EN: "invalid YAML: " + msg + "."}
	for _, h := range yamlHints {
		if strings.Contains(msg, h.match) {
			t = t.Plus(finding.Text{VI: " " + h.vi, EN: " " + h.en})
			break
		}
	}
	return t
}

// source is where a plan was read from, kept to turn YAML paths into line and column.
type source struct {
	file string
	root ast.Node
}

// pos returns the position of the node at path ($.targets[3].indicator), or of its nearest
// ancestor that exists when the node itself does not (a missing required field).
func (p *Plan) pos(path string) finding.Pos {
	if p.src == nil {
		return p.bookPos(path)
	}
	return nodePos(p.src.file, lookup(p.src.root, path))
}

// lookup walks a path of the form $.key.key[3].key from root.
func lookup(root ast.Node, path string) ast.Node {
	n := root
	rest := strings.TrimPrefix(path, "$")
	for rest != "" {
		var next ast.Node
		switch rest[0] {
		case '.':
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			key := rest[1 : 1+end]
			rest = rest[1+end:]
			if m, ok := unwrap(n).(*ast.MappingNode); ok {
				for _, kv := range m.Values {
					if kv.Key.GetToken() != nil && kv.Key.GetToken().Value == key {
						next = kv.Value
						if _, null := kv.Value.(*ast.NullNode); null {
							next = kv.Key
						}
						break
					}
				}
			}
		case '[':
			end := strings.IndexByte(rest, ']')
			if end < 0 {
				return n
			}
			i, _ := strconv.Atoi(rest[1:end])
			rest = rest[end+1:]
			if s, ok := unwrap(n).(*ast.SequenceNode); ok && i >= 0 && i < len(s.Values) {
				next = s.Values[i]
			}
		default:
			return n
		}
		if next == nil {
			return n
		}
		n = next
	}
	return n
}

func unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.TagNode:
			n = v.Value
		default:
			return n
		}
	}
}

var scalarTypes = map[reflect.Type]bool{
	reflect.TypeOf(Number{}): true, reflect.TypeOf(Period{}): true,
	reflect.TypeOf(Span{}): true, reflect.TypeOf(Date{}): true,
}

// checkFields reports every key of the YAML that no field of t takes, with the likely meant one.
func checkFields(file string, n ast.Node, t reflect.Type, path string, fs *finding.Findings) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	n = unwrap(n)
	switch {
	case scalarTypes[t]:
		return
	case t.Kind() == reflect.Struct:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			return
		}
		fields := map[string]reflect.Type{}
		var names []string
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "" || name == "-" {
				continue
			}
			fields[name] = f.Type
			names = append(names, name)
		}
		for _, kv := range m.Values {
			key := kv.Key.GetToken().Value
			ft, known := fields[key]
			if !known {
				msg := finding.Textf("Trường %q không có trong định dạng kế hoạch.", "Field %q is not part of the plan format.", key)
				if s := Closest(key, names); s != "" {
					msg = msg.Plus(finding.Textf(" Có phải ý bạn là %q?", " Did you mean %q?", s))
				}
				fs.Add(finding.Finding{Severity: finding.Error, Code: "unknown-field", Detail: msg, Plan: nodePos(file, kv.Key), Path: path + "." + key})
				continue
			}
			checkFields(file, kv.Value, ft, path+"."+key, fs)
		}
	case t.Kind() == reflect.Slice:
		s, ok := n.(*ast.SequenceNode)
		if !ok {
			return
		}
		for i, v := range s.Values {
			checkFields(file, v, t.Elem(), fmt.Sprintf("%s[%d]", path, i), fs)
		}
	}
}

// Closest returns the candidate nearest to s by edit distance, if it is near enough to be a
// typo, or "".
func Closest(s string, candidates []string) string {
	best, bestD := "", 0
	for _, c := range candidates {
		d := editDistance(strings.ToLower(s), strings.ToLower(c))
		if best == "" || d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > 2 || bestD*2 > len([]rune(best)) {
		return ""
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

package schema

import (
	"chitieu/finding"
	"context"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// The plan's scalar types decode themselves from YAML nodes and never fail the decoder: a bad
// value becomes a finding at the node's position and decoding goes on, so that one run of
// "plan check" reports every bad value rather than the first.

type collectorKey struct{}

type collector struct {
	file     string
	findings finding.Findings
}

func withCollector(ctx context.Context, c *collector) context.Context {
	return context.WithValue(ctx, collectorKey{}, c)
}

func nodePos(file string, n ast.Node) finding.Pos {
	// A mapping's own token is its first ':'; a person looks for its first key.
	switch m := n.(type) {
	case *ast.MappingNode:
		if len(m.Values) > 0 {
			n = m.Values[0].Key
		}
	case *ast.MappingValueNode:
		n = m.Key
	}
	tk := n.GetToken()
	if tk == nil || tk.Position == nil {
		return finding.Pos{File: file}
	}
	return finding.Pos{File: file, Line: tk.Position.Line, Col: tk.Position.Column}
}

func report(ctx context.Context, n ast.Node, code string, msg finding.Text) {
	c, _ := ctx.Value(collectorKey{}).(*collector)
	if c == nil {
		return
	}
	c.findings.Add(finding.Finding{Severity: finding.Error, Code: code, Detail: msg, Plan: nodePos(c.file, n), Path: n.GetPath()})
}

// scalar returns the text of a scalar node as written, and whether the node is null.
func scalar(n ast.Node) (text string, null bool, ok bool) {
	switch v := n.(type) {
	case *ast.NullNode:
		return "", true, true
	case *ast.StringNode:
		return v.Value, false, true
	case *ast.IntegerNode, *ast.FloatNode:
		return n.GetToken().Value, false, true
	case *ast.TagNode:
		return scalar(v.Value)
	case *ast.AnchorNode:
		return scalar(v.Value)
	case *ast.LiteralNode:
		return v.Value.Value, false, true
	case *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, false, true
	}
	return "", false, false
}

// UnmarshalYAML reads a number written with a dot for decimals (16.4). A Vietnamese "16,4" is
// reported with the fix, not misread.
func (n *Number) UnmarshalYAML(ctx context.Context, node ast.Node) error {
	s, null, ok := scalar(node)
	if null {
		*n = Number{}
		return nil
	}
	if ok {
		if v, err := NewNumber(strings.ReplaceAll(s, "_", "")); err == nil {
			*n = v
			return nil
		}
	}
	msg := finding.Textf("%q không phải là một số. Trong tệp kế hoạch, viết số với dấu chấm thập phân và không có dấu phân cách hàng nghìn, ví dụ 16.4 hoặc 195000.",
		"%q is not a number. In a plan file write numbers with a dot for decimals and no thousands separators, e.g. 16.4 or 195000.", s)
	if strings.Contains(s, ",") {
		fixed := strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
		msg = finding.Textf("%q viết theo kiểu Việt Nam; trong tệp kế hoạch hãy viết %s (dấu chấm thập phân).",
			"%q is written the Vietnamese way; in a plan file write %s (a dot for decimals).", s, fixed)
	}
	report(ctx, node, "invalid-value", msg)
	return nil
}

// UnmarshalYAML reads a period such as 2024-03.
func (p *Period) UnmarshalYAML(ctx context.Context, node ast.Node) error {
	s, null, _ := scalar(node)
	if null {
		return nil
	}
	v, err := ParsePeriod(s)
	if err != nil {
		report(ctx, node, "invalid-value", finding.Textf("%q không phải là kỳ báo cáo: viết 2024, 2024-03, 2024-Q1, 2024-6M hoặc 2024-9M.",
			"%q is not a period: write 2024, 2024-03, 2024-Q1, 2024-6M or 2024-9M.", s))
		return nil
	}
	*p = v
	return nil
}

// UnmarshalYAML reads a year or a span of years such as 2021-2025.
func (sp *Span) UnmarshalYAML(ctx context.Context, node ast.Node) error {
	s, null, _ := scalar(node)
	if null {
		return nil
	}
	v, err := ParseSpan(s)
	if err != nil {
		report(ctx, node, "invalid-value", finding.Textf("%q không phải là năm hay giai đoạn: viết 2030 hoặc 2021-2025.",
			"%q is not a year or a span of years: write 2030 or 2021-2025.", s))
		return nil
	}
	*sp = v
	return nil
}

// UnmarshalYAML reads a date written YYYY-MM-DD.
func (d *Date) UnmarshalYAML(ctx context.Context, node ast.Node) error {
	s, null, _ := scalar(node)
	if null {
		return nil
	}
	v, err := ParseDate(s)
	if err != nil {
		report(ctx, node, "invalid-value", finding.Textf("%q không phải là ngày: viết YYYY-MM-DD, ví dụ 2025-07-01.",
			"%q is not a date: write YYYY-MM-DD, e.g. 2025-07-01.", s))
		return nil
	}
	*d = v
	return nil
}

package schema

import (
	"chitieu/finding"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func readBase(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// posOf returns the 1-based line and column (in characters) of the first occurrence of s.
func posOf(t *testing.T, text, s string) (line, col int) {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q is not in the plan", s)
	}
	before := text[:i]
	line = strings.Count(before, "\n") + 1
	col = utf8.RuneCountInString(before[strings.LastIndex(before, "\n")+1:]) + 1
	return line, col
}

func TestBasePlanIsClean(t *testing.T) {
	p, fs := Load("base.yaml", []byte(readBase(t)))
	if p == nil || len(fs) != 0 {
		t.Fatalf("base plan: %v", fs)
	}
	if got := p.Targets[0].Value.String(); got != "15" {
		t.Errorf("T1 value = %s", got)
	}
}

// TestLintRules mutates a clean plan and checks that each rule reports its code at the position
// of the mutated text (at), with the given severity and a message containing want.
func TestLintRules(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		code     string
		sev      finding.Severity
		at       string // text of the mutated plan where the finding must point
		lineOnly bool   // the position is the enclosing mapping: check the line only
		want     string // a part of the Vietnamese message
	}{
		{name: "syntax", old: "name: Tỉnh Thử", new: "name: [Tỉnh Thử", code: "yaml-syntax", sev: finding.Error, at: "version:", lineOnly: true},
		{name: "tab indent", old: "  - id: a1\n", new: "\t- id: a1\n", code: "yaml-syntax", sev: finding.Error, at: "\t- id", lineOnly: true},
		{name: "unknown field", old: "    kind: department", new: "    knd: department", code: "unknown-field", sev: finding.Error, at: "knd", want: `"kind"`},
		{name: "vietnamese decimal", old: "value: 18.1", new: "value: 18,1", code: "invalid-value", sev: finding.Error, at: "18,1", want: "18.1"},
		{name: "bad period", old: "period: 2021\n", new: "period: 2021-13\n", code: "invalid-value", sev: finding.Error, at: "2021-13"},
		{name: "bad date", old: "valid_to: 2025-06-30", new: "valid_to: 30/06/2025", code: "invalid-value", sev: finding.Error, at: "30/06/2025"},
		{name: "missing name", old: "    name: Kim ngạch xuất khẩu\n", new: "", code: "missing-field", sev: finding.Error, at: "code: XK\n", lineOnly: true, want: `"name"`},
		{name: "bad kind", old: "kind: territory", new: "kind: huyen", code: "invalid-value", sev: finding.Error, at: "huyen", want: "department, territory, reference"},
		{name: "bad code", old: "- id: T1", new: "- id: T 1", code: "invalid-value", sev: finding.Error, at: "T 1"},
		{name: "duplicate code", old: "code: XK_FDI", new: "code: XK", code: "duplicate-code", sev: finding.Error, at: "XK\n    name: Xuất khẩu khu vực FDI", want: "dòng 29"},
		{name: "unknown indicator", old: "indicator: XK\n    measure", new: "indicator: XKK\n    measure", code: "unknown-indicator", sev: finding.Error, at: "XKK", want: `"XK"?`},
		{name: "row without indicator", old: "{indicator: BL}", new: "{label: Bán lẻ}", code: "row-without-indicator", sev: finding.Error, at: "label: Bán lẻ", want: "Dòng 5"},
		{name: "target without source", old: "    unit: tỷ USD\n    source:\n      source: s1\n      quote: Xuất khẩu đạt 15 tỷ USD.\n", new: "    unit: tỷ USD\n", code: "target-without-source", sev: finding.Error, at: "id: T1", lineOnly: true},
		{name: "target without quote", old: "      quote: Xuất khẩu đạt 15 tỷ USD.\n", new: "", code: "target-without-source", sev: finding.Error, at: "source: s1\n  - id: T2"},
		{name: "actual without source", old: "    value: 18.1\n    source:\n      source: s1\n      quote: IIP năm 2021 tăng 18,1%.\n", new: "    value: 18.1\n", code: "actual-without-source", sev: finding.Error, at: "indicator: IIP\n    period: 2021", lineOnly: true},
		{name: "unknown source", old: "      source: s1\n      quote: IIP năm", new: "      source: s9\n      quote: IIP năm", code: "unknown-source", sev: finding.Error, at: "s9"},
		{name: "unknown unit", old: "units: [SCT, U1]", new: "units: [SCT, U9]", code: "unknown-unit", sev: finding.Error, at: "U9"},
		{name: "reference unit fills a form", old: "units: [SCT, U1]", new: "units: [SCT, VN]", code: "invalid-value", sev: finding.Error, at: "VN]"},
		{name: "unknown column in formula", old: "formula: LK / CK * 100", new: "formula: LK / CX * 100", code: "unknown-column", sev: finding.Error, at: "LK / CX", want: `"CX"`},
		{name: "bad formula", old: "formula: LK / CK * 100", new: "formula: LK / (CK * 100", code: "invalid-formula", sev: finding.Error, at: "LK / (CK"},
		{name: "derived without formula", old: ", formula: LK / CK * 100}", new: "}", code: "missing-field", sev: finding.Error, at: "{code: SS", lineOnly: true},
		{name: "unknown row column", old: "columns: [TH, LK]}", new: "columns: [TH, LX]}", code: "unknown-column", sev: finding.Error, at: "LX"},
		{name: "growth summed", old: "kind: growth\n    min: -100\n    combine: single", new: "kind: growth\n    min: -100\n    combine: sum", code: "invalid-combine", sev: finding.Error, at: "sum\nforms"},
		{name: "ratio without component row", old: "      - {indicator: TMDT, part_of: BL}\n", new: "", code: "invalid-combine", sev: finding.Error, at: "TT, columns", want: "TMDT"},
		{name: "ratio without scale", old: "    scale: 100\n", new: "", code: "missing-field", sev: finding.Error, at: "code: TT\n", lineOnly: true, want: "scale"},
		{name: "part of a row below", old: "{indicator: XK_FDI, part_of: XK}", new: "{indicator: XK_FDI, part_of: BL}", code: "unknown-indicator", sev: finding.Error, at: "BL}", want: "Trong đó"},
		{name: "range without bounds", old: `comparator: "~"`, new: `comparator: range`, code: "invalid-value", sev: finding.Error, at: "id: T2", lineOnly: true, want: "low và high"},
		{name: "about without tolerance", old: "    tolerance: 0.5\n", new: "", code: "missing-field", sev: finding.Error, at: "id: T2", lineOnly: true, want: "dung sai"},
		{name: "unit mismatch", old: "unit: tỷ USD", new: "unit: tỷ đồng", code: "unit-mismatch", sev: finding.Error, at: "tỷ đồng\n    source"},
		{name: "measure does not fit", old: "measure: growth", new: "measure: share", code: "invalid-measure", sev: finding.Error, at: "share\n    period: 2021-2025", want: "IIP"},
		{name: "unknown assumption", old: "assumptions: [a1]", new: "assumptions: [a9]", code: "unknown-assumption", sev: finding.Error, at: "a9"},
		{name: "valid_to before valid_from", old: "valid_to: 2025-06-30", new: "valid_to: 2019-06-30", code: "invalid-value", sev: finding.Error, at: "2019-06-30"},
		{name: "actual out of range", old: "value: 18.1", new: "value: -150", code: "invalid-value", sev: finding.Error, at: "-150", want: "-100"},
		{name: "list expected", old: "units: [SCT, U1]", new: "units: SCT", code: "invalid-value", sev: finding.Error, at: "SCT\n    columns", lineOnly: true},
		{name: "source without file or url", old: "    document: Đề án số 2\n    file: doc2.txt\n", new: "    document: Đề án số 2\n", code: "missing-field", sev: finding.Error, at: "id: s2", lineOnly: true, want: "url"},
		{name: "quote of a source without file", old: "    file: doc.txt\n", new: "    url: https://example.org/qd-1\n", code: "target-without-source", sev: finding.Error, at: "s1\n      quote: Xuất khẩu", want: "không có tệp"},
		{name: "unit source unknown", old: "    name: Huyện Một\n", new: "    name: Huyện Một\n    source: s7\n", code: "unknown-source", sev: finding.Error, at: "s7"},
		{name: "parent of three lines", old: "    name: Sở Công Thương\n", new: "    name: Sở Công Thương\n    parent: \"A\\nB\\nC\"\n", code: "invalid-value", sev: finding.Error, at: "\"A\\nB", want: "3 dòng"},
		{name: "form successor unknown", old: "    title: BIỂU THỬ\n", new: "    title: BIỂU THỬ\n    valid_to: 2025-06-30\n    succeeded_by: 01/X\n", code: "unknown-form", sev: finding.Error, at: "01/X", want: `"01/X"`},
		{name: "form successor without end", old: "    title: BIỂU THỬ\n", new: "    title: BIỂU THỬ\n    succeeded_by: 01/T\n", code: "missing-field", sev: finding.Error, at: "- id: 01/T", lineOnly: true, want: "valid_to"},
		{name: "form successor not the next day", old: "    title: BIỂU THỬ\n", new: "    title: BIỂU THỬ\n    valid_from: 2020-01-01\n    valid_to: 2025-06-30\n    succeeded_by: 01/T\n", code: "invalid-value", sev: finding.Error, at: "01/T\n    frequency", want: "ngày liền sau"},
		{name: "form ends before it starts", old: "    title: BIỂU THỬ\n", new: "    title: BIỂU THỬ\n    valid_from: 2025-07-01\n    valid_to: 2025-06-30\n", code: "invalid-value", sev: finding.Error, at: "2025-06-30\n    frequency", want: "trước ngày bắt đầu"},
		{name: "two documents", old: "id: test\n", new: "id: test\n---\nid: other\n", code: "yaml-syntax", sev: finding.Error, at: "id: test", lineOnly: true},
		{name: "conflicting targets", old: "actuals:\n", new: "  - id: T3\n    indicator: IIP\n    measure: growth\n    period: 2021-2025\n    comparator: \">=\"\n    value: 15.2\n    source:\n      source: s2\n      quote: IIP tăng 15,2%/năm.\nactuals:\n",
			code: "conflicting-targets", sev: finding.Warning, at: "id: T3", want: "Đề án số 2"},
		{name: "authority unknown", old: "    combine: sum\n  - code: XK_FDI", new: "    combine: sum\n    authority: 09/X\n  - code: XK_FDI", code: "unknown-form", sev: finding.Error, at: "09/X", want: `"09/X"`},
		{name: "secondary to an unknown target", old: "actuals:\n", new: "  - id: T3\n    indicator: IIP\n    measure: growth\n    period: 2021-2025\n    comparator: \">=\"\n    value: 15.2\n    secondary_to: T9\n    source:\n      source: s2\n      quote: IIP tăng 15,2%/năm.\nactuals:\n",
			code: "unknown-target", sev: finding.Error, at: "T9", want: `"T9"`},
		{name: "secondary to another span", old: "actuals:\n", new: "  - id: T3\n    indicator: IIP\n    measure: growth\n    period: 2021-2030\n    comparator: \">=\"\n    value: 15.2\n    secondary_to: T2\n    source:\n      source: s2\n      quote: IIP tăng 15,2%/năm.\nactuals:\n",
			code: "invalid-value", sev: finding.Error, at: "T2\n    source", want: "giai đoạn"},
	}
	base := readBase(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(base, tt.old) {
				t.Fatalf("base plan has no %q", tt.old)
			}
			text := strings.Replace(base, tt.old, tt.new, 1)
			line, col := posOf(t, text, tt.at)
			_, fs := Load("p.yaml", []byte(text))
			for _, f := range fs {
				if f.Code != tt.code {
					continue
				}
				if f.Severity != tt.sev {
					t.Errorf("severity %v, want %v", f.Severity, tt.sev)
				}
				if f.Plan.File != "p.yaml" || f.Plan.Line != line || (!tt.lineOnly && f.Plan.Col != col) {
					t.Errorf("at %s, want p.yaml:%d:%d (%q); finding: %s", f.Plan, line, col, tt.at, f.Detail.In(finding.VI))
				}
				if !strings.Contains(f.Detail.In(finding.VI), tt.want) {
					t.Errorf("message %q does not contain %q", f.Detail.In(finding.VI), tt.want)
				}
				if f.Detail.In(finding.EN) == "" || f.Detail.In(finding.EN) == f.Detail.In(finding.VI) && tt.code != "yaml-syntax" {
					t.Errorf("no English message: %q", f.Detail.In(finding.EN))
				}
				return
			}
			t.Errorf("no %s finding; got %v", tt.code, fs)
		})
	}
}

// TestLintReportsEveryProblem checks that one run reports all problems, not the first.
func TestLintReportsEveryProblem(t *testing.T) {
	text := readBase(t)
	for _, r := range [][2]string{{"value: 18.1", "value: 18,1"}, {"    kind: department", "    knd: department"}, {"period: 2030", "period: 20300"}} {
		text = strings.Replace(text, r[0], r[1], 1)
	}
	_, fs := Load("p.yaml", []byte(text))
	codes := map[string]int{}
	for _, f := range fs {
		codes[f.Code]++
	}
	if codes["invalid-value"] != 2 || codes["unknown-field"] != 1 {
		t.Errorf("findings %v, want 2 invalid-value and 1 unknown-field", fs)
	}
}

// FuzzLoad loads arbitrary text as a plan: never a panic, every finding inside the file.
func FuzzLoad(f *testing.F) {
	for _, name := range []string{"testdata/base.yaml", "../seeds/thanh-hoa.yaml", "../seeds/quang-nam.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id: [x\n"))
	f.Add([]byte("a: &x [*x]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, fs := Load("f.yaml", data)
		lines := strings.Count(string(data), "\n") + 2
		for _, x := range fs {
			if x.Plan.Line > lines || x.Plan.Line < 0 || x.Code == "" || x.Severity == finding.SeverityInvalid {
				t.Fatalf("finding %+v outside a %d-line file", x, lines)
			}
		}
	})
}

// TestSecondaryTargetSettlesTheConflict: two documents' targets for one indicator and span
// disagree; once the plan names the secondary (secondary_to), plan check has nothing to warn of.
func TestSecondaryTargetSettlesTheConflict(t *testing.T) {
	t3 := "  - id: T3\n    indicator: IIP\n    measure: growth\n    period: 2021-2025\n    comparator: \">=\"\n    value: 15.2\n%s    source:\n      source: s2\n      quote: IIP tăng 15,2%%/năm.\nactuals:\n"
	for _, tt := range []struct {
		extra string
		warn  bool
	}{{"", true}, {"    secondary_to: T2\n", false}} {
		text := strings.Replace(readBase(t), "actuals:\n", fmt.Sprintf(t3, tt.extra), 1)
		p, fs := Load("plan.yaml", []byte(text))
		if p == nil || fs.HasErrors() {
			t.Fatalf("%q: %v", tt.extra, fs)
		}
		warned := slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.Code == "conflicting-targets" })
		if warned != tt.warn {
			t.Errorf("secondary_to %q: warned %v, want %v", tt.extra, warned, tt.warn)
		}
	}
}

// TestCumulativeFigureNeedsItsStart: a figure counted since a date says since when.
func TestCumulativeFigureNeedsItsStart(t *testing.T) {
	base := readBase(t)
	old := "    period: 2021\n    value: 18.1\n"
	if !strings.Contains(base, old) {
		t.Fatal("base plan changed")
	}
	for _, tt := range []struct {
		extra, code string
	}{{"    basis: cumulative\n", "missing-field"}, {"    basis: cumulative\n    since: 2022\n", "invalid-value"}, {"    since: 2020\n", "invalid-value"}, {"    basis: cumulative\n    since: 2020\n", ""}} {
		_, fs := Load("p.yaml", []byte(strings.Replace(base, old, "    period: 2021\n"+tt.extra+"    value: 18.1\n", 1)))
		var got []string
		for _, f := range fs {
			if strings.HasSuffix(f.Path, ".since") {
				got = append(got, f.Code)
			}
		}
		if (tt.code == "" && len(got) > 0) || (tt.code != "" && !slices.Contains(got, tt.code)) {
			t.Errorf("%q: %v, want %q", tt.extra, got, tt.code)
		}
	}
}

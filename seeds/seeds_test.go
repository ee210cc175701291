package seeds

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"chitieu/finding"
	"chitieu/schema"
)

func load(t *testing.T, name string) *schema.Plan {
	t.Helper()
	p, fs, err := Load(name)
	if err != nil {
		t.Fatal(err)
	}
	if p == nil || fs.HasErrors() {
		t.Fatalf("%s: %v", name, fs)
	}
	return p
}

func TestSeedsLintClean(t *testing.T) {
	if Names()[0] != Default {
		t.Errorf("Names() = %v: the default plan must come first", Names())
	}
	for _, name := range Names() {
		_, findings, _ := Load(name)
		var warnings []finding.Finding
		for _, f := range findings {
			if f.Severity != finding.Warning {
				t.Errorf("%s: %s: %s", name, f.Plan, f.Detail.In(finding.VI))
			}
			warnings = append(warnings, f)
		}
		// No warning: the two 2026–2030 industry targets disagree, and the plan says which is
		// primary (secondary_to), so plan check has nothing left to warn of.
		if len(warnings) != 0 {
			t.Errorf("%s warnings = %v", name, warnings)
		}
	}
}

func TestEveryFigureHasItsSource(t *testing.T) {
	for _, name := range Names() {
		p := load(t, name)
		for _, tg := range p.Targets {
			if s := p.Source(tg.Source.Source); s == nil || s.Document == "" || s.File == "" || tg.Source.Quote == "" {
				t.Errorf("%s: target %s has no full source", name, tg.ID)
			}
		}
		for _, a := range p.Actuals {
			if s := p.Source(a.Source.Source); s == nil || s.Document == "" || s.File == "" || a.Source.Quote == "" {
				t.Errorf("%s: actual %s %s has no full source", name, a.Indicator, a.Period)
			}
		}
		if findings := p.CheckQuotes(Docs()); len(findings) != 0 {
			t.Errorf("%s: %v", name, findings)
		}
	}
}

func TestCheckQuotesCatchesAMisquote(t *testing.T) {
	p := load(t, Default)
	p.Targets[0].Source.Quote = strings.Replace(p.Targets[0].Source.Quote, "16,4", "16,5", 1)
	findings := p.CheckQuotes(Docs())
	if len(findings) != 1 || findings[0].Code != "quote-not-found" || findings[0].Plan.Line == 0 {
		t.Errorf("findings = %v, want one quote-not-found with a position", findings)
	}
}

// TestDocsAreTheSeeds checks the embedded documents against ../shared/seeds when it is there.
func TestDocsAreTheSeeds(t *testing.T) {
	shared := filepath.Join("..", "..", "shared", "seeds")
	entries, err := os.ReadDir(shared)
	if err != nil {
		t.Skipf("no %s: %v", shared, err)
	}
	for _, e := range entries {
		want, err := os.ReadFile(filepath.Join(shared, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		got, err := fs.ReadFile(Docs(), e.Name())
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("seeds/docs/%s differs from %s (%v)", e.Name(), shared, err)
		}
	}
}

// TestEveryFigureIsAccounted finds every figure in every source document — a number with a unit
// of measure, a percentage, a count of things, a rank, a multiple — and checks that it stands
// inside a quote the plans carry: a target's, an actual's, or an excluded figure's with the reason
// it is left out. Years, dates, document numbers and article numbering are not figures.
func TestEveryFigureIsAccounted(t *testing.T) {
	quotes := map[string][]string{} // file → quotes
	for _, name := range Names() {
		p := load(t, name)
		add := func(source, quote string) {
			if s := p.Source(source); s != nil {
				quotes[s.File] = append(quotes[s.File], quote)
			}
		}
		for _, x := range p.Targets {
			add(x.Source.Source, x.Source.Quote)
		}
		for _, x := range p.Actuals {
			add(x.Source.Source, x.Source.Quote)
		}
		for _, x := range p.Excluded {
			add(x.Source, x.Quote)
		}
	}
	number := regexp.MustCompile(`(?:thứ |gấp )?\d+(?:[.,]\d+)*(?:/\d+)?(?: ?(?:-|–) ?\d+(?:[.,]\d+)*)? ?(?:%|tỷ|triệu|nghìn|ngàn|dự án|sản phẩm|thôn|tấn|kWh|lần|ha\b|điểm|địa phương|mỏ|doanh nghiệp|nhóm|khuyến nghị|tháng|năm)|(?:thứ |gấp )\d+(?:,\d+)?`)
	entries, _ := fs.ReadDir(Docs(), ".")
	for _, e := range entries {
		b, _ := fs.ReadFile(Docs(), e.Name())
		text := string(b)
		covered := make([]bool, len(text))
		for _, q := range quotes[e.Name()] {
			for i := 0; ; {
				j := strings.Index(text[i:], q)
				if j < 0 {
					break
				}
				for k := i + j; k < i+j+len(q); k++ {
					covered[k] = true
				}
				i += j + 1
			}
		}
		for _, m := range number.FindAllStringIndex(text, -1) {
			if !covered[m[0]] {
				line := text[strings.LastIndex(text[:m[0]], "\n")+1:]
				if k := strings.IndexByte(line, '\n'); k >= 0 {
					line = line[:k]
				}
				t.Errorf("%s: %q is in no quote of the plans: %s", e.Name(), text[m[0]:m[1]], line)
			}
		}
	}
}

// TestCommunesOf2025 checks the commune-level units of Thanh Hóa from 1 July 2025 against
// Nghị quyết 1686/NQ-UBTVQH15 (166 units: 147 xã, 19 phường): each has a five-digit code, starts
// on 2025-07-01, cites a source from outside the documents that has a URL, and fills 03/CT-X.
func TestCommunesOf2025(t *testing.T) {
	p := load(t, Default)
	form := p.Form("03/CT-X")
	if form == nil {
		t.Fatal("no form 03/CT-X")
	}
	xa, phuong := 0, 0
	for i := range p.Units {
		u := &p.Units[i]
		if schema.LevelOf(u) != schema.LevelCommune {
			continue
		}
		switch {
		case strings.HasPrefix(u.Name, "Xã "):
			xa++
		case strings.HasPrefix(u.Name, "Phường "):
			phuong++
		}
		src := p.Source(u.Source)
		if len(u.Code) != 5 || strings.Trim(u.Code, "0123456789") != "" || u.ValidFrom.String() != "2025-07-01" || !u.ValidTo.IsZero() ||
			src == nil || !strings.HasPrefix(src.URL, "https://") || src.File != "" || !slices.Contains(form.Units, u.Code) {
			t.Errorf("commune %s %s: code, dates, source (%v) or form 03/CT-X not as they should be", u.Code, u.Name, src)
		}
	}
	if xa != 147 || phuong != 19 || len(form.Units) != 166 {
		t.Errorf("%d xã, %d phường, 03/CT-X filled by %d units; want 147, 19, 166", xa, phuong, len(form.Units))
	}
}

// TestKhoangOnce: "khoảng" is applied once and the same way in every plan: "khoảng 16,4%" is
// about one value, with the tolerance the plan states; "khoảng 15–16%" is the range itself,
// with no tolerance added on top.
func TestKhoangOnce(t *testing.T) {
	for _, name := range Names() {
		p := load(t, name)
		for _, tg := range p.Targets {
			if !strings.Contains(tg.Source.Quote, "khoảng") {
				continue
			}
			switch tg.Comparator {
			case schema.Between:
				if tg.Tolerance.IsSet() {
					t.Errorf("%s: %s is \"khoảng %s–%s\" with a tolerance of %s on top: khoảng counted twice", name, tg.ID, tg.Low, tg.High, tg.Tolerance)
				}
			case schema.About:
				if !tg.Tolerance.IsSet() {
					t.Errorf("%s: %s is \"khoảng\" without a tolerance", name, tg.ID)
				}
			}
		}
	}
}

// TestTeasersAreNotTheInterview: the national IIP figures and the 6-month 7,49% printed beside the
// articles are teasers of related articles (headline and lead), not what the interviewee or the
// article says: they are cited from sources that say so, or excluded with that reason.
func TestTeasersAreNotTheInterview(t *testing.T) {
	p := load(t, Default)
	teaser := func(id string) bool {
		s := p.Source(id)
		return s != nil && strings.Contains(s.Document+" "+s.Note, "tin liên quan")
	}
	for _, q := range []string{
		"Tính chung 4 tháng đầu năm 2024, chỉ số sản xuất toàn ngành công nghiệp tăng 6%",
		"Quý I/2025, chỉ số sản xuất công nghiệp ước tính tăng 7,8%",
		"với mục tiêu IIP tăng khoảng 7-8% năm 2024",
		"Chỉ số sản xuất công nghiệp trong 6 tháng đầu năm ước tăng 7,49%",
	} {
		found := false
		for _, a := range p.Actuals {
			if strings.Contains(a.Source.Quote, q) {
				found = true
				if !teaser(a.Source.Source) {
					t.Errorf("actual %s %s («%s») is cited from %s, not from the related article it is", a.Indicator, a.Period, q, a.Source.Source)
				}
			}
		}
		for _, tg := range p.Targets {
			if strings.Contains(tg.Source.Quote, q) {
				found = true
				if !teaser(tg.Source.Source) {
					t.Errorf("target %s («%s») is cited from %s, not from the related article it is", tg.ID, q, tg.Source.Source)
				}
			}
		}
		for _, x := range p.Excluded {
			if strings.Contains(x.Quote, q) && !found {
				found = strings.Contains(x.Reason, "tin liên quan")
			}
		}
		if !found {
			t.Errorf("«%s» is neither attributed to its related article nor excluded as one", q)
		}
	}
}

// TestDraftIsSecondary: the 12,2% of the draft Đề án (sent back by the Standing Committee for
// completion) is said to be secondary to Decision 5062 in the conflict's notes.
func TestDraftIsSecondary(t *testing.T) {
	p := load(t, Default)
	for _, tg := range p.Targets {
		if tg.ID != "TH-CN-2630-DA" {
			continue
		}
		for _, w := range []string{"dự thảo", "thứ yếu", "5062"} {
			if !strings.Contains(tg.Note, w) {
				t.Errorf("TH-CN-2630-DA's note lacks %q: %s", w, tg.Note)
			}
		}
	}
	if s := p.Source("de-an-cbct"); !strings.Contains(s.Note, "dự thảo") || !strings.Contains(s.Note, "thứ yếu") {
		t.Errorf("de-an-cbct's note: %s", s.Note)
	}
	conflict := false
	for _, n := range p.Notes {
		conflict = conflict || (strings.Contains(n, "12,2") && strings.Contains(n, "thứ yếu"))
	}
	if !conflict {
		t.Error("the plan's note on the conflict does not say which document is secondary")
	}
}

// TestQualifiedAsTheDocumentSays: a figure is an estimate (or preliminary) only where its quote
// says so ("ước", "dự kiến", "sơ bộ", "dự báo"); the two months of 2024 and the country's four
// months are stated plainly.
func TestQualifiedAsTheDocumentSays(t *testing.T) {
	for _, name := range Names() {
		p, _, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range p.Actuals {
			if a.Status != schema.StatusEstimate && a.Status != schema.StatusPreliminary {
				continue
			}
			q := strings.ToLower(a.Source.Quote)
			if !strings.Contains(q, "ước") && !strings.Contains(q, "dự kiến") && !strings.Contains(q, "sơ bộ") && !strings.Contains(q, "dự báo") {
				t.Errorf("%s: %s %s (%s) is marked %s, but its quote does not say so: %s", name, a.Indicator, a.Period, a.Scope, a.Status, a.Source.Quote)
			}
		}
	}
}

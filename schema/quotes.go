package schema

import (
	"chitieu/finding"
	"fmt"
	"io/fs"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// CheckQuotes verifies that every quote of the plan stands verbatim in its source file, read from
// docs (a folder holding the seed files by name). Spacing and Unicode composition are folded, so
// a quote copied from a PDF with other line breaks still matches; nothing else is.
func (p *Plan) CheckQuotes(docs fs.FS) finding.Findings {
	var fs finding.Findings
	texts := map[string]string{}
	text := func(file string) (string, bool) {
		if t, ok := texts[file]; ok {
			return t, t != ""
		}
		b, err := readSmall(docs, file)
		if err != nil {
			texts[file] = ""
			return "", false
		}
		texts[file] = foldQuote(string(b))
		return texts[file], true
	}
	check := func(path string, c Cite) {
		src := p.Source(c.Source)
		if src == nil || c.Quote == "" {
			return
		}
		t, ok := text(src.File)
		switch {
		case !ok:
			fs.Add(finding.Finding{Severity: finding.Error, Code: "quote-not-found", Plan: p.pos(path + ".source"), Path: path + ".source",
				Detail: finding.Textf("Không đọc được tệp nguồn %q để đối chiếu trích dẫn.", "Source file %q cannot be read to check the quote.", src.File)})
		case !strings.Contains(t, foldQuote(c.Quote)):
			fs.Add(finding.Finding{Severity: finding.Error, Code: "quote-not-found", Plan: p.pos(path + ".quote"), Path: path + ".quote",
				Detail: finding.Textf("Câu trích dẫn không có nguyên văn trong %s (%s): %q.", "The quote does not stand verbatim in %s (%s): %q.", src.File, src.Document, c.Quote)})
		}
	}
	for i, t := range p.Targets {
		check(fmt.Sprintf("$.targets[%d].source", i), t.Source)
	}
	for i, a := range p.Actuals {
		check(fmt.Sprintf("$.actuals[%d].source", i), a.Source)
	}
	for i, e := range p.Excluded {
		check(fmt.Sprintf("$.excluded[%d]", i), Cite{Source: e.Source, Quote: e.Quote})
	}
	fs.Sort()
	return fs
}

func readSmall(fsys fs.FS, name string) ([]byte, error) {
	st, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if st.Size() > MaxPlanSize {
		return nil, fmt.Errorf("%s: too large", name)
	}
	return fs.ReadFile(fsys, name)
}

func foldQuote(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"chitieu/seeds"
)

// TestEnglishOutput runs validate and receive with --lang en on messy files — numbers typed as
// text, "15.000", a word, a negative, a percent typed as text, a year to date below the period's,
// last period's file, the same report twice — and finds no Vietnamese word and no decimal comma
// in what they print, outside the data quoted or named: the file names, the sheets' names, the
// units' own names, and text in quotes (what a unit typed).
func TestEnglishOutput(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	messy := fillForm(t, in, "messy.xlsx", "2024-02", map[string]string{
		"SL_XANG/TH": "'15.000", "SL_DIEN/LK": "'744,5", "SL_DIESEL/TH": "'abc", "SL_DUONG/TH": "-5",
		"IIP/TH": "'8,2%", "SL_XIMANG/LK": "1", "SL_XIMANG/TH": "2",
	})
	fillForm(t, in, "january.xlsx", "2024-01", map[string]string{"SL_XANG/TH": "1234.5", "SL_XANG/LK": "1234.5"})
	fillForm(t, in, "twice-a.xlsx", "2024-03", map[string]string{"SL_XANG/TH": "12"})
	fillForm(t, in, "twice-b.xlsx", "2024-03", map[string]string{"SL_XANG/TH": "13"})
	store := filepath.Join(dir, "store")

	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	var data []string // what the output may quote or name as it is
	for _, u := range p.Units {
		data = append(data, u.Name)
	}
	for _, f := range p.Forms {
		data = append(data, "Biểu "+strings.ReplaceAll(f.ID, "/", "-"))
	}
	data = append(data, dir, p.NameEN, p.Name) // the province: a proper name
	quoted := regexp.MustCompile(`"(?:[^"\\]|\\.)*"|“[^”]*”`)
	decimalComma := regexp.MustCompile(`\d,(\d{1,2}|\d{4,})\b`)

	for _, args := range [][]string{
		{"validate", "--lang", "en", in},
		{"validate", "--lang", "en", "--period", "2024-02", in},
		{"validate", "--lang", "en", "--format", "json", in},
		{"receive", "--lang", "en", "--store", store, in},
		{"receive", "--lang", "en", "--store", store, "--format", "json", messy},
		{"status", "--lang", "en", "--store", store, "--period", "2024-03"},
	} {
		t.Run(strings.Join(args[:1], " "), func(t *testing.T) {
			_, out, errs := chitieu(t, args...)
			for _, line := range strings.Split(out+errs, "\n") {
				rest := line
				for _, d := range data {
					rest = strings.ReplaceAll(rest, d, "")
				}
				rest = quoted.ReplaceAllString(rest, `""`)
				if word := vietnamese(rest); word != "" {
					t.Errorf("%v: Vietnamese %q in %q", args, word, line)
				}
				if m := decimalComma.FindString(rest); m != "" {
					t.Errorf("%v: decimal comma %q in %q", args, m, line)
				}
			}
		})
	}
}

// vietnamese returns the first word of s that holds a letter only Vietnamese uses here (a vowel
// with a tone mark or a breve, horn or circumflex, or đ), or "".
func vietnamese(s string) string {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		for _, r := range w {
			if r > unicode.MaxASCII && unicode.IsLetter(r) {
				return w
			}
		}
	}
	return ""
}

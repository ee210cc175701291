package main

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
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
			noVietnamese(t, args, out+errs, data)
			if slices.Contains(args, "json") { // each string on its own: a line of JSON is all in quotes
				var all any
				if err := json.Unmarshal([]byte(out), &all); err != nil {
					t.Fatalf("%v: %v\n%s", args, err, out)
				}
				noVietnamese(t, args, strings.Join(jsonStrings(all), "\n"), data)
			}
		})
	}
}

var (
	quoted       = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|“[^”]*”`)
	decimalComma = regexp.MustCompile(`\d,(\d{1,2}|\d{4,})\b`)
)

// noVietnamese fails the test for each line of out that holds a Vietnamese word or a decimal
// comma once the data it may quote or name as it is (data) and the text in quotes are taken out.
func noVietnamese(t *testing.T, args []string, out string, data []string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
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
}

// TestEnglishVerdicts runs the demo and consolidate --store on its store with --lang en, as text
// and as JSON, and finds no Vietnamese word and no decimal comma in what they print outside the
// plan's own words (the names of units, indicators, documents, forms) and the demo's folders: the
// verdicts, the notes that explain them ("Thiếu số liệu năm 2021, 2022: bình quân tính trên …"
// was built as a Vietnamese sentence where the verdict was computed) and the tally are written
// in English, with a decimal point.
func TestEnglishVerdicts(t *testing.T) {
	dir := t.TempDir()
	p, _, err := seeds.Load(seeds.Default)
	if err != nil {
		t.Fatal(err)
	}
	data := []string{dir, p.Name, p.NameEN, demoBlank, demoFilled, demoStore, demoExport, "Tổng hợp - " + p.ID}
	for _, u := range p.Units {
		data = append(data, u.Name)
	}
	for _, s := range p.Sources {
		data = append(data, s.Document)
	}
	for _, ind := range p.Indicators {
		if ind.NameEN == "" {
			data = append(data, ind.Name, strings.ToLower(ind.Name))
		}
	}
	for _, f := range p.Forms {
		data = append(data, "Biểu "+strings.ReplaceAll(f.ID, "/", "-"))
	}
	demoArgs := []string{"demo", "--lang", "en", "-o", dir, "--date", "2025-01-15"}
	code, out, errs := chitieu(t, demoArgs...)
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s\n%s", code, out, errs)
	}
	noVietnamese(t, demoArgs, out+errs, data)
	store := filepath.Join(dir, demoStore)
	for _, per := range []string{"2023", "2024"} {
		for _, format := range []string{"text", "json"} {
			args := []string{"consolidate", "--lang", "en", "--store", store, "--period", per, "--format", format,
				"-o", filepath.Join(dir, "en-"+per+"-"+format+".xlsx")}
			code, out, errs := chitieu(t, args...)
			if code != exitOK {
				t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errs)
			}
			noVietnamese(t, args, out+errs, data)
			if format != "json" {
				continue
			}
			// Each string of the document on its own: a line of JSON is all in quotes.
			var all any
			if err := json.Unmarshal([]byte(out), &all); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
			noVietnamese(t, args, strings.Join(jsonStrings(all), "\n"), data)
			var doc struct {
				Targets []struct {
					Target, Status string
					Notes          []struct{ Code, Message string }
				}
			}
			if err := json.Unmarshal([]byte(out), &doc); err != nil {
				t.Fatalf("%v: %v\n%s", args, err, out)
			}
			notes := 0
			for _, tg := range doc.Targets {
				for _, n := range tg.Notes {
					notes++
					if n.Code == "" || n.Message == "" {
						t.Errorf("%v: %s: a note without its code or message: %+v", args, tg.Target, n)
					}
				}
			}
			if len(doc.Targets) == 0 || notes == 0 {
				t.Errorf("%v: %d targets, %d notes:\n%s", args, len(doc.Targets), notes, out)
			}
		}
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

// jsonStrings returns every string of a decoded JSON document, keys left out and the value of a
// "value" key too: a cell's value as the unit typed it ("744,5") is data.
func jsonStrings(v any) []string {
	switch x := v.(type) {
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, jsonStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for k, e := range x {
			if k == "value" {
				continue
			}
			out = append(out, jsonStrings(e)...)
		}
		return out
	}
	return nil
}

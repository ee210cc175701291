package serve

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestAccessible is an axe-style check that runs offline on every page: the language is said,
// every control has a label, headings go down one level at a time from a single h1, links and
// buttons have text, ids are unique, nothing is styled or scripted inline — and the colours of
// the style sheet have a contrast of at least 4.5:1 (WCAG 2.1 AA for normal text).
func TestAccessible(t *testing.T) {
	e := newEnv(t, nil)
	good := fillForm(t, e.plan, e.dir, "03/CT-H", "380", "2023")
	_, fj := e.uploadJSON("380", fillForm(t, e.plan, t.TempDir(), "03/CT-H", "380", "2024-6M", messy))
	e.uploadJSON("380", good)
	c := e.browser()
	pages := map[string]string{}
	for name, u := range map[string]string{
		"home": "/", "login": "/office", "unit": "/u/" + e.tokens["380"], "unit-en": "/u/" + e.tokens["380"] + "?lang=en",
		"verdict": "/u/" + e.tokens["380"] + "/file/" + fj.SHA256, "not-found": "/u/nope",
	} {
		_, pages[name], _ = get(t, c, e.ts.URL+u)
	}
	e.login(c)
	for name, u := range map[string]string{"board": "/office?period=2023", "board-6m": "/office?period=2024-6M", "file": "/office/file/" + fj.SHA256, "audit": "/office/audit"} {
		_, pages[name], _ = get(t, c, e.ts.URL+u)
	}
	for name, page := range pages {
		for _, problem := range checkPage(page) {
			t.Errorf("%s: %s", name, problem)
		}
	}

	css, _ := assets.ReadFile("assets/style.css")
	pairs, err := colourPairs(string(css))
	if err != nil {
		t.Fatal(err)
	}
	if len(pairs) < 20 {
		t.Fatalf("only %d colour pairs found in the style sheet", len(pairs))
	}
	for _, p := range pairs {
		if r := contrast(p.fg, p.bg); r < 4.5 {
			t.Errorf("%s: %s on %s has contrast %.2f:1, below 4.5:1", p.where, p.fg, p.bg, r)
		}
	}
}

// checkPage lists what a page lacks, read with encoding/xml's HTML mode.
func checkPage(page string) []string {
	var problems []string
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	type open struct {
		name  string
		attrs map[string]string
		text  strings.Builder
	}
	var stack []*open
	labels := map[string]bool{}
	ids := map[string]int{}
	var controls []string // ids of inputs needing a label
	lastLevel, h1s := 0, 0
	sawLang, sawTitle, sawViewport := false, false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems = append(problems, "not readable: "+err.Error())
			break
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			o := &open{name: strings.ToLower(tok.Name.Local), attrs: map[string]string{}}
			for _, a := range tok.Attr {
				o.attrs[strings.ToLower(a.Name.Local)] = a.Value
				if n := strings.ToLower(a.Name.Local); n == "style" || strings.HasPrefix(n, "on") {
					problems = append(problems, fmt.Sprintf("<%s> has an inline %s attribute", o.name, n))
				}
			}
			if id := o.attrs["id"]; id != "" {
				ids[id]++
			}
			switch o.name {
			case "html":
				sawLang = o.attrs["lang"] == "vi" || o.attrs["lang"] == "en"
			case "meta":
				sawViewport = sawViewport || (o.attrs["name"] == "viewport" && strings.Contains(o.attrs["content"], "width=device-width"))
			case "label":
				if o.attrs["for"] != "" {
					labels[o.attrs["for"]] = true
				}
			case "input", "select", "textarea":
				switch o.attrs["type"] {
				case "hidden", "submit", "button":
				default:
					if o.attrs["aria-label"] == "" {
						if o.attrs["id"] == "" {
							problems = append(problems, fmt.Sprintf("<%s name=%q> has no id for a label", o.name, o.attrs["name"]))
						}
						controls = append(controls, o.attrs["id"])
					}
				}
			case "img":
				if _, ok := o.attrs["alt"]; !ok {
					problems = append(problems, "an image has no alt text")
				}
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level := int(o.name[1] - '0')
				if level == 1 {
					h1s++
				}
				if level > lastLevel+1 {
					problems = append(problems, fmt.Sprintf("heading h%d follows h%d", level, lastLevel))
				}
				lastLevel = level
			case "script":
				if o.attrs["src"] == "" {
					problems = append(problems, "an inline script")
				}
			case "style":
				problems = append(problems, "an inline style sheet")
			}
			stack = append(stack, o)
		case xml.CharData:
			for _, o := range stack {
				o.text.Write(tok)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			text := strings.TrimSpace(o.text.String())
			switch o.name {
			case "title":
				sawTitle = text != ""
			case "a", "button":
				if text == "" && o.attrs["aria-label"] == "" {
					problems = append(problems, fmt.Sprintf("<%s> without text", o.name))
				}
			case "h1", "h2", "h3", "th", "label", "caption":
				if text == "" {
					problems = append(problems, fmt.Sprintf("empty <%s>", o.name))
				}
			}
		}
	}
	for _, id := range controls {
		if id != "" && !labels[id] {
			problems = append(problems, fmt.Sprintf("control #%s has no <label for>", id))
		}
	}
	for id, n := range ids {
		if n > 1 {
			problems = append(problems, fmt.Sprintf("id %q used %d times", id, n))
		}
	}
	if !sawLang {
		problems = append(problems, "<html> has no lang vi or en")
	}
	if !sawTitle {
		problems = append(problems, "no title")
	}
	if !sawViewport {
		problems = append(problems, "no viewport meta")
	}
	if h1s != 1 {
		problems = append(problems, fmt.Sprintf("%d h1 headings", h1s))
	}
	return problems
}

type colourPair struct{ where, fg, bg string }

var (
	ruleRE = regexp.MustCompile(`([^{}]+)\{([^{}]*)\}`)
	varRE  = regexp.MustCompile(`--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})`)
)

// colourPairs reads the style sheet's text and background colours and pairs them as they meet
// on a page: a rule that sets both is a pair; a colour set alone sits on the page's surfaces
// (the paper and the table stripe); a background set alone carries the body's ink. Colours are
// the :root variables or #rrggbb.
func colourPairs(css string) ([]colourPair, error) {
	css = regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(css, "")
	vars := map[string]string{}
	for _, m := range varRE.FindAllStringSubmatch(css, -1) {
		vars[m[1]] = m[2]
	}
	resolve := func(v string) (string, bool) {
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "!important"))
		if name, ok := strings.CutPrefix(v, "var(--"); ok {
			c, found := vars[strings.TrimSuffix(name, ")")]
			return c, found
		}
		if regexp.MustCompile(`^#[0-9a-fA-F]{6}$`).MatchString(v) {
			return v, true
		}
		return "", false // inherit, none, transparent: nothing new to check
	}
	ink, paper, stripe := vars["ink"], vars["paper"], vars["stripe"]
	if ink == "" || paper == "" || stripe == "" {
		return nil, fmt.Errorf("the style sheet lacks --ink, --paper or --stripe")
	}
	var pairs []colourPair
	// @media blocks hold rules of their own; the outer braces are dropped so each rule is seen.
	flat := regexp.MustCompile(`@media[^{]*\{`).ReplaceAllString(css, "")
	flat = regexp.MustCompile(`@page\s*\{[^}]*\}`).ReplaceAllString(flat, "")
	for _, m := range ruleRE.FindAllStringSubmatch(flat, -1) {
		sel := strings.TrimSpace(strings.TrimLeft(m[1], "} \n"))
		if sel == ":root" {
			continue
		}
		var fg, bg string
		for _, decl := range strings.Split(m[2], ";") {
			prop, val, ok := strings.Cut(decl, ":")
			if !ok {
				continue
			}
			switch strings.TrimSpace(prop) {
			case "color":
				fg, _ = resolve(val)
			case "background", "background-color":
				bg, _ = resolve(val)
			}
		}
		switch {
		case fg != "" && bg != "":
			pairs = append(pairs, colourPair{sel, fg, bg})
		case fg != "":
			pairs = append(pairs, colourPair{sel, fg, paper}, colourPair{sel + " (striped row)", fg, stripe})
		case bg != "":
			pairs = append(pairs, colourPair{sel, ink, bg})
		}
	}
	return pairs, nil
}

// contrast is WCAG 2.1's contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	ch := func(i int) float64 {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		c := float64(v) / 255
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(0) + 0.7152*ch(1) + 0.0722*ch(2)
}

func TestContrastFormula(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want float64
	}{{"#000000", "#ffffff", 21}, {"#ffffff", "#ffffff", 1}, {"#777777", "#ffffff", 4.48}} {
		if got := contrast(tc.a, tc.b); math.Abs(got-tc.want) > 0.01 {
			t.Errorf("contrast(%s, %s) = %.2f, want %.2f", tc.a, tc.b, got, tc.want)
		}
	}
	// A page that breaks the rules is caught.
	bad := `<!doctype html><html><head><title></title></head><body><h1>a</h1><h3>b</h3><h1>c</h1>` +
		`<input id="x" name="x"><a href="/"></a><p style="color:red" onclick="f()">t</p><script>alert(1)</script></body></html>`
	got := strings.Join(checkPage(bad), "\n")
	for _, want := range []string{"h3 follows h1", "#x has no <label for>", "<a> without text", "inline style", "inline onclick", "an inline script", "no lang", "no title", "no viewport", "2 h1"} {
		if !strings.Contains(got, want) {
			t.Errorf("the checker missed %q in:\n%s", want, got)
		}
	}
}
